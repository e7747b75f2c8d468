/**
 * One count of findings for every view (lib/report/summary.ts countFindings): the portfolio row
 * (summarizeReport), the report's headings, the PDF model and the CLI all show the same numbers.
 */
import { describe, expect, it } from "vitest";
import { buildPdfModel } from "@/lib/report/pdf/model";
import { countFindings, summarizeReport } from "@/lib/report/summary";
import { formatReportText } from "@/lib/report/format-text";
import { finding, report } from "./report-view-fixtures";

// The case: the same id on two hosts at different severities, plus one more id — 3 findings.
const findings = [
  finding("mta-sts-mx-mismatch", { host: "mx1.example.com", severity: "critical" }),
  finding("mta-sts-mx-mismatch", { host: "mx2.example.com", severity: "critical" }),
  finding("starttls-stripping-exposure"),
];

describe("countFindings", () => {
  it("counts one per finding, by its own severity, with distinct ids and hosts", () => {
    const c = countFindings(findings);
    expect(c).toEqual({ total: 3, bySeverity: { critical: 2, high: 1, medium: 0, low: 0, info: 0 }, ids: 2, hosts: 2 });
  });

  it("counts a mixed-severity id under each severity it has", () => {
    const c = countFindings([finding("cert-expired", { host: "a.example", severity: "critical" }), finding("cert-expired", { host: "b.example", severity: "medium" })]);
    expect(c.bySeverity.critical).toBe(1);
    expect(c.bySeverity.medium).toBe(1);
    expect(c.total).toBe(2);
    expect(c.ids).toBe(1);
  });

  it("is empty for no findings", () => {
    expect(countFindings([])).toEqual({ total: 0, bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, ids: 0, hosts: 0 });
  });
});

describe("every view uses the one count", () => {
  const r = report({ findings, grade: "F", score: 40 });

  it("portfolio counters", () => {
    const s = summarizeReport(r);
    expect([s.criticalCount, s.highCount]).toEqual([2, 1]);
  });

  it("PDF model", () => {
    const m = buildPdfModel({ report: r, workspaceName: "W", scanId: "s1", generatedAt: new Date(r.startedAt) });
    expect(m.counts).toEqual(countFindings(findings));
  });

  it("CLI summary", () => {
    const text = formatReportText(r, { color: false });
    expect(text).toContain("Findings (3): 2 critical, 1 high");
    expect(text.split("\n")[1]).toBe("Senders that enforce MTA-STS will refuse mail to mx1.example.com and mx2.example.com: they are not listed in the policy.");
  });
});
