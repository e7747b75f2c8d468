import { FINDING_CATALOGUE } from "@/lib/scan/findings";
import { parseTlsRptRecord } from "./parse-record";
import type { TlsRptLookup, TlsRptResult } from "./types";

/** Judges the `_smtp._tls.<domain>` lookup (pure; RFC 8460 §3). */
export function evaluateTlsRpt(lookup: TlsRptLookup): TlsRptResult {
  if (lookup.outcome === "unknown") return { status: "error", findings: [], error: lookup.error ?? "lookup failed" };
  if (lookup.outcome === "absent") {
    const severity = FINDING_CATALOGUE["tls-rpt-missing"].severity;
    return { status: "missing", findings: [{ id: "tls-rpt-missing", severity, detail: `no TXT record at ${lookup.name}` }] };
  }
  const parsed = parseTlsRptRecord(lookup.records);
  if (!parsed.valid) {
    return {
      status: "warn",
      ...(parsed.record !== undefined ? { record: parsed.record } : {}),
      error: parsed.message,
      findings: [{ id: "tls-rpt-invalid", severity: FINDING_CATALOGUE["tls-rpt-invalid"].severity, detail: `${lookup.name}: ${parsed.message}` }],
    };
  }
  return { status: "pass", record: parsed.record, rua: parsed.rua, findings: [] };
}
