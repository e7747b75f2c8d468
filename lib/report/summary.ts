/** The few facts of a report that the portfolio overview filters and sorts on. Pure. */
import type { ScanReport } from "@/lib/scan/types";
import { dmarcCellState, mtaStsCellState } from "./posture";

export type Exposure = "protected" | "partial" | "exposed" | "inconclusive" | "no-inbound-mail";

export type ReportSummary = {
  exposure: Exposure;
  mtaStsMode: string | null;
  daneState: string | null;
  dmarcPolicy: string | null;
  criticalCount: number;
  highCount: number;
  findingIds: string[];
};

function exposureOf(report: ScanReport, ids: Set<string>): Exposure {
  if (report.exposure) return report.exposure.verdict;
  if (ids.has("mx-null")) return "no-inbound-mail";
  if (ids.has("starttls-stripping-exposure")) return "exposed";
  if (ids.has("starttls-stripping-partial")) return "partial";
  const protectedBy = report.checks.mtaSts.status === "pass" || report.checks.dane.status === "pass";
  return protectedBy ? "protected" : "inconclusive";
}

export function summarizeReport(report: ScanReport): ReportSummary {
  const ids = new Set(report.findings.map((f) => f.id));
  return {
    exposure: exposureOf(report, ids),
    // "enforce" only where protection holds; broken enforce and could-not-check have their own states (./posture.ts).
    mtaStsMode: mtaStsCellState(report),
    daneState: report.checks.dane.status,
    dmarcPolicy: dmarcCellState(report),
    criticalCount: report.findings.filter((f) => f.severity === "critical").length,
    highCount: report.findings.filter((f) => f.severity === "high").length,
    findingIds: [...ids].sort(),
  };
}
