import type { DnsClient } from "../../net/dns-types";
import { parseOrganizationalDomain } from "./organizational-domain";
import { isDmarcCandidate, isDmarcNearMiss } from "./parse-record";
import type { DmarcDiscovery, DmarcNameLookup } from "./types";

type Options = { signal?: AbortSignal };

async function lookupDmarcName(dns: DnsClient, domain: string, options: Options): Promise<DmarcNameLookup> {
  const name = `_dmarc.${domain}`;
  const answer = await dns.query(name, "TXT", options);
  // A bogus answer carries unchecked (CD) data: validating receivers get SERVFAIL (dns-types.ts), so it is "unknown".
  if (answer.dnssec === "bogus") return { name, outcome: "unknown", records: [], nearMisses: [], published: [], error: "DNSSEC validation failed (bogus)" };
  if (answer.outcome === "nxdomain" || answer.outcome === "nodata") return { name, outcome: "absent", records: [], nearMisses: [], published: [] };
  if (answer.outcome !== "ok") {
    // SERVFAIL or timeout: the record may exist, so this is "unknown", never "missing".
    return { name, outcome: "unknown", records: [], nearMisses: [], published: [], error: answer.error ?? answer.outcome };
  }
  const texts = answer.records.flatMap((r) => (r.type === "TXT" ? [r.strings.join("")] : []));
  // RFC 7489 §6.6.3 step 2: records that do not start with v=DMARC1 are discarded.
  const published = texts.filter((t) => isDmarcCandidate(t) || isDmarcNearMiss(t));
  return { name, outcome: "ok", records: texts.filter(isDmarcCandidate), nearMisses: texts.filter(isDmarcNearMiss), published };
}

/**
 * The records the report shows as published (spec "Records as published") when discovery found no
 * record to apply: those at `_dmarc.<domain>` when it publishes any (near misses receivers discard),
 * else those at the organizational domain. When a record (or several) was found, the records are
 * those of the name it was found at — the name whose policy applies.
 */
function publishedWithoutRecord(own: DmarcNameLookup, org: DmarcNameLookup): { records: string[]; recordsAt?: string } {
  return published(own.published.length > 0 ? own : org);
}

function published(lookup: DmarcNameLookup): { records: string[]; recordsAt?: string } {
  return lookup.published.length > 0 ? { records: lookup.published, recordsAt: lookup.name } : { records: [] };
}

/**
 * DMARC policy discovery (RFC 7489 §6.6.3): `_dmarc.<domain>`, and only when that holds no DMARC
 * record, `_dmarc.<organizational domain>`. More than one record where discovery stops is "multiple".
 */
export async function lookupDmarc(dns: DnsClient, domain: string, options: Options = {}): Promise<DmarcDiscovery> {
  const name = domain.toLowerCase().replace(/\.+$/, "");
  const organizationalDomain = parseOrganizationalDomain(name);
  const own = await lookupDmarcName(dns, name, options);
  const base = { domain: name, organizationalDomain };
  const ownRecords = published(own);
  // Could not check: nothing was received, so no record is shown (and none is claimed absent).
  if (own.outcome === "unknown") return { ...base, lookups: [own], records: [], outcome: "unknown", inherited: false, error: `${own.name}: ${own.error}` };
  // RFC 7489 §6.6.3 step 5: multiple records terminate discovery (no fallback to the organizational domain).
  if (own.records.length > 1) return { ...base, lookups: [own], ...ownRecords, outcome: "multiple", source: name, inherited: false };
  if (own.records.length === 1) return { ...base, lookups: [own], ...ownRecords, outcome: "found", source: name, inherited: false, record: own.records[0] as string };

  // RFC 7489 §6.6.3 step 3: with no record at the domain, ask the organizational domain (if different).
  if (organizationalDomain === null || organizationalDomain === name) return { ...base, lookups: [own], ...ownRecords, outcome: "none", inherited: false };
  const org = await lookupDmarcName(dns, organizationalDomain, options);
  const lookups = [own, org];
  // The organizational domain could not be checked: only what the domain itself published is shown.
  if (org.outcome === "unknown") return { ...base, lookups, ...ownRecords, outcome: "unknown", inherited: false, error: `${org.name}: ${org.error}` };
  if (org.records.length > 1) return { ...base, lookups, ...published(org), outcome: "multiple", source: organizationalDomain, inherited: true };
  if (org.records.length === 1) return { ...base, lookups, ...published(org), outcome: "found", source: organizationalDomain, inherited: true, record: org.records[0] as string };
  return { ...base, lookups, ...publishedWithoutRecord(own, org), outcome: "none", inherited: false };
}
