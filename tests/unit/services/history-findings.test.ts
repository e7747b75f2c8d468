import { describe, expect, it } from "vitest";
import type { ScanReport } from "../../../lib/scan/types";
import { historyFindings, withHistory } from "../../../lib/services/scans/history-findings";

function report(policyText: string | undefined, recordId: string | undefined, startedAt = "2026-11-27T12:00:00.000Z"): ScanReport {
  return {
    schemaVersion: 1,
    domain: "example.test",
    startedAt,
    durationMs: 10,
    grade: "A",
    score: 90,
    mx: [],
    checks: {
      mtaSts: { status: "pass", ...(policyText ? { policyText } : {}), ...(recordId ? { recordId } : {}) },
      tlsRpt: { status: "pass" },
      starttls: { status: "pass" },
      dane: { status: "missing" },
      dmarc: { status: "pass" },
      spf: { status: "pass" },
    },
    findings: [],
  };
}

const V1 = "version: STSv1\nmode: testing\nmx: mx.example.test\nmax_age: 86400\n";
const V2 = "version: STSv1\nmode: enforce\nmx: mx.example.test\nmax_age: 604800\n";

describe("mta-sts-policy-changed-id-unchanged (RFC 8461 §3.1)", () => {
  it.each<[string, ScanReport | null, ScanReport, string[]]>([
    ["first scan: nothing to compare", null, report(V2, "a1"), []],
    ["policy changed, id unchanged", report(V1, "a1"), report(V2, "a1"), ["mta-sts-policy-changed-id-unchanged"]],
    ["policy changed and id changed: correct rollout", report(V1, "a1"), report(V2, "a2"), []],
    ["same policy, same id", report(V1, "a1"), report(V1, "a1"), []],
    ["only line endings differ: same policy", report(V1, "a1"), report(V1.replace(/\n/g, "\r\n"), "a1"), []],
    ["previous scan had no policy", report(undefined, "a1"), report(V2, "a1"), []],
    ["no record now", report(V1, "a1"), report(V2, undefined), []],
  ])("%s", (_case, previous, current, ids) => {
    expect(historyFindings(previous, current).map((f) => f.id)).toEqual(ids);
  });

  it("re-scores the report when it adds the finding", () => {
    const current = report(V2, "a1");
    const out = withHistory(report(V1, "a1"), current);
    expect(out.findings.map((f) => f.severity)).toEqual(["high"]);
    expect(out.score).toBeLessThan(current.score);
    expect(out.grade).toBe("C");
  });
});
