/**
 * The Fix tab's plan from one report (lib/report/fix-plan), on pure inputs: the scanner's report
 * shape as built by the fixtures, and stored shapes read back through readStoredReport.
 */
import { describe, expect, it } from "vitest";
import { buildFixSteps, downloadName, isSuggestedFileName, suggestedFileBody } from "../../../lib/report/fix-plan";
import { readStoredReport } from "../../../lib/report/stored-report";
import type { ScanReport } from "../../../lib/scan/types";
import { longDmarcValue, mailReport, nullMxReport, spki } from "./fix-plan-fixtures";

const domain = "fix.example";

/** A stored JSON value read back as the services read it. */
function stored(json: unknown): ScanReport {
  const read = readStoredReport(JSON.parse(JSON.stringify(json)));
  if (!read.ok) throw new Error(`unreadable: ${read.unreadable.reason} ${read.unreadable.issues.join("; ")}`);
  return read.report;
}

describe("buildFixSteps", () => {
  it("orders the suggestions into steps with where, why and split records", () => {
    const plan = buildFixSteps(mailReport(domain));
    expect(plan.acceptsMail).toBe(true);
    expect(plan.hasSuggestions).toBe(true);
    expect(plan.steps.map((s) => s.key)).toEqual(["tls-rpt", "mta-sts", "dane", "dmarc"]);
    expect(plan.steps.map((s) => s.state)).toEqual(["todo", "todo", "todo", "todo"]);

    const tlsRpt = plan.steps[0]!;
    expect(tlsRpt.status).toBe("missing");
    expect(tlsRpt.fixes.map((f) => f.id)).toEqual(["tls-rpt-missing"]);
    expect(tlsRpt.fixes[0]!.anchor).toBe("finding-tls-rpt-missing");
    expect(tlsRpt.records).toEqual([
      {
        zoneLine: `_smtp._tls.${domain}. IN TXT "v=TLSRPTv1; rua=mailto:tlsrpt@${domain}"`,
        name: `_smtp._tls.${domain}`,
        type: "TXT",
        value: `v=TLSRPTv1; rua=mailto:tlsrpt@${domain}`,
        strings: [`v=TLSRPTv1; rua=mailto:tlsrpt@${domain}`],
        placeholders: [],
      },
    ]);
    expect(tlsRpt.notes[0]).toContain("tlsrpt@");

    const mtaSts = plan.steps[1]!;
    expect(mtaSts.title).toBe("Publish an MTA-STS policy (testing)");
    expect(mtaSts.policyFile).toMatchObject({ url: `https://mta-sts.${domain}/.well-known/mta-sts.txt`, mode: "testing", maxAge: 86400, download: "mta-sts.txt" });
    expect(mtaSts.policyFile?.text).toContain(`mx: mx1.${domain}`);
    expect(mtaSts.policyFile?.hostingNote).toContain("text/plain");
    expect(mtaSts.records[0]).toMatchObject({ name: `_mta-sts.${domain}`, type: "TXT", value: "v=STSv1; id=20261128T120000" });
    expect(mtaSts.fixes.map((f) => f.id)).toEqual(["starttls-stripping-exposure", "mta-sts-missing"]);
    expect(mtaSts.stages.join(" ")).toMatch(/testing.*TLS-RPT.*enforce/s);
    expect(mtaSts.owners).toEqual(["Policy web host", "DNS"]);
    expect(mtaSts.notes[0]).toContain("could not be reached");

    const dane = plan.steps[2]!;
    expect(dane.records.map((r) => [r.name, r.type, r.value])).toEqual([
      [`_25._tcp.mx1.${domain}`, "TLSA", `3 1 1 ${spki("mx1-key")}`],
      [`_25._tcp.mx1.${domain}`, "TLSA", `2 1 1 ${spki("ca-key")}`],
      [`_25._tcp.mx2.${domain}`, "TLSA", `3 1 1 ${spki("mx2-key")}`],
    ]);
    expect(dane.warnings.join(" ")).toMatch(/not DNSSEC-signed/);
    expect(dane.download).toBe("tlsa.zone");

    // A TXT value over 255 bytes: the joined value and its published strings, never truncated.
    const dmarc = plan.steps[3]!;
    const value = longDmarcValue(domain);
    expect(Buffer.byteLength(value)).toBeGreaterThan(255);
    expect(dmarc.title).toBe("Publish a DMARC record (p=quarantine)");
    expect(dmarc.records[0]!.value).toBe(value);
    expect(dmarc.records[0]!.strings).toHaveLength(2);
    expect(dmarc.records[0]!.strings!.join("")).toBe(value);
    expect(Buffer.byteLength(dmarc.records[0]!.strings![0]!)).toBe(255);
    expect(dmarc.fixes.map((f) => f.id)).toEqual(["dmarc-policy-none"]);
    expect(dmarc.stages[0]).toMatch(/p=quarantine/);

    expect(plan.drafts.mtaSts).toContain("mode: testing");
    expect(plan.drafts.tlsa.split("\n")).toEqual(mailReport(domain).suggestions!.tlsa);
  });

  it("is the same for the report as stored and read back", () => {
    expect(buildFixSteps(stored(mailReport(domain)))).toEqual(buildFixSteps(mailReport(domain)));
  });

  it("says nothing to change for an area that passes", () => {
    const report = mailReport(domain);
    report.checks.tlsRpt = { status: "pass", record: `v=TLSRPTv1; rua=mailto:tlsrpt@${domain}` };
    report.findings = report.findings.filter((f) => f.id !== "tls-rpt-missing");
    const step = buildFixSteps(report).steps.find((s) => s.key === "tls-rpt")!;
    expect(step.state).toBe("in-place");
    expect(step.fixes).toEqual([]);
  });

  it("lists mail-server problems as blockers before enforce", () => {
    const report = mailReport(domain);
    report.findings.push({ id: "cert-expired", severity: "critical", title: "Certificate expired", detail: "x", fix: "renew", host: `mx2.${domain}` });
    const mtaSts = buildFixSteps(report).steps.find((s) => s.key === "mta-sts")!;
    expect(mtaSts.blockers.map((f) => [f.id, f.host])).toEqual([["cert-expired", `mx2.${domain}`]]);
    expect(mtaSts.warnings.join(" ")).toMatch(/before switching to enforce/);
  });

  it("marks steps unavailable for stored suggestions of an older generator (fields absent or of another type)", () => {
    const old: Record<string, unknown> = { ...mailReport(domain), suggestions: { tlsa: "not a list" } };
    const plan = buildFixSteps(stored(old));
    expect(plan.hasSuggestions).toBe(false);
    expect(plan.steps.map((s) => s.state)).toEqual(["unavailable", "unavailable", "unavailable", "unavailable"]);
    expect(plan.steps[0]!.unavailableReason).toMatch(/no suggestion/);
    expect(plan.steps[1]!.fixes.map((f) => f.id)).toContain("mta-sts-missing");
    expect(plan.drafts).toEqual({ mtaSts: "", tlsa: "" });
  });

  it("keeps the suggestions an older generator did write", () => {
    const full = mailReport(domain);
    const old: Record<string, unknown> = { ...full, suggestions: { dmarcRecord: full.suggestions!.dmarcRecord, tlsRptRecord: full.suggestions!.tlsRptRecord } };
    const plan = buildFixSteps(stored(old));
    expect(plan.steps.map((s) => [s.key, s.state])).toEqual([["tls-rpt", "todo"], ["mta-sts", "unavailable"], ["dane", "unavailable"], ["dmarc", "todo"]]);
    expect(plan.steps[0]!.notes).toEqual([]);
  });

  it("builds the no-mail step for a null-MX domain", () => {
    const plan = buildFixSteps(nullMxReport(domain));
    expect(plan.acceptsMail).toBe(false);
    expect(plan.steps.map((s) => s.key)).toEqual(["no-mail"]);
    expect(plan.steps[0]!.state).toBe("todo");
    expect(plan.steps[0]!.records.map((r) => `${r.name} ${r.type} ${r.value}`)).toEqual([`${domain} MX 0 .`, `${domain} TXT v=spf1 -all`, `_dmarc.${domain} TXT v=DMARC1; p=reject`]);
    expect(plan.steps[0]!.fixes.map((f) => f.id).sort()).toEqual(["dmarc-missing", "spf-missing"]);
    expect(plan.steps[0]!.notes).toEqual(["The domain accepts no mail: publish all three."]);
    expect(plan.steps[0]!.download).toBe("records.zone");
  });

  it("reads the no-mail trio that older reports stored under suggestions", () => {
    const { noMailSuggestions, ...rest } = nullMxReport(domain);
    const plan = buildFixSteps(stored({ ...rest, suggestions: noMailSuggestions }));
    expect(plan).toEqual(buildFixSteps(nullMxReport(domain)));
  });

  it("offers extra zone-file lines under unknown keys as an 'other' step, and ignores non-records", () => {
    const report = mailReport(domain);
    report.suggestions!.caaRecords = [`${domain}. IN CAA 0 issue "letsencrypt.org"`, "see the docs"];
    report.suggestions!.comment = "just words";
    report.suggestions!.count = 3;
    const other = buildFixSteps(report).steps.at(-1)!;
    expect(other.key).toBe("other");
    expect(other.records.map((r) => [r.name, r.type, r.zoneLine])).toEqual([[domain, "CAA", `${domain}. IN CAA 0 issue "letsencrypt.org"`]]);
    expect(other.rawLines).toEqual([]);
  });
});

