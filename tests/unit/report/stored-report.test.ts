/**
 * readStoredReport (lib/report/stored-report.ts): today's reports come back unchanged, older
 * shapes are upgraded, and what is not a report is a typed "unreadable" result, never a throw.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readStoredReport, storedReportOrNull } from "../../../lib/report/stored-report";
import { summarizeReport } from "../../../lib/report/summary";
import { mailReport, nullMxReport } from "./fix-plan-fixtures";
import { report as historyReport } from "./history-fixtures";

const legacyJson = (): Record<string, unknown> => JSON.parse(readFileSync(new URL("../../fixtures/reports/legacy-report.json", import.meta.url), "utf8"));

/** The JSON round trip a report makes through a jsonb column. */
const asStored = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe("readStoredReport", () => {
  it.each([
    ["a mail domain with suggestions", mailReport("mail.example")],
    ["a null-MX domain", nullMxReport("nomail.example")],
    ["a small history report", historyReport()],
  ])("reads today's report (%s) back exactly as stored", (_name, report) => {
    const read = readStoredReport(asStored(report));
    expect(read).toEqual({ ok: true, report: asStored(report), upgrades: [] });
  });

  it("keeps fields it does not know (a check's evidence, an endpoint's newer fields)", () => {
    const base = mailReport("extra.example");
    const report = asStored({
      ...base,
      futureField: { anything: true },
      checks: { ...base.checks, mtaSts: { ...base.checks.mtaSts, coverage: [{ host: "mx1.extra.example", matched: false }] }, dmarc: { ...base.checks.dmarc, records: ["v=DMARC1; p=none"] } },
      mx: base.mx.map((h, i) => (i === 0 ? { ...h, endpoints: h.endpoints.map((e) => ({ ...e, injectedBytes: 0 })) } : h)),
    });
    const read = readStoredReport(report);
    expect(read.ok && read.report).toEqual(report);
  });

  it("reads a report of an older scanner (no exposure, versions, suggestions or newer fields)", () => {
    const json = legacyJson();
    const read = readStoredReport(json);
    if (!read.ok) throw new Error(read.unreadable.issues.join("\n"));
    expect(read.upgrades).toEqual([]);
    expect(read.report.exposure).toBeUndefined();
    expect(read.report.scannerVersion).toBeUndefined();
    expect(read.report.mx.map((h) => h.host)).toEqual(["mx1.legacy.example", "mx2.legacy.example"]);
    // Evidence stored next to the spec's fields stays for the readers that use it.
    expect(read.report.checks.mtaSts.policyText).toContain("mode: testing");
    // Exposure is derived from the findings when the report has none.
    expect(summarizeReport(read.report).exposure).toBe("inconclusive");
  });

  it("upgrades a report without schemaVersion and with the no-mail trio under suggestions", () => {
    const { noMailSuggestions, ...rest } = nullMxReport("old-nomail.example");
    // Before the trio had its own field: no kind tag, under suggestions, and no schemaVersion yet.
    const old: Record<string, unknown> = { ...rest, suggestions: { ...noMailSuggestions, kind: undefined } };
    delete old.schemaVersion;
    const read = readStoredReport(asStored(old));
    if (!read.ok) throw new Error(read.unreadable.issues.join("\n"));
    expect(read.report.schemaVersion).toBe(1);
    expect(read.report.suggestions).toBeUndefined();
    expect(read.report.noMailSuggestions).toEqual(noMailSuggestions);
    expect(read.upgrades).toEqual(["no schemaVersion: read as 1", "no-mail suggestions moved from suggestions to noMailSuggestions"]);
  });

  it("fills suggestions an older generator did not write with empty values, and says so", () => {
    const full = mailReport("partial.example");
    const dmarcRecord = full.suggestions!.dmarcRecord;
    const read = readStoredReport(asStored({ ...full, suggestions: { dmarcRecord, tlsa: "not a list" } }));
    if (!read.ok) throw new Error(read.unreadable.issues.join("\n"));
    expect(read.report.suggestions).toMatchObject({ mtaStsPolicy: "", mtaStsRecord: "", tlsRptRecord: "", tlsa: [], dmarcRecord });
    expect(read.upgrades).toEqual(["suggestions without mtaStsPolicy, mtaStsRecord, tlsRptRecord: read as none"]);
  });

  it("drops an exposure of an unknown shape and mends a finding without a title from the catalogue", () => {
    const json = legacyJson();
    json.exposure = { verdict: "maybe" };
    const findings = json.findings as Record<string, unknown>[];
    delete findings[1]!.title;
    const read = readStoredReport(json);
    if (!read.ok) throw new Error(read.unreadable.issues.join("\n"));
    expect(read.report.exposure).toBeUndefined();
    expect(read.report.findings[1]!.title).toMatch(/TLS-RPT/);
    expect(read.upgrades).toEqual(["finding tls-rpt-missing without a title: the catalogue's title"]);
  });

  it.each([
    ["null", null, /No report is stored/],
    ["a string", "report", /not a JSON object/],
    ["a list", [1, 2], /not a JSON object/],
    ["a newer format", { ...mailReport("new.example"), schemaVersion: 2 }, /newer scanner \(report format 2\)/],
  ])("says %s cannot be read", (_name, value, reason) => {
    const read = readStoredReport(value);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.unreadable.reason).toMatch(reason);
    expect(storedReportOrNull(value)).toBeNull();
  });

  it("names the fields of a report that does not fit", () => {
    const json = legacyJson();
    delete (json.checks as Record<string, unknown>).dmarc;
    json.grade = "Z";
    const read = readStoredReport(json);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.unreadable.reason).toMatch(/does not have the shape of a scan report/);
    expect(read.unreadable.issues).toEqual(expect.arrayContaining([expect.stringMatching(/^grade: /), expect.stringMatching(/^checks\.dmarc: /)]));
  });
});

