/** DMARC (RFC 7489, tolerant of DMARCbis): policy discovery, record parsing, report authorization, evaluation. */
import type { DnsClient } from "../../net/dns-types";
import { evaluateDmarc } from "./evaluate";
import { lookupDmarc } from "./lookup-record";
import { lookupReportAuthorizations } from "./lookup-report-auth";
import { parseDmarcRecord } from "./parse-record";
import type { DmarcReportAuthorization, DmarcResult } from "./types";

export { lookupDmarc } from "./lookup-record";
export { lookupReportAuthorizations } from "./lookup-report-auth";
export { parseDmarcRecord, isDmarcCandidate, isDmarcNearMiss } from "./parse-record";
export { parseOrganizationalDomain } from "./organizational-domain";
export { evaluateDmarc } from "./evaluate";
export type * from "./types";

/** Discovers, parses and judges the DMARC policy that applies to `domain`. */
export async function checkDmarc(dns: DnsClient, domain: string, options: { signal?: AbortSignal } = {}): Promise<DmarcResult> {
  const discovery = await lookupDmarc(dns, domain, options);
  let reportAuthorizations: DmarcReportAuthorization[] = [];
  if (discovery.outcome === "found" && discovery.source !== undefined && discovery.record !== undefined) {
    const parsed = parseDmarcRecord(discovery.record);
    // Destinations matter only for a record receivers use (RFC 7489 §6.6.3 step 6).
    if (parsed?.usable) reportAuthorizations = await lookupReportAuthorizations(dns, discovery.source, parsed, options);
  }
  return evaluateDmarc({ discovery, reportAuthorizations });
}
