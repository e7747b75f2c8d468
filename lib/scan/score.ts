/**
 * Score and grade from a table, not from scattered code (see docs/scoring.md). A scan stores the
 * ruleset version it was scored with, so trends never mix rule changes with posture changes.
 */
import { gradeRank, severityRank, type Finding, type Grade, type Severity } from "./types";

export const RULESET_VERSION = 1;

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

export function scoreFindings(findings: Finding[]): { score: number; grade: Grade } {
  const worstPerId = new Map<string, Severity>();
  for (const f of findings) {
    const prev = worstPerId.get(f.id);
    if (!prev || severityRank(f.severity) < severityRank(prev)) worstPerId.set(f.id, f.severity);
  }
  let score = 100;
  for (const sev of worstPerId.values()) score -= SEVERITY_PENALTY[sev];
  score = Math.max(0, score);
  let grade = GRADE_FLOOR.find(([, floor]) => score >= floor)![0];
  for (const sev of worstPerId.values()) {
    const cap = SEVERITY_CAP[sev];
    if (cap && gradeRank(cap) > gradeRank(grade)) grade = cap;
  }
  return { score, grade };
}
