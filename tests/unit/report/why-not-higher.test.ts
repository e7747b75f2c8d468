import { describe, expect, it } from "vitest";
import { gradingRules, whyNotHigher } from "@/lib/report/why-not-higher";
import { scoreFindings, SEVERITY_PENALTY } from "@/lib/scan/score";
import { finding } from "./report-view-fixtures";

describe("whyNotHigher", () => {
  it("lists each distinct id once, worst first, with its points, hosts and cap", () => {
    const findings = [
      finding("tls-rpt-missing"),
      finding("mta-sts-mx-mismatch", { host: "mx2.example.com" }),
      finding("dmarc-policy-none"),
      finding("mta-sts-mx-mismatch", { host: "mx1.example.com", severity: "critical" }),
      finding("spf-permissive"),
      finding("spf-softfail"),
    ];
    const why = whyNotHigher(findings);
    expect(why.deductions.map((d) => [d.id, d.severity, d.points, d.cap ?? null])).toEqual([
      ["mta-sts-mx-mismatch", "critical", 40, "F"],
      ["spf-permissive", "high", 20, "C"],
      ["dmarc-policy-none", "medium", 8, null],
      ["tls-rpt-missing", "low", 3, null],
    ]);
    expect(why.deductions[0]!.hosts).toEqual(["mx2.example.com", "mx1.example.com"]);
    // The title comes from the catalogue, never from the stored report.
    expect(why.deductions[1]!.title).toBe("SPF record lets any server send (+all, ?all or no all)");
  });

  it("agrees with scoreFindings on score and grade, and names the cap that lowered the grade", () => {
    const findings = [finding("spf-permissive"), finding("tls-rpt-missing")];
    const why = whyNotHigher(findings);
    const scored = scoreFindings(findings);
    expect(why.score).toBe(scored.score);
    expect(why.grade).toBe(scored.grade);
    expect(why.score).toBe(100 - SEVERITY_PENALTY.high - SEVERITY_PENALTY.low);
    expect(why.scoreGrade).toBe("B");
    expect(why.cappedBy).toEqual({ grade: "C", ids: ["spf-permissive"] });
  });

  it("floors the score at zero like the scanner", () => {
    const findings = [finding("dnssec-bogus"), finding("dane-tlsa-mismatch", { host: "mx1.example.com" }), finding("mta-sts-mx-mismatch", { host: "mx1.example.com", severity: "critical" })];
    const why = whyNotHigher(findings);
    expect(why.score).toBe(0);
    expect(why.grade).toBe(scoreFindings(findings).grade);
    expect(why.cappedBy).toBeUndefined();
  });

  it("deducts nothing for info findings and a clean report", () => {
    expect(whyNotHigher([finding("mx-null"), finding("spf-softfail")])).toEqual({ deductions: [], score: 100, scoreGrade: "A+", grade: "A+" });
    expect(whyNotHigher([]).deductions).toEqual([]);
  });

  it("keeps findings unknown to the catalogue, with their stored title", () => {
    const why = whyNotHigher([{ id: "future-check", severity: "medium", title: "Something new", detail: "d", fix: "f" }]);
    expect(why.deductions).toEqual([{ id: "future-check", severity: "medium", points: 8, title: "Something new", hosts: [] }]);
  });
});

describe("gradingRules", () => {
  it("exposes the score table for the explainer", () => {
    const rules = gradingRules();
    expect(rules.penalties.find((p) => p.severity === "critical")).toEqual({ severity: "critical", points: 40, cap: "F" });
    expect(rules.penalties.find((p) => p.severity === "info")).toEqual({ severity: "info", points: 0 });
    expect(rules.floors[0]).toEqual({ grade: "A+", min: 95 });
  });
});
