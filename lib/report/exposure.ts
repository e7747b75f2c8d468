/**
 * Rows of the exposure card (docs/ui.md §5.2, the flagship): one per MX, its two protection paths and
 * why each holds or not. The scanner's exposure model decides (`report.exposure.hosts`, with one
 * structured reason per path); this only joins it with the MX data and words the reasons. Pure.
 */
import type { ExposureHost, ExposureReason, MxHost, ScanReport } from "@/lib/scan/types";
import { exposureVerdictOf, type ExposureVerdict } from "./verdict";

export type PathState = { ok: boolean; why: string };
export type RowVerdict = "protected" | "partial" | "exposed" | "unknown";

export type ExposureRow = {
  host: string;
  preference: number;
  implicit: boolean;
  addresses: number;
  mtaSts: PathState;
  dane: PathState & { matched?: number; reached?: number };
  protectedFor: string;
  verdict: RowVerdict;
};

export const ROW_VERDICT_WORD: Record<RowVerdict, string> = {
  protected: "Protected",
  partial: "Partially protected",
  exposed: "Exposed",
  unknown: "Not judged",
};

function capitalize(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

/** One path's reason as the card says it: "Broken: …" for a path that is published but fails. */
function reasonWords(reason: ExposureReason | undefined): string {
  if (!reason) return "";
  return reason.broken ? `Broken: ${reason.text}` : capitalize(reason.text);
}

/**
 * Why each path of a host holds or not. Reports read through lib/report/stored-report.ts carry
 * `reasons` (derived there from `why` for older ones); a host without them shows `why` as written.
 */
export function pathReasons(h: Pick<ExposureHost, "why" | "reasons">): { dane: string; mtaSts: string } {
  if (!h.reasons) return { dane: h.why, mtaSts: h.why };
  return { dane: reasonWords(h.reasons.find((r) => r.path === "dane")), mtaSts: reasonWords(h.reasons.find((r) => r.path === "mta-sts")) };
}

function daneCounts(mx: MxHost | undefined): { matched: number; reached: number } {
  const reached = (mx?.endpoints ?? []).filter((e) => e.starttls === "ok" && e.dane);
  return { matched: reached.filter((e) => e.dane?.matches).length, reached: reached.length };
}

/** One row per MX host, in preference order. */
export function exposureRows(report: ScanReport): ExposureRow[] {
  const byHost = new Map(report.mx.map((m) => [m.host, m]));
  const hosts = report.exposure?.hosts;
  const rows: ExposureRow[] = hosts
    ? hosts.map((h) => {
        const mx = byHost.get(h.host);
        const why = pathReasons(h);
        const counts = daneCounts(mx);
        return {
          host: h.host,
          preference: mx?.preference ?? 0,
          implicit: mx?.implicit ?? false,
          addresses: mx?.endpoints.length ?? 0,
          mtaSts: { ok: h.mtaSts, why: why.mtaSts },
          dane: { ok: h.dane, why: why.dane, ...(counts.reached > 0 ? counts : {}) },
          protectedFor: h.protectedFor,
          verdict: h.dane && h.mtaSts ? "protected" : h.dane || h.mtaSts ? "partial" : "exposed",
        };
      })
    : // Reports from before the exposure model: list the hosts, judge nothing.
      report.mx.map((mx) => ({
        host: mx.host,
        preference: mx.preference,
        implicit: mx.implicit,
        addresses: mx.endpoints.length,
        mtaSts: { ok: false, why: "Not recorded by this scanner version" },
        dane: { ok: false, why: "Not recorded by this scanner version" },
        protectedFor: "unknown",
        verdict: "unknown",
      }));
  return rows.sort((a, b) => a.preference - b.preference);
}

export type ExposureSummary = { verdict: ExposureVerdict; rows: ExposureRow[]; protectedCount: number };

export function exposureSummary(report: ScanReport): ExposureSummary {
  const rows = exposureRows(report);
  return { verdict: exposureVerdictOf(report), rows, protectedCount: rows.filter((r) => r.verdict === "protected").length };
}
