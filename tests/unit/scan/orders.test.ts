/**
 * One source for the orders the code ranks by (lib/scan/types.ts): the score table, the report
 * contract and every reader agree with it, so no copy can drift.
 */
import { describe, expect, it } from "vitest";
import { EVENT_SEVERITIES, severityRank as eventSeverityRank } from "@/lib/report/changes";
import { GRADE_FILTERS } from "@/lib/report/domain-list-params";
import { GRADE_KEYS } from "@/lib/report/trends";
import { SEVERITY_ORDER, severityRank as reportSeverityRank } from "@/lib/report/verdict";
import { gradingRules } from "@/lib/report/why-not-higher";
import { GRADE_FLOOR, SEVERITY_PENALTY } from "@/lib/scan/score";
import { GRADES, gradeRank, SEVERITIES, severityRank } from "@/lib/scan/types";

describe("severity order", () => {
  it("is worst first: every severity costs more than the next (docs/scoring.md)", () => {
    for (let i = 1; i < SEVERITIES.length; i++) expect(SEVERITY_PENALTY[SEVERITIES[i - 1]!]).toBeGreaterThan(SEVERITY_PENALTY[SEVERITIES[i]!]);
    expect(Object.keys(SEVERITY_PENALTY).sort()).toEqual([...SEVERITIES].sort());
  });

  it("is the one the readers rank by", () => {
    expect(SEVERITY_ORDER).toEqual(SEVERITIES);
    expect(EVENT_SEVERITIES).toEqual(SEVERITIES);
    expect(gradingRules().penalties.map((p) => p.severity)).toEqual(SEVERITIES);
    for (const s of SEVERITIES) {
      expect(reportSeverityRank(s)).toBe(severityRank(s));
      // Alert rules count upwards ("at least high"): the same order, reversed.
      expect(eventSeverityRank(s)).toBe(SEVERITIES.length - 1 - severityRank(s));
    }
  });
});

describe("grade order", () => {
  it("is best first, as the score table's floors are", () => {
    expect(GRADE_FLOOR.map(([g]) => g)).toEqual(GRADES);
    expect(GRADES.map(gradeRank)).toEqual(GRADES.map((_, i) => i));
  });

  it("is the one the readers list and filter by", () => {
    expect(GRADE_KEYS).toEqual(GRADES);
    expect(GRADE_FILTERS).toEqual([...GRADES, "none", "not-graded"]);
    expect(gradingRules().floors.map((f) => f.grade)).toEqual(GRADES);
  });
});
