/**
 * The one-sentence verdict under the grade (docs/ui.md §5.2) and the words for exposure verdicts. Pure.
 *
 * The scanner's exposure model writes the sentence (`report.exposure.sentence`); reports from
 * before that field get one built here from the worst finding, so every report leads with a
 * verdict in words.
 */
import type { Finding, ScanReport, Severity } from "@/lib/scan/types";

export const SEVERITY_ORDER: readonly Severity[] = ["critical", "high", "medium", "low", "info"];

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

export type ExposureVerdict = "protected" | "partial" | "exposed" | "inconclusive" | "no-inbound-mail";

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

const LEAD: Record<Severity, (domain: string) => string> = {
  critical: (d) => `${d} has a critical problem that can lose or expose mail right now`,
  high: (d) => `${d} has a serious weakness`,
  medium: (d) => `${d} is partly protected`,
  low: (d) => `${d} is well protected, with minor issues`,
  info: (d) => `No problems were found for ${d}`,
};

function trimStop(s: string): string {
  return s.trim().replace(/[.\s]+$/, "");
}

/**
 * A verdict sentence built from the report alone: null MX first (nothing inbound to protect),
 * then the worst finding with a lead that matches its severity, then how many others need work.
 */
export function buildVerdictSentence(report: ScanReport): string {
  const domain = report.domain;
  const actionable = report.findings.filter((f) => f.severity !== "info");
  const worst = worstFinding(actionable);
  if (report.findings.some((f) => f.id === "mx-null")) {
    return worst
      ? `${domain} accepts no mail (null MX), so the transport checks were skipped; the most urgent remaining problem is ${worst.severity}: ${trimStop(worst.title)}.`
      : `${domain} accepts no mail (null MX), so the transport checks were skipped; its anti-spoofing records pass.`;
  }
  if (!worst) return `${LEAD.info(domain)}: every check passed.`;
  const others = new Set(actionable.map((f) => f.id));
  others.delete(worst.id);
  const more = others.size === 0 ? "" : ` ${others.size} other ${others.size === 1 ? "problem needs" : "problems need"} attention.`;
  return `${LEAD[worst.severity](domain)}: ${trimStop(worst.title)}.${more}`;
}

/** The sentence shown under the grade. */
export function verdictSentence(report: ScanReport): string {
  const fromScanner = report.exposure?.sentence?.trim();
  return fromScanner ? fromScanner : buildVerdictSentence(report);
}
