/**
 * Whether a scan can be graded at all (report field `notGraded`, docs/report-format.md). A grade
 * judges what a domain publishes; a domain that does not exist publishes nothing to judge, and a
 * scan none of whose lookups of the domain's own records succeeded saw nothing (docs/architecture.md
 * rule 8: unknown is not absent). Either gets no grade rather than a D for records it cannot have,
 * or an A+ for findings nobody could raise. Pure.
 */
import type { DmarcResult } from "./checks/dmarc";
import type { MtaStsCheck } from "./checks/mta-sts";
import type { MxObservation } from "./checks/mx/lookup-mx";
import type { SpfResult } from "./checks/spf";
import type { TlsRptResult } from "./checks/tls-rpt";

export type GradeabilityInput = {
  mx: MxObservation;
  mtaSts: Pick<MtaStsCheck, "status" | "error" | "record" | "recordId" | "recordError">;
  tlsRpt: Pick<TlsRptResult, "status" | "error">;
  dmarc: Pick<DmarcResult, "status" | "error" | "records" | "parsed">;
  spf: Pick<SpfResult, "outcome" | "error" | "includeTree">;
};

export const NOT_GRADED_NXDOMAIN = "the domain does not exist (NXDOMAIN)";

/** The `_mta-sts` TXT lookup itself failed; a failed policy fetch (record known) does not count. */
function isMtaStsLookupFailed(m: GradeabilityInput["mtaSts"]): boolean {
  return m.status === "error" && m.record === undefined && m.recordId === undefined && m.recordError === undefined;
}

/** `_dmarc` discovery ended "unknown"; a discovered record that is not DMARC was a successful lookup. */
function isDmarcLookupFailed(d: GradeabilityInput["dmarc"]): boolean {
  return d.status === "error" && d.records.length === 0 && d.parsed === undefined;
}

/** The domain's own SPF TXT lookup failed (RFC 7208 §4.4 temperror at the root, not in an include). */
function isSpfLookupFailed(s: GradeabilityInput["spf"]): boolean {
  return s.outcome === "temperror" && s.includeTree?.outcome === "temperror";
}

/** The reason the scan cannot be graded, or undefined when it can. */
export function evaluateNotGraded(p: GradeabilityInput): string | undefined {
  // RFC 1035 §4.1.1 RCODE 3 (Name Error) for the domain's MX question: the name does not exist,
  // and by RFC 8020 §2 nothing below it does either, so `_dmarc`, `_mta-sts` and `_smtp._tls`
  // cannot exist. A DNSSEC-bogus denial is not believed (rule 8): dnssec-bogus grades that scan.
  if (p.mx.kind === "nxdomain" && p.mx.dnssec !== "bogus") return NOT_GRADED_NXDOMAIN;
  if (p.mx.kind !== "error") return undefined;
  const failed: [string, boolean, string | undefined][] = [
    ["MX", true, p.mx.error],
    ["_dmarc TXT", isDmarcLookupFailed(p.dmarc), p.dmarc.error],
    ["SPF TXT", isSpfLookupFailed(p.spf), p.spf.error],
    ["_mta-sts TXT", isMtaStsLookupFailed(p.mtaSts), p.mtaSts.error],
    ["_smtp._tls TXT", p.tlsRpt.status === "error", p.tlsRpt.error],
  ];
  // One answered lookup is something to grade on; only when every one failed is there nothing.
  if (!failed.every(([, isFailed]) => isFailed)) return undefined;
  return `no lookup for the domain succeeded: ${failed.map(([what, , error]) => `${what} (${error ?? "failed"})`).join(", ")}`;
}
