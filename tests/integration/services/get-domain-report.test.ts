/**
 * getDomain's report-page fields and getDomainScan (the pinned report): the current ruleset for the
 * "older rules" banner, the last good report beside a failed or running scan, and scans that do
 * not belong to the domain are not found.
 */
import { afterAll, describe, expect, it } from "vitest";
import { getDomain } from "../../../lib/services/domains/get-domain";
import { NotFoundError } from "../../../lib/services/errors";
import { getDomainScan } from "../../../lib/services/scans/get-scan";
import { requestScan } from "../../../lib/services/scans/request-scan";
import { RULESET_VERSION } from "../../../lib/scan/score";
import type { ScanReport } from "../../../lib/scan/types";
import { openTestDb, uniqueDomain } from "../../helpers/db";
import { defaultScope } from "../../helpers/scope";

const db = openTestDb();
const scope = await defaultScope(db);
afterAll(() => db.$disconnect());

function reportFor(domain: string, startedAt: Date, rulesetVersion: number): ScanReport {
  return {
    schemaVersion: 1,
    domain,
    startedAt: startedAt.toISOString(),
    durationMs: 1200,
    grade: "B",
    score: 81,
    scannerVersion: "0.2.0",
    rulesetVersion,
    mx: [],
    checks: { mtaSts: { status: "missing" }, tlsRpt: { status: "pass" }, starttls: { status: "pass" }, dane: { status: "missing" }, dmarc: { status: "pass" }, spf: { status: "pass" } },
    findings: [],
  };
}

/** Marks a requested scan done with a stored report, as the worker would. */
async function finish(scanId: string, report: ScanReport): Promise<void> {
  const finishedAt = new Date(Date.parse(report.startedAt) + report.durationMs);
  await db.scan.update({
    where: { id: scanId },
    data: { status: "done", startedAt: new Date(report.startedAt), finishedAt, durationMs: report.durationMs, grade: report.grade, score: report.score, rulesetVersion: report.rulesetVersion ?? null, report: report as object },
  });
}

describe("getDomain (report page)", () => {
  it("returns the current ruleset and the last good report beside a newer failed scan", async () => {
    const name = uniqueDomain("report");
    const first = await requestScan(scope, { domain: name }, db);
    const old = reportFor(name, new Date(Date.now() - 86_400_000), RULESET_VERSION - 1);
    await finish(first.scanId, old);
    const second = await requestScan(scope, { domain: name }, db);
    await db.scan.update({ where: { id: second.scanId }, data: { status: "failed", error: "DNS timed out", finishedAt: new Date() } });

    const view = await getDomain(scope, name, db);
    expect(view.currentRulesetVersion).toBe(RULESET_VERSION);
    expect(view.current).toMatchObject({ id: second.scanId, status: "failed", error: "DNS timed out" });
    expect(view.lastReport?.scanId).toBe(first.scanId);
    expect(view.lastReport?.report.rulesetVersion).toBe(RULESET_VERSION - 1);
    // The page compares these two to show "Scored with rules N; current rules M".
    expect(view.lastReport!.report.rulesetVersion!).toBeLessThan(view.currentRulesetVersion);
  });

  it("has no report and a queued current scan for a domain never scanned", async () => {
    const name = uniqueDomain("fresh");
    const r = await requestScan(scope, { domain: name }, db);
    const view = await getDomain(scope, name, db);
    expect(view.lastReport).toBeNull();
    expect(view.current).toMatchObject({ id: r.scanId, status: "queued" });
    expect(view.currentRulesetVersion).toBe(RULESET_VERSION);
  });

  it("throws NotFoundError for a domain not in the workspace", async () => {
    await expect(getDomain(scope, uniqueDomain("absent"), db)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("getDomainScan (pinned report)", () => {
  it("returns one scan of the domain with the newest finished scan's id", async () => {
    const name = uniqueDomain("pinned");
    const a = await requestScan(scope, { domain: name }, db);
    await finish(a.scanId, reportFor(name, new Date(Date.now() - 2 * 86_400_000), RULESET_VERSION));
    const b = await requestScan(scope, { domain: name }, db);
    await finish(b.scanId, reportFor(name, new Date(Date.now() - 3_600_000), RULESET_VERSION));

    const pinned = await getDomainScan(scope, name, a.scanId, db);
    expect(pinned.domain).toBe(name);
    expect(pinned.scan).toMatchObject({ id: a.scanId, status: "done" });
    expect(pinned.scan.report?.domain).toBe(name);
    expect(pinned.latestDoneScanId).toBe(b.scanId);
    expect(pinned.currentRulesetVersion).toBe(RULESET_VERSION);
  });

  it("does not find another domain's scan, an unknown id or a malformed id", async () => {
    const mine = uniqueDomain("mine");
    const other = uniqueDomain("other");
    await requestScan(scope, { domain: mine }, db);
    const theirs = await requestScan(scope, { domain: other }, db);
    await expect(getDomainScan(scope, mine, theirs.scanId, db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getDomainScan(scope, mine, "00000000-0000-4000-8000-000000000000", db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getDomainScan(scope, mine, "not-a-uuid", db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getDomainScan(scope, uniqueDomain("absent"), theirs.scanId, db)).rejects.toBeInstanceOf(NotFoundError);
  });
});
