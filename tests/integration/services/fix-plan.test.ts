/**
 * The Fix tab's services over reports stored by the real scan task: the plan, the suggested
 * files and the what-if checks. The plan's steps themselves are unit-tested on pure inputs
 * (tests/unit/report/fix-plan.test.ts).
 */
import { afterAll, describe, expect, it } from "vitest";
import { NotFoundError, ValidationError } from "../../../lib/services/errors";
import { getFixPlan } from "../../../lib/services/policies/fix-plan";
import { getSuggestedFile } from "../../../lib/services/policies/suggested-file";
import { runWhatIf, type PolicyWhatIf, type TlsaWhatIf } from "../../../lib/services/policies/what-if";
import { openTestDb, uniqueDomain } from "../../helpers/db";
import { defaultScope } from "../../helpers/scope";
import { mailReport, nullMxReport, spki, storeDoneScan, storeDomainOnly } from "./fix-fixtures";

const db = openTestDb();
const scope = await defaultScope(db);
afterAll(() => db.$disconnect());

describe("getFixPlan", () => {
  it("builds the plan from the newest finished scan, stored by the real scan task", async () => {
    const domain = uniqueDomain("fix");
    // An older scan with another policy: the plan must come from the newest finished one.
    const older = mailReport(domain, "2026-11-01T12:00:00.000Z");
    older.suggestions!.mtaStsPolicy = "version: STSv1\nmode: enforce\nmx: old.example\nmax_age: 604800\n";
    await storeDoneScan(db, older);
    const { scanId } = await storeDoneScan(db, mailReport(domain));

    const plan = await getFixPlan(scope, domain.toUpperCase() + ".", db);
    expect(plan.domain).toBe(domain);
    expect(plan.scan).toMatchObject({ id: scanId, startedAt: "2026-11-28T12:00:00.000Z", durationMs: 1834, scannerVersion: "0.3.0", rulesetVersion: 1 });
    expect(plan.current).toMatchObject({ id: scanId, status: "done" });
    expect(plan.acceptsMail).toBe(true);
    expect(plan.hasSuggestions).toBe(true);
    expect(plan.steps.map((s) => [s.key, s.state])).toEqual([["tls-rpt", "todo"], ["mta-sts", "todo"], ["dane", "todo"], ["dmarc", "todo"]]);
    expect(plan.steps[1]!.policyFile?.mode).toBe("testing");
    expect(plan.mxHosts).toEqual([`mx1.${domain}`, `mx2.${domain}`]);
    expect(plan.drafts.mtaSts).toContain("mode: testing");
    expect(plan.drafts.tlsa.split("\n")).toHaveLength(3);
  });

  it("has no scan for a domain never scanned, and NotFoundError for an unknown one", async () => {
    const domain = uniqueDomain("never");
    await storeDomainOnly(db, domain);
    const plan = await getFixPlan(scope, domain, db);
    expect(plan.scan).toBeNull();
    expect(plan.steps).toEqual([]);
    await expect(getFixPlan(scope, uniqueDomain("unknown"), db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getFixPlan(scope, "not a domain!", db)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("getSuggestedFile", () => {
  it("serves the policy, the zone files and 404s", async () => {
    const domain = uniqueDomain("files");
    const { scanId } = await storeDoneScan(db, mailReport(domain));

    const policy = await getSuggestedFile(scope, domain, "mta-sts.txt", db);
    expect(policy).toEqual({ filename: "mta-sts.txt", body: `version: STSv1\nmode: testing\nmx: mx1.${domain}\nmx: mx2.${domain}\nmax_age: 86400\n`, scanId });

    const all = await getSuggestedFile(scope, domain, "records.zone", db);
    expect(all.filename).toBe(`${domain}-records.zone`);
    const lines = all.body.split("\n").filter((l) => l && !l.startsWith(";"));
    expect(lines).toHaveLength(6); // TLS-RPT, _mta-sts, three TLSA, DMARC
    expect(lines[0]).toMatch(/^_smtp\._tls\./);
    expect(all.body).toMatch(/^; Suggested DNS records for /);

    const tlsa = await getSuggestedFile(scope, domain, "tlsa.zone", db);
    expect(tlsa.body.split("\n").filter((l) => !l.startsWith(";") && l.includes(" IN TLSA "))).toHaveLength(3);
    const dmarc = await getSuggestedFile(scope, domain, "dmarc.zone", db);
    expect(dmarc.body).toContain(`_dmarc.${domain}. IN TXT "v=DMARC1;`);

    await expect(getSuggestedFile(scope, domain, "passwd", db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getSuggestedFile(scope, domain, "../mta-sts.txt", db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getSuggestedFile(scope, uniqueDomain("nofile"), "mta-sts.txt", db)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("is not found for a domain without a finished scan or without that suggestion", async () => {
    const never = uniqueDomain("nofinish");
    await storeDomainOnly(db, never);
    await expect(getSuggestedFile(scope, never, "mta-sts.txt", db)).rejects.toThrow(/no finished scan/);
    const nullMx = uniqueDomain("nullfile");
    await storeDoneScan(db, nullMxReport(nullMx));
    await expect(getSuggestedFile(scope, nullMx, "mta-sts.txt", db)).rejects.toBeInstanceOf(NotFoundError);
    expect((await getSuggestedFile(scope, nullMx, "records.zone", db)).body).toContain(`${nullMx}. IN MX 0 .`);
  });
});

describe("runWhatIf", () => {
  it("judges a draft policy per MX host against the stored report", async () => {
    const domain = uniqueDomain("whatif");
    const { scanId } = await storeDoneScan(db, mailReport(domain));
    const result = (await runWhatIf(scope, { domain, kind: "mta-sts", draft: `version: STSv1\nmode: enforce\nmx: mx1.${domain}\nmax_age: 604800\n` }, db)) as PolicyWhatIf;
    expect(result.kind).toBe("mta-sts");
    expect(result.scan.id).toBe(scanId);
    expect(result.valid).toBe(true);
    expect(result.policy).toEqual({ mode: "enforce", maxAge: 604800, mx: [`mx1.${domain}`] });
    expect(result.hosts.map((h) => [h.host, h.matched, h.tlsOk, h.wouldPass])).toEqual([
      [`mx1.${domain}`, true, true, true],
      [`mx2.${domain}`, false, true, false],
    ]);
    expect(result.findings.map((f) => [f.id, f.severity, f.host])).toContainEqual(["mta-sts-mx-mismatch", "critical", `mx2.${domain}`]);
    expect(result.findings.find((f) => f.id === "mta-sts-mx-mismatch")?.title).toMatch(/\w/);
    expect(result.safeToEnforce).toBe(false);
    expect(result.verdict.tone).toBe("fail");
    expect(result.verdict.sentence).toContain("1 of 2");
  });

  it("reports parse errors with line numbers", async () => {
    const domain = uniqueDomain("whatiferr");
    await storeDoneScan(db, mailReport(domain));
    const result = (await runWhatIf(scope, { domain, kind: "mta-sts", draft: "version: STSv1\nmode: sometimes\nmx: mx1.example\nmax_age: 86400\n" }, db)) as PolicyWhatIf;
    expect(result.valid).toBe(false);
    expect(result.errors.some((e) => e.line === 2)).toBe(true);
    expect(result.verdict.tone).toBe("fail");
  });

  it("shows which TLSA records would match per MX and address", async () => {
    const domain = uniqueDomain("whatiftlsa");
    await storeDoneScan(db, mailReport(domain));
    const draft = [
      `_25._tcp.mx1.${domain}. IN TLSA 3 1 1 ${spki("mx1-key")}`,
      `_25._tcp.mx1.${domain}. IN TLSA 3 0 1 ${spki("whole-cert")}`,
      `_25._tcp.mx2.${domain}. 3600 IN TLSA 3 1 1 ${spki("someone-else")}`,
      `1 1 1 ${spki("pkix")}`,
      "this is not a record",
    ].join("\n");
    const result = (await runWhatIf(scope, { domain, kind: "tlsa", draft }, db)) as TlsaWhatIf;
    expect(result.kind).toBe("tlsa");
    expect(result.errors.map((e) => e.line)).toEqual([5]);
    expect(result.records.find((r) => r.line === 4)).toMatchObject({ usable: false });
    const mx1 = result.hosts.find((h) => h.host === `mx1.${domain}`)!;
    const v4 = mx1.endpoints.find((e) => e.address === "192.0.2.10")!;
    expect(v4.checks.find((c) => c.line === 1)?.outcome).toBe("match");
    expect(v4.checks.find((c) => c.line === 2)?.outcome).toBe("not-checkable");
    expect(v4.verdict).toBe("pass");
    expect(mx1.endpoints.find((e) => e.address === "2001:db8::10")?.verdict).toBe("inconclusive");
    const mx2 = result.hosts.find((h) => h.host === `mx2.${domain}`)!;
    // The fixture's MX hosts are not DNSSEC-signed: a non-matching record is ignored, not a failure (RFC 7672 §2.2.3).
    expect(mx2.verdict).toBe("ignored");
    expect(mx2.endpoints[0]?.checks.map((c) => c.outcome)).toEqual(["no-match", "unusable"]);
    expect(result.safeToPublish).toBe(false);
    expect(result.verdict.tone).toBe("fail");
  });

  it("warns that matching records are ignored while the MX hosts are not DNSSEC-signed", async () => {
    const domain = uniqueDomain("whatifdnssec");
    await storeDoneScan(db, mailReport(domain));
    const draft = [`_25._tcp.mx1.${domain}. IN TLSA 3 1 1 ${spki("mx1-key")}`, `_25._tcp.mx2.${domain}. IN TLSA 3 1 1 ${spki("mx2-key")}`].join("\n");
    const result = (await runWhatIf(scope, { domain, kind: "tlsa", draft }, db)) as TlsaWhatIf;
    // One verdict per host, "ignored", with the matches kept as information (issue 13 item 9).
    expect(result.hosts.map((h) => h.verdict)).toEqual(["ignored", "ignored"]);
    expect(result.hosts.flatMap((h) => h.endpoints.filter((e) => e.starttls === "ok").map((e) => e.verdict))).toEqual(["pass", "pass"]);
    expect(result.verdict.tone).toBe("warn");
    expect(result.verdict.sentence).toMatch(/^Ignored: senders ignore TLSA records without DNSSEC/);
    expect(result.verdict.sentence).not.toMatch(/would not deliver/);
    expect(result.blockers.join(" ")).not.toMatch(/would not deliver/);
  });

  it("refuses empty, oversized and unknown-kind drafts, and a domain without a scan", async () => {
    const domain = uniqueDomain("whatifbad");
    await storeDoneScan(db, mailReport(domain));
    await expect(runWhatIf(scope, { domain, kind: "mta-sts", draft: "  \n" }, db)).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { draft: expect.any(String) } });
    await expect(runWhatIf(scope, { domain, kind: "mta-sts", draft: "x".repeat(70_000) }, db)).rejects.toBeInstanceOf(ValidationError);
    await expect(runWhatIf(scope, { domain, kind: "dkim", draft: "x" }, db)).rejects.toBeInstanceOf(ValidationError);
    const never = uniqueDomain("whatifnever");
    await storeDomainOnly(db, never);
    await expect(runWhatIf(scope, { domain: never, kind: "tlsa", draft: "3 1 1 00" }, db)).rejects.toThrow(/no finished scan/);
    await expect(runWhatIf(scope, { domain: uniqueDomain("whatifunknown"), kind: "tlsa", draft: "3 1 1 00" }, db)).rejects.toBeInstanceOf(NotFoundError);
  });
});
