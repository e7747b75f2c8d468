import type { DnsAnswer, DnsClient } from "../../net/dns-types";
import { parseSpfTxt } from "./parse-record";
import type { SpfRecordLookup } from "./types";

/** Turns a TXT answer into the SPF record selection of RFC 7208 §4.4-4.5. */
export function parseSpfAnswer(domain: string, answer: DnsAnswer): SpfRecordLookup {
  // A bogus answer carries unchecked (CD) data: validating receivers get SERVFAIL, a temperror (RFC 7208 §4.4, dns-types.ts).
  if (answer.dnssec === "bogus") return { domain, outcome: "unknown", isVoid: false, error: "DNSSEC validation failed (bogus)" };
  if (answer.outcome === "nxdomain" || answer.outcome === "nodata") return { domain, outcome: "none", isVoid: true };
  // RFC 7208 §4.4: a DNS error other than NXDOMAIN (or a timeout) is a temperror, never "no record".
  if (answer.outcome !== "ok") return { domain, outcome: "unknown", isVoid: false, error: answer.error ?? answer.outcome };
  const selection = parseSpfTxt(answer.records.flatMap((r) => (r.type === "TXT" ? [r.strings] : [])));
  if (selection.kind === "none") return { domain, outcome: "none", isVoid: false };
  if (selection.kind === "multiple") return { domain, outcome: "multiple", records: selection.records, isVoid: false };
  return { domain, outcome: "ok", record: selection.record, records: selection.records, isVoid: false };
}

/** Reads the SPF record of `domain` from its TXT records (RFC 7208 §4.4; the SPF RR type is obsolete, §3.1). */
export async function lookupSpfRecord(dns: DnsClient, domain: string, options: { signal?: AbortSignal } = {}): Promise<SpfRecordLookup> {
  return parseSpfAnswer(domain, await dns.query(domain, "TXT", options));
}