describe("readStoredReport: exposure reasons", () => {
  const withHosts = (hosts: Record<string, unknown>[]) => {
    const base = mailReport("reasons.example");
    return asStored({ ...base, exposure: { verdict: "exposed", sentence: "s", hosts } });
  };
  const host = { host: "mx1.reasons.example", dane: false, mtaSts: false, protectedFor: "no sender" };

  it("reads the reasons back from the why line an older scanner stored", () => {
    const why = "DANE broken: the TLSA records match no presented certificate; MTA-STS: host not listed in the policy's mx lines";
    const read = readStoredReport(withHosts([{ ...host, why }]));
    if (!read.ok) throw new Error(read.unreadable.issues.join("\n"));
    expect(read.upgrades).toEqual(["exposure reasons read from the hosts' why text"]);
    expect(read.report.exposure!.hosts[0]!.reasons).toEqual([
      { path: "dane", state: "mismatch", broken: true, text: "the TLSA records match no presented certificate" },
      { path: "mta-sts", state: "not-covered", broken: false, text: "host not listed in the policy's mx lines" },
    ]);
  });

  it.each([
    ["a line no scanner wrote", "no MTA-STS policy; no TLSA"],
    ["a known text under the wrong label", "DANE: host not listed in the policy's mx lines; MTA-STS: no TLSA records"],
    ["a broken label on a state that is never broken", "DANE broken: no TLSA records; MTA-STS: no valid policy in enforce mode"],
  ])("leaves %s without reasons", (_name, why) => {
    const read = readStoredReport(withHosts([{ ...host, why }]));
    if (!read.ok) throw new Error(read.unreadable.issues.join("\n"));
    expect(read.upgrades).toEqual([]);
    expect(read.report.exposure!.hosts[0]!.reasons).toBeUndefined();
  });

  it("keeps stored reasons as they are", () => {
    const reasons = [
      { path: "dane", state: "no-tlsa", broken: false, text: "no TLSA records" },
      { path: "mta-sts", state: "protected", broken: false, text: "enforced, covered, valid TLS" },
    ];
    const stored = withHosts([{ ...host, mtaSts: true, why: "DANE: no TLSA records; MTA-STS: enforced, covered, valid TLS", reasons }]);
    expect(readStoredReport(stored)).toEqual({ ok: true, report: stored, upgrades: [] });
  });
});
