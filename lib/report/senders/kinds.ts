/**
 * Event kinds found in what senders reported (TLS-RPT, RFC 8460; DMARC aggregate, RFC 7489
 * Appendix C) rather than between two scans. They share the Event table and the alert path with
 * the scan events of lib/report/changes.ts; docs/monitoring.md lists them.
 */
import type { Severity } from "@/lib/scan/types";

export const SENDER_EVENT_KINDS = [
  "sender-failure-new",
  "sender-possible-stripping",
  "sender-unknown-receiving-ip",
  "sender-policy-mismatch",
  "sender-failures-after-change",
  "sender-silent",
] as const;
export type SenderEventKind = (typeof SENDER_EVENT_KINDS)[number];

/** One event a detector rule raises. `subject` is its identity within the domain (with the kind). */
export type SenderEvent = {
  kind: SenderEventKind;
  severity: Severity;
  subject: string;
  before: string | null;
  after: string | null;
  /** One sentence for timelines and alert messages; quotes reported text, so it is rendered as untrusted. */
  summary: string;
};

/** Host names as reports write them (`MX.Example.com.`) in the form the scanner stores. */
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, "");
}

/**
 * An IP address in one canonical spelling, so a reported `2001:DB8::0:1` meets the scan's
 * `2001:db8::1`: IPv6 is expanded to eight groups without leading zeros; IPv4 is kept. Pure and
 * browser-safe (no node:net); anything else comes back trimmed and lower-cased.
 */
export function canonicalIp(ip: string): string {
  const a = ip.trim().toLowerCase().replace(/^\[|\]$/g, "");
  if (!a.includes(":")) return a;
  let text = a.replace(/%.*$/, "");
  // An embedded IPv4 tail (::ffff:192.0.2.1) becomes two groups.
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [b1, b2, b3, b4] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((b1 << 8) | b2).toString(16)}:${((b3 << 8) | b4).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return a;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...Array<string>(Math.max(0, fill)).fill("0"), ...tail];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return a;
  return groups.map((g) => g.replace(/^0+(?=.)/, "")).join(":");
}

/** A short, stable, non-cryptographic digest (FNV-1a, 32 bit) for event subjects built from long reported text. */
export function shortDigest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}
