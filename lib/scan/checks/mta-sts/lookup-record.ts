import type { DnsClient } from "../../net/dns-types";
import type { MtaStsRecordLookup } from "./types";

/**
 * Reads every TXT record at `_mta-sts.<domain>` (the client follows CNAMEs, RFC 8461 §3.1),
 * keeping "absent" (NXDOMAIN, NODATA) apart from "unknown" (SERVFAIL, timeout, refused, malformed).
 */
export async function lookupMtaStsRecord(
  dns: DnsClient,
  domain: string,
  options: { signal?: AbortSignal } = {},
): Promise<MtaStsRecordLookup> {
  const name = `_mta-sts.${domain}`;
  const answer = await dns.query(name, "TXT", options);
  const base = { name, dnssec: answer.dnssec, cnames: answer.cnames };
  // A bogus answer carries unchecked (CD) data that validating senders never see (dns-types.ts): unknown, not present/absent.
  if (answer.dnssec === "bogus") return { ...base, outcome: "unknown", records: [], error: "DNSSEC validation failed (bogus)" };
  switch (answer.outcome) {
    case "ok": {
      const records = answer.records.flatMap((r) => (r.type === "TXT" ? [r.strings.join("")] : []));
      return { ...base, outcome: records.length > 0 ? "present" : "absent", records };
    }
    case "nxdomain":
    case "nodata":
      return { ...base, outcome: "absent", records: [] };
    default:
      return { ...base, outcome: "unknown", records: [], error: answer.error ?? answer.outcome };
  }
}
