/**
 * The TLSA records of one MX host (RFC 7672 §2.2.3): the RRset at `_25._tcp.<mx host>`, with
 * the DNSSEC state of the answer. Observation only; evaluate-dane.ts judges it.
 *
 * TLSA base domain: RFC 7672 §2.2.2–§2.2.3 (after RFC 7671 §7) let a sender whose MX host name
 * is a securely resolved CNAME try the fully CNAME-expanded name first and fall back to the
 * name as given. We implement the simple rule and always look up at the MX host name as given:
 * it is where operators publish, and the only base domain every DANE sender tries. A CNAME at
 * the TLSA owner name itself is followed by the DNS client, and the answer's DNSSEC state is
 * that of the whole chain (its weakest link).
 *
 * We look up TLSA whatever the host's address records are, although a sender only does so
 * when they are secure (RFC 7672 §2.2.3): a scanner reports records senders would ignore
 * (dane-tlsa-insecure). The sender's rule is applied in evaluate-dane.ts.
 */
import type { DnsClient, DnsDnssec } from "../../net/dns-types";
import { formatTlsaRecord, type TlsaRecord } from "./tlsa-record";

export type TlsaLookupOutcome =
  /** TLSA records exist (see `dnssec` for whether they are authenticated). */
  | "present"
  /** NXDOMAIN or NODATA: no TLSA records. */
  | "absent"
  /** servfail, timeout, refused, malformed: unknown, never "absent". */
  | "unknown"
  /** DNSSEC validation failed: validating senders get SERVFAIL (RFC 4035 §5.5). */
  | "bogus";

export type TlsaLookup = {
  /** The owner name asked: `_25._tcp.<mx host>`. */
  name: string;
  outcome: TlsaLookupOutcome;
  /** DNSSEC state of the answer; "insecure" claims nothing for an unknown outcome. */
  dnssec: DnsDnssec;
  /**
   * Records found. With "bogus" these are what a checking-disabled query returned: data a
   * validating sender never sees, for the report only.
   */
  records: TlsaRecord[];
  /** The same records as spec strings ("3 1 1 <hex>"), in answer order, duplicates removed. */
  strings: string[];
  /** CNAMEs followed from the owner name. */
  cnames: string[];
  error?: string;
};

/** RFC 7672 §2.2.3 / RFC 6698 §3: port 25, TCP, prepended to the TLSA base domain. */
export function formatTlsaOwnerName(mxHost: string): string {
  return `_25._tcp.${mxHost.toLowerCase().replace(/\.+$/, "")}`;
}

/** Looks up the TLSA RRset of `mxHost`; never throws for DNS misbehaviour. */
export async function lookupTlsa(dns: DnsClient, mxHost: string, options: { signal?: AbortSignal } = {}): Promise<TlsaLookup> {
  const name = formatTlsaOwnerName(mxHost);
  const answer = await dns.query(name, "TLSA", { signal: options.signal });
  const records: TlsaRecord[] = [];
  const strings: string[] = [];
  for (const r of answer.records) {
    if (r.type !== "TLSA") continue;
    const record = { usage: r.usage, selector: r.selector, matchingType: r.matchingType, data: r.data.toLowerCase() };
    const text = formatTlsaRecord(record);
    if (strings.includes(text)) continue; // an RRset is a set (RFC 2181 §5)
    records.push(record);
    strings.push(text);
  }
  const base = { name, dnssec: answer.dnssec, records, strings, cnames: answer.cnames, ...(answer.error !== undefined ? { error: answer.error } : {}) };
  // Bogus first: whatever the checking-disabled answer said, validating senders see SERVFAIL.
  if (answer.dnssec === "bogus") return { ...base, outcome: "bogus" };
  switch (answer.outcome) {
    case "ok":
      return records.length > 0 ? { ...base, outcome: "present" } : { ...base, outcome: "absent" };
    case "nxdomain":
    case "nodata":
      return { ...base, outcome: "absent" };
    default:
      return { ...base, dnssec: "insecure", outcome: "unknown", records: [], strings: [] };
  }
}
