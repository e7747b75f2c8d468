/**
 * "Why not higher" (docs/ui.md §5.2, after SSL Labs' rating guide): the deductions the score table of
 * lib/scan/score.ts makes for a report's findings, worst first, so every lost point and every cap
 * is named and links to its finding. Pure; mirrors scoreFindings() exactly.
 */
import { FINDING_CATALOGUE, isFindingId } from "@/lib/scan/findings";
import { causeOf, GRADE_FLOOR, SEVERITY_CAP, SEVERITY_PENALTY } from "@/lib/scan/score";
import { gradeRank, SEVERITIES, type Finding, type Grade, type Severity } from "@/lib/scan/types";
import { severityRank } from "./verdict";

export type Deduction = {
  id: string;
  /** The worst severity the id has in this report (what the table charges). */
  severity: Severity;
  /** Points subtracted from 100; charged once per distinct id, however many hosts, and once per cause. */
  points: number;
  /** Set when another finding of the same cause carries the points (lib/scan/score.ts CAUSE_OF): its id. */
  countedWith?: string;
  /** The best grade still possible while this finding is open, when the severity caps it. */
  cap?: Grade;
  title: string;
  /** Hosts the finding concerns (empty for domain-wide findings). */
  hosts: string[];
};

export type WhyNotHigher = {
  /** Deductions that cost points or cap the grade, worst first. Info findings cost nothing and are left out. */
  deductions: Deduction[];
  /** 100 minus the points, floored at 0. */
  score: number;
  /** The grade from the score alone, before caps. */
  scoreGrade: Grade;
  /** The grade after caps. */
  grade: Grade;
  /** Set when a cap made the grade worse than the score alone would: the cap and the ids behind it. */
  cappedBy?: { grade: Grade; ids: string[] };
};

const CATALOGUE_ORDER = new Map(Object.keys(FINDING_CATALOGUE).map((id, i) => [id, i]));

function gradeForScore(score: number): Grade {
  return (GRADE_FLOOR.find(([, floor]) => score >= floor) ?? GRADE_FLOOR[GRADE_FLOOR.length - 1]!)[0];
}

function worse(a: Grade, b: Grade): Grade {
  return gradeRank(a) >= gradeRank(b) ? a : b;
}

function penalty(s: Severity): number {
  return SEVERITY_PENALTY[s] ?? 0;
}

/** The score table applied to `findings`, as a list of named deductions. */
export function whyNotHigher(findings: readonly Finding[]): WhyNotHigher {
  const byId = new Map<string, Deduction>();
  for (const f of findings) {
    const prev = byId.get(f.id);
    const title = isFindingId(f.id) ? FINDING_CATALOGUE[f.id].title : f.title;
    if (!prev) {
      byId.set(f.id, { id: f.id, severity: f.severity, points: penalty(f.severity), title, hosts: f.host ? [f.host] : [] });
      continue;
    }
    if (f.host && !prev.hosts.includes(f.host)) prev.hosts.push(f.host);
    if (severityRank(f.severity) < severityRank(prev.severity)) {
      prev.severity = f.severity;
      prev.points = penalty(f.severity);
    }
  }
  for (const d of byId.values()) {
    const cap = SEVERITY_CAP[d.severity];
    if (cap) d.cap = cap;
  }
  // One cause, one charge: the worst finding of a cause carries the points, the others point to it.
  const byCause = new Map<string, Deduction[]>();
  for (const d of byId.values()) {
    const cause = causeOf(d.id);
    const members = byCause.get(cause);
    if (members) members.push(d);
    else byCause.set(cause, [d]);
  }
  for (const members of byCause.values()) {
    if (members.length < 2) continue;
    members.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || (CATALOGUE_ORDER.get(a.id) ?? Infinity) - (CATALOGUE_ORDER.get(b.id) ?? Infinity));
    const [charged, ...rest] = members as [Deduction, ...Deduction[]];
    for (const d of rest) {
      d.points = 0;
      d.countedWith = charged.id;
    }
  }
  const all = [...byId.values()];
  const score = Math.max(0, 100 - all.reduce((sum, d) => sum + d.points, 0));
  const scoreGrade = gradeForScore(score);
  let grade = scoreGrade;
  for (const d of all) if (d.cap) grade = worse(d.cap, grade);
  const deductions = all
    .filter((d) => d.points > 0 || d.cap || (d.countedWith && penalty(d.severity) > 0))
    .sort(
      (a, b) =>
        b.points - a.points ||
        severityRank(a.severity) - severityRank(b.severity) ||
        (CATALOGUE_ORDER.get(a.id) ?? Infinity) - (CATALOGUE_ORDER.get(b.id) ?? Infinity) ||
        a.id.localeCompare(b.id),
    );
  const result: WhyNotHigher = { deductions, score, scoreGrade, grade };
  if (grade !== scoreGrade) result.cappedBy = { grade, ids: deductions.filter((d) => d.cap === grade).map((d) => d.id) };
  return result;
}

/** The score table itself, for the "How grading works" explainer. */
export function gradingRules(): { penalties: { severity: Severity; points: number; cap?: Grade }[]; floors: { grade: Grade; min: number }[] } {
  return {
    penalties: SEVERITIES.map((severity) => {
      const cap = SEVERITY_CAP[severity];
      return cap ? { severity, points: penalty(severity), cap } : { severity, points: penalty(severity) };
    }),
    floors: GRADE_FLOOR.map(([grade, min]) => ({ grade, min })),
  };
}
