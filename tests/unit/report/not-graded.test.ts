/**
 * A scan that could not be graded (report `notGraded`) on every pure reader: the headline leads with
 * the reason, the CLI text and the PDF say "Not graded", no event compares it as if it had a grade,
 * the summary carries it to the portfolio, the stored report keeps it, and the weekly roll-up leaves
 * the domain out.
 */
import { describe, expect, it } from "vitest";
import { detectChanges } from "@/lib/report/changes";
import { consequenceHeadline } from "@/lib/report/consequences";
import { formatReportText } from "@/lib/report/format-text";
import { buildPdfModel } from "@/lib/report/pdf/model";
import { readStoredReport } from "@/lib/report/stored-report";
import { summarizeReport } from "@/lib/report/summary";
import { countersOf, weekStateOf } from "@/lib/services/scans/weekly-rollup";
import type { ScanReport } from "@/lib/scan/types";
import { finding, report } from "./history-fixtures";

const NXDOMAIN = "the domain does not exist (NXDOMAIN)";
const TIMEOUTS = "no lookup for the domain succeeded: MX (timeout), _dmarc TXT (timeout), SPF TXT (timeout), _mta-sts TXT (timeout), _smtp._tls TXT (timeout)";

/** What the issue saw: NXDOMAIN graded D for spoofing, and timeouts graded A+. */
const nx = (): ScanReport => ({ ...report({ grade: "D", score: 53, findings: [finding("dmarc-missing", "high"), finding("spf-missing", "high")] }), notGraded: NXDOMAIN });
const silent = (): ScanReport => ({ ...report({ grade: "A+", score: 100, findings: [] }), notGraded: TIMEOUTS });

describe("consequenceHeadline", () => {
  it("leads with the reason, not with a consequence of findings nobody could observe", () => {
    expect(consequenceHeadline(nx())).toBe(`example.com is not graded: ${NXDOMAIN}.`);
    expect(consequenceHeadline(silent())).toBe(`example.com is not graded: ${TIMEOUTS}.`);
  });
  it("a graded report keeps its consequence headline", () => {
    expect(consequenceHeadline(report({ findings: [finding("dmarc-missing", "high")] }))).toMatch(/^Anyone can send mail/);
  });
});

describe("formatReportText (CLI)", () => {
  it("says Not graded with the reason instead of the grade", () => {
    const text = formatReportText(silent(), { color: false });
    const first = text.split("\n")[0]!;
    expect(first).toContain(`Not graded: ${TIMEOUTS}`);
    expect(first).not.toMatch(/Grade A\+|100\/100/);
  });
});

describe("buildPdfModel", () => {
  it("gives the grade line and mark of a scan without a grade", () => {
    const m = buildPdfModel({ report: nx(), workspaceName: "Acme", scanId: "s1", generatedAt: new Date("2026-12-07T00:00:00Z") });
    expect(m.gradeLine).toBe(`Not graded: ${NXDOMAIN}`);
    expect(m.gradeMark).toBe("?");
    const graded = buildPdfModel({ report: report({ grade: "B", score: 84 }), workspaceName: "Acme", scanId: "s2", generatedAt: new Date("2026-12-07T00:00:00Z") });
    expect(graded.gradeLine).toBe("Grade B · 84/100");
    expect(graded.gradeMark).toBe("B");
  });
});

describe("detectChanges", () => {
  it("going not graded is one not-graded event, not a grade drop or a weaker DMARC", () => {
    const before = report({ grade: "A", score: 90, dmarcRecord: "v=DMARC1; p=reject" });
    const events = detectChanges(before, nx());
    expect(events).toEqual([expect.objectContaining({ kind: "not-graded", before: "A", after: null, summary: `The domain could not be graded: ${NXDOMAIN}.` })]);
  });
  it("nothing while it lasts, and nothing on the way back (no comparison with a scan that saw nothing)", () => {
    expect(detectChanges(nx(), silent())).toEqual([]);
    expect(detectChanges(silent(), report({ grade: "F", score: 20, findings: [finding("dane-tlsa-mismatch", "critical", "mx1.example.com")] }))).toEqual([]);
  });
});

describe("summary, stored report and weekly roll-up", () => {
  it("the summary carries the reason (null when graded)", () => {
    expect(summarizeReport(nx()).notGraded).toBe(NXDOMAIN);
    expect(summarizeReport(report()).notGraded).toBeNull();
  });
  it("the stored-report reader keeps the field", () => {
    const read = readStoredReport(JSON.parse(JSON.stringify(silent())));
    expect(read.ok && read.report.notGraded).toBe(TIMEOUTS);
  });
  it("a not-graded week counts nothing, not even the domain; a graded one counts its grade", () => {
    expect(countersOf(weekStateOf("A+", summarizeReport(silent())))).toEqual({});
    expect(countersOf(weekStateOf("B", summarizeReport(report())))).toMatchObject({ domains: 1, gradeB: 1 });
  });
});
