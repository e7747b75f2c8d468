/**
 * `noMailSuggestions` (docs/report-format.md, "What mailposture adds") is declared and validated
 * by the report schema: the records the real generator writes pass, broken ones and a report
 * carrying both suggestion sets do not.
 */
import { describe, expect, it } from "vitest";
import { validateReport } from "@/lib/scan/report-schema";
import { suggestNoMailRecords } from "@/lib/scan/suggest";
import type { ScanReport } from "@/lib/scan/types";
import { report as baseReport } from "../report/report-view-fixtures";
import { input, ownDmarc } from "./suggest/fixtures";

/** A null-MX domain's report: no MX hosts, transport areas n/a, the generator's no-mail trio. */
function noMailReport(overrides: Partial<ScanReport> = {}): ScanReport {
  const base = baseReport();
  return {
    ...base,
    mx: [],
    checks: { ...base.checks, mtaSts: { status: "n/a" }, tlsRpt: { status: "n/a" }, starttls: { status: "n/a" } },
    noMailSuggestions: suggestNoMailRecords(input({ mail: "null-mx", mx: [] })),
    ...overrides,
  };
}

describe("report schema: noMailSuggestions", () => {
  it("accepts the trio the generator writes, also with a rua kept from the current record", () => {
    expect(validateReport(noMailReport())).toEqual({ ok: true });
    const withRua = suggestNoMailRecords(input({ mail: "null-mx", mx: [], dmarc: ownDmarc("v=DMARC1; p=none; rua=mailto:agg@reports.example.net") }));
    expect(withRua.dmarcRecord).toContain("rua=");
    expect(validateReport(noMailReport({ noMailSuggestions: withRua }))).toEqual({ ok: true });
  });

  it("rejects a null MX record that is not MX 0 . (RFC 7505 §3)", () => {
    const trio = { ...suggestNoMailRecords(input({ mail: "null-mx", mx: [] })), nullMxRecord: "example.com. IN MX 10 ." };
    const result = validateReport(noMailReport({ noMailSuggestions: trio }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.join("\n")).toMatch(/^noMailSuggestions\.nullMxRecord: /m);
  });

  it("rejects an SPF record that does not end in -all, and an unknown field", () => {
    const trio = suggestNoMailRecords(input({ mail: "null-mx", mx: [] }));
    expect(validateReport(noMailReport({ noMailSuggestions: { ...trio, spfRecord: 'example.com. IN TXT "v=spf1 ~all"' } })).ok).toBe(false);
    const extra = { ...trio, extra: 1 } as unknown as ScanReport["noMailSuggestions"];
    expect(validateReport(noMailReport({ noMailSuggestions: extra })).ok).toBe(false);
  });

  it("rejects a report that carries both suggestions and noMailSuggestions", () => {
    const suggestions = { mtaStsPolicy: "version: STSv1\nmode: testing\nmx: mx1.example.com\nmax_age: 86400\n", mtaStsRecord: '_mta-sts.example.com. IN TXT "v=STSv1; id=1"', tlsRptRecord: '_smtp._tls.example.com. IN TXT "v=TLSRPTv1; rua=mailto:t@example.com"', dmarcRecord: '_dmarc.example.com. IN TXT "v=DMARC1; p=none"', tlsa: [] };
    expect(validateReport(noMailReport({ suggestions: undefined }))).toEqual({ ok: true });
    const both = validateReport(noMailReport({ suggestions }));
    expect(both.ok).toBe(false);
    if (!both.ok) expect(both.issues).toContain("noMailSuggestions: noMailSuggestions is given instead of suggestions, not beside them");
  });
});
