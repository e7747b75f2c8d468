/**
 * Service identity of RFC 9525 for a host name: a certificate's DNS-IDs and whether one matches.
 *
 * - Only subjectAltName dNSName entries (DNS-IDs) count; the subject CN is never consulted
 *   (RFC 9525 §6.2: "the client MUST NOT seek a match for a reference identifier of CN-ID").
 * - Names compare label by label, case-insensitively in ASCII, A-labels as they are (§6.3).
 * - A wildcard is valid only as the complete left-most label, appears once, and matches exactly
 *   one label (§6.3); partial wildcards ("f*.example.com", "xn--*.example.com") are ignored.
 */
import type { Certificate } from "./certificate";

/**
 * DNS-IDs from Node's subjectAltName text: `DNS:a.example, IP Address:192.0.2.1, ...`. Since
 * the CVE-2021-44532 fix, Node writes a value holding ", " or other unsafe characters as a
 * JSON string (`DNS:"a\u002cb"`), so a plain split on ", " would misread it.
 */
export function parseSanDnsNames(subjectAltName: string | undefined): string[] {
  const names: string[] = [];
  let i = 0;
  const text = subjectAltName ?? "";
  while (i < text.length) {
    const colon = text.indexOf(":", i);
    if (colon === -1) break;
    const type = text.slice(i, colon);
    let value: string;
    let next: number;
    if (text[colon + 1] === '"') {
      let end = colon + 2;
      while (end < text.length && text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      try {
        value = JSON.parse(text.slice(colon + 1, end + 1)) as string;
      } catch {
        value = "";
      }
      next = text.indexOf(", ", end);
    } else {
      next = text.indexOf(", ", colon);
      value = text.slice(colon + 1, next === -1 ? text.length : next);
    }
    if (type === "DNS" && value) names.push(value);
    if (next === -1) break;
    i = next + 2;
  }
  return names;
}

/** The certificate's DNS-IDs (subjectAltName dNSName entries), in certificate order. */
export function dnsIds(cert: Certificate): string[] {
  return parseSanDnsNames(cert.x509?.subjectAltName);
}

function toAsciiLower(name: string): string {
  // RFC 9525 §6.3 / RFC 4343: case-insensitive for ASCII letters only; other octets compare as-is.
  return name.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/** IPv6 has colons; a dotted all-digit name is an IPv4 literal (no top-level domain is numeric). */
function looksLikeIpLiteral(name: string): boolean {
  return name.includes(":") || /^[0-9.]+$/.test(name);
}

/** Splits a DNS name into labels, dropping one trailing root dot; null when malformed. */
function labelsOf(name: string): string[] | null {
  const trimmed = name.endsWith(".") ? name.slice(0, -1) : name;
  if (trimmed === "") return null;
  const labels = toAsciiLower(trimmed).split(".");
  return labels.every((label) => label.length > 0 && label.length <= 63) ? labels : null;
}

/** Whether one presented DNS-ID matches the reference host name. */
export function matchesDnsId(presented: string, reference: string): boolean {
  // A reference identifier for a mail or policy host is a DNS domain name; an IP literal has no DNS-ID match.
  if (looksLikeIpLiteral(reference) || reference.includes("*")) return false;
  const ref = labelsOf(reference);
  const pres = labelsOf(presented);
  if (!ref || !pres || pres.length !== ref.length) return false;

  const [first, ...rest] = pres;
  const wildcards = pres.filter((label) => label.includes("*")).length;
  if (wildcards === 0) return pres.every((label, i) => label === ref[i]);
  // RFC 9525 §6.3: "There is only one wildcard character" and "The wildcard character appears
  // only as the complete content of the left-most label"; otherwise the DNS-ID MUST be ignored.
  if (wildcards > 1 || first !== "*" || rest.some((label) => label.includes("*"))) return false;
  // Refuse "*.tld"-style wildcards that would span a whole top-level domain (RFC 9525 §7.1 risks).
  if (rest.length < 2) return false;
  // "A wildcard in a presented identifier can only match exactly one label": lengths are equal,
  // so the left-most reference label is the one label matched; the rest must be identical.
  return rest.every((label, i) => label === ref[i + 1]);
}

/** Whether any of the DNS-IDs matches the host name (RFC 9525 §6.3). */
export function matchesAnyDnsId(ids: readonly string[], host: string): boolean {
  return ids.some((id) => matchesDnsId(id, host));
}
