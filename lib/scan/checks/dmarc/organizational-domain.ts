import { getDomain } from "tldts";

/**
 * The organizational domain of `name` (RFC 7489 §3.2): the public suffix plus one label, from the
 * public suffix list. Only the ICANN section is used (allowPrivateDomains: false): private-section
 * entries such as github.io mark hosting boundaries, not mail administration, and RFC 7489 §3.2 names
 * the ICANN-governed suffixes as the reference. null when `name` is itself a public suffix.
 */
export function parseOrganizationalDomain(name: string): string | null {
  return getDomain(name.toLowerCase().replace(/\.+$/, ""), { allowPrivateDomains: false });
}
