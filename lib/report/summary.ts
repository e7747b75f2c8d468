/** The few facts of a report that the portfolio overview filters and sorts on, and the one finding count. Pure. */
import { SEVERITIES, type ExposureVerdict, type Finding, type ScanReport, type Severity } from "@/lib/scan/types";
import { dmarcCellState, mtaStsCellState } from "./posture";
import { exposureVerdictOf } from "./verdict";

export type Exposure = ExposureVerdict;

export type ReportSummary = {
  exposure: Exposure;
  mtaStsMode: string | null;
  daneState: string | null;
  dmarcPolicy: string | null;
  criticalCount: number;
  highCount: number;
  findingIds: string[];
  /** The report's `notGraded` reason, null when graded: such a domain is left out of grade counts and figures. */
  notGraded: string | null;
};

/**
 * The one count of findings every view shows (portfolio row, API, report header and headings, PDF,
 * CLI): one per entry of `report.findings` — a finding raised for two MX hosts counts twice — by its
 * own severity. `ids` and `hosts` let a view say "N findings on M hosts" from the same numbers.
 */
export type FindingCounts = {
  total: number;
  bySeverity: Record<Severity, number>;
  /** Distinct finding ids. */
  ids: number;
  /** Distinct hosts named by a finding (domain-wide findings name none). */
  hosts: number;
};

export function countFindings(findings: readonly Pick<Finding, "id" | "severity" | "host">[]): FindingCounts {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const ids = new Set<string>();
  const hosts = new Set<string>();
  for (const f of findings) {
    if (f.severity in bySeverity) bySeverity[f.severity]++;
    ids.add(f.id);
    if (f.host) hosts.add(f.host);
  }
  return { total: findings.length, bySeverity, ids: ids.size, hosts: hosts.size };
}

/** "3 findings" / "1 finding". */
export function findingsWord(n: number): string {
  return `${n} ${n === 1 ? "finding" : "findings"}`;
}

export function summarizeReport(report: ScanReport): ReportSummary {
  const counts = countFindings(report.findings);
  const ids = new Set(report.findings.map((f) => f.id));
  return {
    // The one exposure rule (./verdict.ts), shared with the report page and the PDF.
    exposure: exposureVerdictOf(report),
    // "enforce" only where protection holds; broken enforce and could-not-check have their own states (./posture.ts).
    mtaStsMode: mtaStsCellState(report),
    daneState: report.checks.dane.status,
    dmarcPolicy: dmarcCellState(report),
    criticalCount: counts.bySeverity.critical,
    highCount: counts.bySeverity.high,
    findingIds: [...ids].sort(),
    notGraded: report.notGraded ?? null,
  };
}
