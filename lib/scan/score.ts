/**
 * Score and grade from a table, not from scattered code (see docs/scoring.md). A scan stores the
 * ruleset version it was scored with, so trends never mix rule changes with posture changes.
 */
import { gradeRank, severityRank, type Finding, type Grade, type Severity } from "./types";

/** 2: findings that share one cause cost once (CAUSE_OF). */
export const RULESET_VERSION = 2;

/** Points one finding of each severity costs; the same id on several MX hosts costs once. */
export const SEVERITY_PENALTY: Record<Severity, number> = { critical: 40, high: 20, medium: 8, low: 3, info: 0 };

/** Caps: a grade can be no better than this when a finding of the severity is present. */
export const SEVERITY_CAP: Partial<Record<Severity, Grade>> = { critical: "F", high: "C" };

/** Lowest score for each grade, best first. */
export const GRADE_FLOOR: [Grade, number][] = [
  ["A+", 95],
  ["A", 85],
  ["B", 70],
  ["C", 55],
  ["D", 40],
  ["F", 0],
];

/**
 * Findings that report one cause twice cost once, the worst of them (docs/scoring.md §1): an MX
 * host's failing TLS shows as its certificate finding and, under an MTA-STS policy, as the policy's
 * "MX fails TLS" finding (RFC 8461 §4.2); charging both took a single wrong-name certificate to 0/100.
 * `starttls-stripping-exposure` stays apart: it is the consequence for readers of mail, which the
 * contract raises beside the mail-loss finding.
 */
export const CAUSE_OF: Readonly<Record<string, string>> = {
  "cert-untrusted": "mx-tls",
  "cert-name-mismatch": "mx-tls",
  "cert-expired": "mx-tls",
  "cert-expiring-soon": "mx-tls",
  "mta-sts-mx-tls-invalid": "mx-tls",
};

/** The cause a finding id is charged under: its family (CAUSE_OF), else the id itself. */
export function causeOf(id: string): string {
  return CAUSE_OF[id] ?? id;
}

export function scoreFindings(findings: Finding[]): { score: number; grade: Grade } {
  const worstPerCause = new Map<string, Severity>();
  for (const f of findings) {
    const key = causeOf(f.id);
    const prev = worstPerCause.get(key);
    if (!prev || severityRank(f.severity) < severityRank(prev)) worstPerCause.set(key, f.severity);
  }
  let score = 100;
  for (const sev of worstPerCause.values()) score -= SEVERITY_PENALTY[sev];
  score = Math.max(0, score);
  let grade = GRADE_FLOOR.find(([, floor]) => score >= floor)![0];
  for (const sev of worstPerCause.values()) {
    const cap = SEVERITY_CAP[sev];
    if (cap && gradeRank(cap) > gradeRank(grade)) grade = cap;
  }
  return { score, grade };
}
