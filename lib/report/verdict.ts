/**
 * The one-sentence verdict under the grade (docs/ui.md §5.2) and the words for exposure verdicts. Pure.
 *
 * The headline leads with what happens to the domain's mail (./consequences.ts), never with a
 * severity word alone.
 */
import { SEVERITIES, type ExposureVerdict, type Finding, type ScanReport, type Severity } from "@/lib/scan/types";
import { consequenceHeadline } from "./consequences";

/** The scanner's one severity order (lib/scan/types.ts), worst first. */
export const SEVERITY_ORDER: readonly Severity[] = SEVERITIES;

/** 0 for critical … 4 for info; unknown severities sort last. */
export function severityRank(s: string): number {
  const i = SEVERITY_ORDER.indexOf(s as Severity);
  return i === -1 ? SEVERITY_ORDER.length : i;
}

/** The most severe finding (the first of equals, in report order); undefined when there is none. */
export function worstFinding(findings: readonly Finding[]): Finding | undefined {
  let worst: Finding | undefined;
  for (const f of findings) if (!worst || severityRank(f.severity) < severityRank(worst.severity)) worst = f;
  return worst;
}

export type { ExposureVerdict };

export const EXPOSURE_WORD: Record<ExposureVerdict, string> = {
  protected: "Protected",
  partial: "Partially protected",
  exposed: "Exposed",
  inconclusive: "Inconclusive",
  "no-inbound-mail": "No inbound mail",
};

/** The domain's STARTTLS-stripping verdict: the scanner's, else read from the findings (older reports). */
export function exposureVerdictOf(report: ScanReport): ExposureVerdict {
  if (report.exposure) return report.exposure.verdict;
  const ids = new Set(report.findings.map((f) => f.id));
  if (ids.has("mx-null")) return "no-inbound-mail";
  if (ids.has("starttls-stripping-exposure")) return "exposed";
  if (ids.has("starttls-stripping-partial")) return "partial";
  return report.checks?.mtaSts?.status === "pass" || report.checks?.dane?.status === "pass" ? "protected" : "inconclusive";
}

/**
 * The sentence shown under the grade, in the PDF and in the CLI summary: consequence first, then its
 * cause (./consequences.ts). Built from the findings on every view, so the headline never disagrees
 * with the findings listed below it; the scanner's exposure sentence stays on the exposure card,
 * where it answers the narrower STARTTLS-stripping question.
 */
export function verdictSentence(report: Pick<ScanReport, "domain" | "findings" | "notGraded">): string {
  return consequenceHeadline(report);
}
