/** The sender-report CSV: hostile organisation names stay text in a spreadsheet (CSV injection). */
import { describe, expect, it } from "vitest";
import { senderReportsCsv, SENDER_CSV_COLUMNS } from "../../../lib/report/senders/csv";
import { csvCell } from "../../../lib/report/csv";

const base = { kind: "tlsrpt", reportId: "r-1", rangeStart: new Date("2026-12-01T00:00:00Z"), rangeEnd: new Date("2026-12-01T23:59:59Z"), channel: "https", verified: true, conflict: false, sessions: 5, failures: 1, messages: null, dmarcFail: null };

describe("senderReportsCsv", () => {
  it("quotes formula starters, commas, quotes and line breaks; numbers stay numbers", () => {
    const body = senderReportsCsv([
      { ...base, orgName: "=HYPERLINK(\"http://evil.example\",\"click\")" },
      { ...base, orgName: "+1 Org, Inc.\r\nsecond line" },
      { ...base, orgName: "@SUM(A1)", kind: "dmarc", sessions: null, failures: null, messages: 10, dmarcFail: -1 },
    ]);
    const lines = body.split("\r\n");
    expect(lines[0]!.split(",").length).toBe(SENDER_CSV_COLUMNS.length + 1); // one header holds a comma, quoted
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(body).toContain(`"'+1 Org, Inc.\r\nsecond line"`);
    expect(body).toContain("DMARC,'@SUM(A1),r-1");
    // A negative count is a number, not text to defuse.
    expect(body).toMatch(/,10,-1\r\n$/);
  });

  it("csvCell leaves plain text and empty cells alone", () => {
    expect(csvCell("Mail Provider")).toBe("Mail Provider");
    expect(csvCell(null)).toBe("");
    expect(csvCell(0)).toBe("0");
  });
});
