/**
 * The Fix plan for a domain whose DNSSEC validation fails (dnssec-bogus): it names the break and the
 * repair, never calls the zone unsigned, and says what the endpoints really showed.
 */
import { describe, expect, it } from "vitest";
import { buildFixSteps } from "../../../lib/report/fix-plan";
import { makeFinding } from "../../../lib/scan/findings";
import type { ScanReport } from "../../../lib/scan/types";
import { mailReport } from "./fix-plan-fixtures";

const domain = "bogus.example";

/** The scan of a signed zone whose signatures expired: SERVFAIL, so the scanner suggested nothing. */
function bogusReport(detail: string): ScanReport {
  const r = mailReport(domain);
  return {
    ...r,
    grade: "F",
    score: 12,
    mx: r.mx.map((h) => ({ ...h, dnssec: "bogus" as const })),
    checks: { ...r.checks, dane: { status: "fail", dnssec: "bogus" } },
    findings: [makeFinding("dnssec-bogus", { detail }), makeFinding("starttls-stripping-exposure", { detail: "no MX is protected" })],
    suggestions: { mtaStsPolicy: "", mtaStsRecord: "", tlsRptRecord: "", dmarcRecord: "", tlsa: [] },
  };
}

describe("buildFixSteps for dnssec-bogus", () => {
  it("puts a DNSSEC repair step first, naming expired signatures from the evidence", () => {
    const plan = buildFixSteps(bogusReport(`DNSSEC validation fails for the MX records of ${domain}: RRSIG expired on 2026-11-01.`));
    const first = plan.steps[0]!;
    expect(first.key).toBe("dnssec");
    expect(first.state).toBe("todo");
    expect(first.fixes.map((f) => f.id)).toEqual(["dnssec-bogus"]);
    expect(first.warnings.join(" ")).toMatch(/signatures of .*bogus\.example.* have expired/);
    const todo = first.stages.join(" ");
    expect(todo).toMatch(/Re-sign the zone/);
    expect(todo).toMatch(/DS record at the parent/);
    expect(plan.seriousFindings).toBe(2);
  });

  it("says validation fails (not that signatures expired) when the evidence does not say why", () => {
    const plan = buildFixSteps(bogusReport(`DNSSEC validation fails for the MX records of ${domain}: a validating resolver answers SERVFAIL while a checking-disabled query succeeds.`));
    const first = plan.steps[0]!;
    expect(first.warnings.join(" ")).toMatch(/validation fails/);
    expect(first.warnings.join(" ")).not.toMatch(/expired/);
  });

  it("never calls a bogus zone unsigned, and says the MX hosts did present certificates", () => {
    const plan = buildFixSteps(bogusReport("validation fails"));
    const text = JSON.stringify(plan);
    expect(text).not.toMatch(/not DNSSEC-signed/);
    expect(text).not.toMatch(/No MX host presented a certificate/);
    const dane = plan.steps.find((s) => s.key === "dane")!;
    expect(dane.state).toBe("unavailable");
    expect(dane.unavailableReason).toMatch(/saw a certificate on mx1\.bogus\.example, mx2\.bogus\.example/);
    expect(dane.warnings.join(" ")).toMatch(/DNSSEC validation fails for bogus\.example/);
  });

  it("still says no certificate was presented when none was", () => {
    const r = bogusReport("validation fails");
    const noCert = { ...r, mx: r.mx.map((h) => ({ ...h, endpoints: h.endpoints.map((e) => ({ address: e.address, starttls: "unreachable" as const })) })) };
    const dane = buildFixSteps(noCert).steps.find((s) => s.key === "dane")!;
    expect(dane.unavailableReason).toBe("No MX host presented a certificate in this scan, so there is nothing to pin yet.");
  });

  it("has no DNSSEC step for a healthy or unsigned zone", () => {
    const plan = buildFixSteps(mailReport(domain));
    expect(plan.steps.some((s) => s.key === "dnssec")).toBe(false);
    expect(plan.steps.find((s) => s.key === "dane")!.warnings.join(" ")).toMatch(/not DNSSEC-signed/);
  });
});
