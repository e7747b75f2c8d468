/**
 * The one domain normaliser (docs/architecture.md rule 15): what a user typed becomes the A-label, lower-case
 * host name without the trailing dot that every check, report and database row uses. The error
 * strings are shown to users as field errors. Pure.
 */
import { domainToASCII } from "node:url";
import { parse as parseDomain } from "tldts";

export type NormalizedDomain = { ok: true; domain: string } | { ok: false; error: string };

/** RFC 1035 §2.3.4: 255 octets on the wire, which is 253 characters in text without the final dot. */
const MAX_NAME_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;
const LDH_LABEL = /^[a-z0-9-]+$/;

const NUMERIC_TLD = "The last part of a domain name cannot be only digits";

const fail = (error: string): NormalizedDomain => ({ ok: false, error });

/** Two or more colons among hex digits (maybe bracketed, with a zone): an IPv6 address, never a host name. */
const IPV6_LIKE = /^\[?[0-9a-f:.]*:[0-9a-f:.]*:[0-9a-f:.]*(?:%[\w.-]+)?\]?$/i;
/** What the URL host parser leaves of any IPv4 form ("127.1", "0x7f.0.0.1", "1.2.3.4."). */
const IPV4_CANONICAL = /^\d{1,3}(?:\.\d{1,3}){3}$/;

export function normalizeDomain(input: string): NormalizedDomain {
  const trimmed = input.trim();
  if (trimmed === "") return fail("Enter a domain name");
  if (/\s/.test(trimmed)) return fail("A domain name cannot contain spaces");
  if (IPV6_LIKE.test(trimmed)) return fail("Enter a domain name, not an IP address");
  // A scheme ("https:", "mailto:"), a path, a query or a fragment: someone pasted a URL.
  if (/[/?#\\]/.test(trimmed) || /^[a-z][a-z0-9+.-]*:(?!\d+$)/i.test(trimmed)) return fail("Enter a domain name, not a URL");
  if (trimmed.includes("@")) return fail("Enter a domain name, not an email address");
  if (trimmed.includes(":")) return fail("Enter a domain name without a port");

  const withoutDot = trimmed.endsWith(".") ? trimmed.slice(0, -1) : trimmed;
  if (withoutDot === "" || withoutDot.split(".").some((label) => label === "")) {
    return fail("A domain name cannot have empty parts (two dots in a row, or a leading dot)");
  }
  // UTS #46 processing (IDNA mapping, NFC, lower case, Punycode) as the WHATWG URL parser does it.
  const ascii = domainToASCII(withoutDot);
  // RFC 3696 §2: a top-level domain is never all-numeric. The URL host parser reads a name that
  // ends in a number as an IPv4 address: canonical dotted quad (caught below) or failure (here).
  if (ascii === "" && /(^|\.)(\d+|0x[0-9a-f]*)$/i.test(withoutDot)) return fail(NUMERIC_TLD);
  if (ascii === "") return fail("Enter a valid domain name");
  if (IPV4_CANONICAL.test(ascii)) return fail("Enter a domain name, not an IP address");

  const labels = ascii.split(".");
  if (labels.length < 2) return fail("Enter a full domain name, like example.com");
  if (labels.some((label) => label === "")) return fail("A domain name cannot have empty parts (two dots in a row, or a leading dot)");
  if (ascii.length > MAX_NAME_LENGTH) return fail(`A domain name can be at most ${MAX_NAME_LENGTH} characters long`);
  if (labels.some((label) => label.length > MAX_LABEL_LENGTH)) {
    return fail(`Each part of a domain name can be at most ${MAX_LABEL_LENGTH} characters long`);
  }
  // RFC 1123 §2.1 / RFC 952: host names are letters, digits and hyphens.
  if (labels.some((label) => !LDH_LABEL.test(label))) return fail("A domain name can only contain letters, digits, hyphens and dots");
  if (labels.some((label) => label.startsWith("-") || label.endsWith("-"))) {
    return fail("A part of a domain name cannot start or end with a hyphen");
  }

  // Only ICANN suffixes count: a name under a private suffix (github.io) belongs to someone.
  const parsed = parseDomain(ascii, { allowPrivateDomains: false, extractHostname: false });
  if (parsed.domain === null) return fail(`${ascii} is a public suffix, not a domain someone owns`);
  return { ok: true, domain: ascii };
}
