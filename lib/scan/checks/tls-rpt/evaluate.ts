import { finding } from "../shared";
import { isTlsRptCandidate, parseTlsRptRecord } from "./parse-record";
import type { TlsRptLookup, TlsRptResult } from "./types";

/** Judges the `_smtp._tls.<domain>` lookup (pure; RFC 8460 §3). */
export function evaluateTlsRpt(lookup: TlsRptLookup): TlsRptResult {
  // Could not check: nothing was received, so no record is shown and none is claimed absent.
  if (lookup.outcome === "unknown") return { status: "error", records: [], findings: [], error: lookup.error ?? "lookup failed" };
  if (lookup.outcome === "absent") {
    return { status: "missing", records: [], findings: [finding("tls-rpt-missing", `no TXT record at ${lookup.name}`)] };
  }
  const parsed = parseTlsRptRecord(lookup.records);
  // Spec "Records as published": every candidate as received, also several or invalid ones.
  const records = lookup.records.filter(isTlsRptCandidate);
  if (!parsed.valid) {
    return {
      status: "warn",
      records,
      ...(parsed.record !== undefined ? { record: parsed.record } : {}),
      error: parsed.message,
      findings: [finding("tls-rpt-invalid", `${lookup.name}: ${parsed.message}`)],
    };
  }
  return { status: "pass", record: parsed.record, records, rua: parsed.rua, findings: [] };
}