describe("suggested files", () => {
  it("builds the policy and the zone files of a report", () => {
    const report = mailReport(domain);
    expect(suggestedFileBody(report, "mta-sts.txt")).toBe(report.suggestions!.mtaStsPolicy);
    const all = suggestedFileBody(report, "records.zone")!;
    expect(all).toMatch(/^; Suggested DNS records for fix\.example, suggested by mailposture from the scan of 2026-11-28T12:00:00\.000Z\./);
    expect(all.split("\n").filter((l) => l && !l.startsWith(";"))).toHaveLength(6);
    expect(suggestedFileBody(report, "tlsa.zone")!.split("\n").filter((l) => l.includes(" IN TLSA "))).toHaveLength(3);
    expect(suggestedFileBody(nullMxReport(domain), "mta-sts.txt")).toBeUndefined();
    expect(suggestedFileBody(nullMxReport(domain), "dmarc.zone")).toBeUndefined();
  });

  it("accepts only the four file names and names downloads after the A-label domain", () => {
    expect(["mta-sts.txt", "records.zone", "tlsa.zone", "dmarc.zone"].every(isSuggestedFileName)).toBe(true);
    expect(isSuggestedFileName("../mta-sts.txt")).toBe(false);
    expect(downloadName(domain, "mta-sts.txt")).toBe("mta-sts.txt");
    expect(downloadName(domain, "tlsa.zone")).toBe("fix.example-tlsa.zone");
    expect(downloadName("ex/../ample", "dmarc.zone")).toBe("ex..ample-dmarc.zone");
  });
});
