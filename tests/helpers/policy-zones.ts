/**
 * Builders for the DNS zones of policy-record integration tests (DMARC, SPF, TLS-RPT, MTA-STS):
 * each test case names its own domain and the records it needs there, and the cases are merged
 * into zones for one `startDnsServer`, so a case's table row is the whole of its DNS.
 *
 *   const rows = [{ domain: "soft.test", records: [txt("@", "v=spf1 ~all")] }, ...];
 *   const dns = await startDnsServer({ zones: zonesFor(rows) });
 */
import type { Zone, ZoneDnssec, ZoneRecord } from "./dns-server-zones";

/** The records one test case publishes: relative names are under `origin` (default: `domain`). */
export type CaseZone = {
  domain: string;
  /** The zone the records belong to, when it is not `domain` itself (e.g. a subdomain's parent). */
  origin?: string;
  records: readonly ZoneRecord[];
};

export function txt(name: string, ...data: (string | string[])[]): ZoneRecord[] {
  return data.map((d) => ({ name, type: "TXT", data: d }));
}

/**
 * Merges the cases (and extra zones) into one zone per origin. A case with no records still gets
 * its zone, so its names are answered NXDOMAIN/NODATA by the zone rather than as outside names.
 */
export function zonesFor(cases: readonly CaseZone[], extra: readonly Zone[] = [], dnssec: ZoneDnssec = "unsigned"): Zone[] {
  const byOrigin = new Map<string, ZoneRecord[]>();
  for (const zone of extra) byOrigin.set(zone.origin, [...(byOrigin.get(zone.origin) ?? []), ...zone.records]);
  for (const c of cases) {
    const origin = c.origin ?? c.domain;
    byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), ...c.records]);
  }
  return [...byOrigin].map(([origin, records]) => ({ origin, dnssec, records }));
}

/**
 * An SPF include chain in `origin`: the apex includes i1, each i<k> includes i<k+1>, and i<n> ends
 * with ip4 only. Evaluating it takes exactly `n` DNS-querying terms (RFC 7208 §4.6.4).
 */
export function spfIncludeChain(origin: string, n: number): ZoneRecord[] {
  const records: ZoneRecord[] = txt("@", `v=spf1 include:i1.${origin} -all`);
  for (let i = 1; i <= n; i++) records.push(...txt(`i${i}`, i < n ? `v=spf1 include:i${i + 1}.${origin} -all` : "v=spf1 ip4:192.0.2.1 -all"));
  return records;
}

/** `n` MX records at the apex of `origin` (mx0 … mx<n-1>), without addresses: SPF counts the names. */
export function mxNames(origin: string, n: number): ZoneRecord[] {
  // MX targets are taken as written (not relative to the origin), so they are spelt out in full.
  return Array.from({ length: n }, (_, i): ZoneRecord => ({ name: "@", type: "MX", data: `10 mx${i}.${origin}` }));
}
