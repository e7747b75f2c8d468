/**
 * Turns the DER chain a server presented into the report's `certificate` and `chain` fields
 * (spec "Certificate fields"). Parsing is Node's own X.509 parser; trust and name checks are
 * the pure functions in checks/starttls.
 */
import type { X509Certificate } from "node:crypto";
import { isChainTrusted, parseCertificate, parseCertificates, spkiSha256, type TrustAnchors } from "../checks/starttls/build-chain";
import { matchesAnyDnsId } from "../checks/starttls/match-name";
import type { CertificateSummary, ChainEntry } from "../types";

export type ChainSummary = { certificate: CertificateSummary; chain: ChainEntry[] };

/** Key size of named curves (RFC 8422 / SEC 2 names as OpenSSL reports them). */
const CURVE_BITS: Record<string, number> = {
  prime256v1: 256,
  secp256r1: 256,
  secp256k1: 256,
  secp384r1: 384,
  secp521r1: 521,
  secp224r1: 224,
  brainpoolP256r1: 256,
  brainpoolP384r1: 384,
  brainpoolP512r1: 512,
};
const EDWARDS_BITS: Record<string, number> = { ed25519: 256, ed448: 456 };

/** "CN=a\nO=b" (Node's multi-line form) → "CN=a, O=b". */
function oneLine(name: string): string {
  return name.split("\n").filter(Boolean).join(", ");
}

function toIso(text: string): string {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

function keyBits(cert: X509Certificate): number {
  try {
    const key = cert.publicKey;
    const details = key.asymmetricKeyDetails;
    if (details?.modulusLength) return details.modulusLength;
    if (details?.namedCurve) return CURVE_BITS[details.namedCurve] ?? 0;
    return EDWARDS_BITS[key.asymmetricKeyType ?? ""] ?? 0;
  } catch {
    return 0;
  }
}

function safeSpki(cert: X509Certificate): string {
  try {
    return spkiSha256(cert);
  } catch {
    return "";
  }
}

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

/**
 * Summarizes a presented chain (leaf first) for the MX `host`; null when the leaf does not
 * parse. `trusted` ignores validity dates; `nameMatches` is RFC 9525 against `host`.
 */
export function summarizeCertificateChain(chainDer: readonly Buffer[], options: { host: string; anchors: TrustAnchors }): ChainSummary | null {
  const leafDer = chainDer[0];
  if (!leafDer) return null;
  let leaf: X509Certificate;
  try {
    leaf = parseCertificate(leafDer);
  } catch {
    return null;
  }
  const presented = [leaf, ...parseCertificates(chainDer.slice(1))];
  const san = parseSanDnsNames(leaf.subjectAltName);
  const certificate: CertificateSummary = {
    subject: oneLine(leaf.subject),
    issuer: oneLine(leaf.issuer),
    san,
    notBefore: toIso(leaf.validFrom),
    notAfter: toIso(leaf.validTo),
    spkiSha256: safeSpki(leaf),
    keyBits: keyBits(leaf),
    trusted: isChainTrusted(presented, options.anchors),
    nameMatches: matchesAnyDnsId(san, options.host),
  };
  const chain = presented.map((cert) => ({ subject: oneLine(cert.subject), spkiSha256: safeSpki(cert) }));
  return { certificate, chain };
}
