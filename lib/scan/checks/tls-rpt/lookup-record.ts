import type { DnsClient } from "../../net/dns-types";
import { parseTlsRptRecord } from "./parse-record";
import type { MxTlsRptEvidence, TlsRptLookup } from "./types";

/**
 * Reads every TXT record at `_smtp._tls.<name>` (RFC 8460 §3), where `name` is the Policy Domain:
 * the recipient domain for MTA-STS, the MX host for DANE.
 */
export async function lookupTlsRpt(dns: DnsClient, name: string, options: { signal?: AbortSignal } = {}): Promise<TlsRptLookup> {
  const owner = `_smtp._tls.${name}`;
  const answer = await dns.query(owner, "TXT", options);
  // A bogus answer carries unchecked (CD) data that validating senders never see (dns-types.ts): unknown, not present/absent.
  if (answer.dnssec === "bogus") return { name: owner, outcome: "unknown", records: [], dnssec: answer.dnssec, error: "DNSSEC validation failed (bogus)" };
  switch (answer.outcome) {
    case "ok": {
      const records = answer.records.flatMap((r) => (r.type === "TXT" ? [r.strings.join("")] : []));
      return { name: owner, outcome: records.length > 0 ? "present" : "absent", records, dnssec: answer.dnssec };
    }
    case "nxdomain":
    case "nodata":
      return { name: owner, outcome: "absent", records: [], dnssec: answer.dnssec };
    default:
      return { name: owner, outcome: "unknown", records: [], dnssec: answer.dnssec, error: answer.error ?? answer.outcome };
  }
}

/**
 * Reports what `_smtp._tls.<mx>` holds for each DANE MX host: for DANE the TLS-RPT Policy Domain is the
 * TLSA base domain, i.e. the MX host (RFC 8460 §1.1 "Policy Domain", §3). Evidence only, no finding.
 */
export async function lookupMxTlsRpt(dns: DnsClient, hosts: readonly string[], options: { signal?: AbortSignal } = {}): Promise<MxTlsRptEvidence[]> {
  return Promise.all(
    hosts.map(async (host) => {
      const lookup = await lookupTlsRpt(dns, host, options);
      const base: MxTlsRptEvidence = { host, name: lookup.name, outcome: lookup.outcome, ...(lookup.error !== undefined ? { error: lookup.error } : {}) };
      if (lookup.outcome !== "present") return base;
      const parsed = parseTlsRptRecord(lookup.records);
      if (parsed.valid) return { ...base, record: parsed.record, valid: true, rua: parsed.rua.map((r) => r.uri) };
      return { ...base, ...(parsed.record !== undefined ? { record: parsed.record } : {}), valid: false, error: parsed.message };
    }),
  );
}
