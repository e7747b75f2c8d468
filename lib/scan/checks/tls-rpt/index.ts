/** TLS-RPT (RFC 8460): `_smtp._tls` record lookup, parsing and evaluation. */
import type { DnsClient } from "../../net/dns-types";
import { evaluateTlsRpt } from "./evaluate";
import { lookupTlsRpt } from "./lookup-record";
import type { TlsRptResult } from "./types";

export { lookupTlsRpt, lookupMxTlsRpt } from "./lookup-record";
export { parseTlsRptRecord, isTlsRptCandidate } from "./parse-record";
export { evaluateTlsRpt } from "./evaluate";
export { parseReportUri, type ReportUri, type ReportUriParse } from "./uri-syntax";
export type * from "./types";

/** Looks up and judges the TLS-RPT record of `domain`. */
export async function checkTlsRpt(dns: DnsClient, domain: string, options: { signal?: AbortSignal } = {}): Promise<TlsRptResult> {
  return evaluateTlsRpt(await lookupTlsRpt(dns, domain, options));
}
