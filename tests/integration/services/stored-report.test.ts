/**
 * Reports of an older scanner, stored in PostgreSQL, read back through every service that reads
 * `Scan.report` (lib/report/stored-report.ts at the storage boundary): history, compare, one scan,
 * the pinned scan, the JSON API, the domain page's data and the Fix tab. And a stored value that
 * is no report at all: each reader says "unreadable" instead of failing.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { getApiScan } from "../../../lib/services/api/v1";
import { getDomain } from "../../../lib/services/domains/get-domain";
import { ValidationError } from "../../../lib/services/errors";
import { compareScans } from "../../../lib/services/history/compare-scans";
import { getDomainHistory } from "../../../lib/services/history/get-history";
import { getFixPlan } from "../../../lib/services/policies/fix-plan";
import { getDomainScan, getScan } from "../../../lib/services/scans/get-scan";
import { openTestDb, uniqueDomain } from "../../helpers/db";
import { defaultScope } from "../../helpers/scope";
import { mailReport, storeDoneScan } from "./fix-fixtures";

const db = openTestDb();
const scope = await defaultScope(db);
afterAll(() => db.$disconnect());

/** The older scanner's report (tests/fixtures/reports/legacy-report.json) for `domain`. */
function legacyReport(domain: string, startedAt: string): Record<string, unknown> {
  const text = readFileSync(new URL("../../fixtures/reports/legacy-report.json", import.meta.url), "utf8");
  const json = JSON.parse(text.replaceAll("legacy.example", domain)) as Record<string, unknown>;
  return { ...json, startedAt };
}

describe("reports of an older scanner", () => {
  it("are stored by the scan task and read back by every service", async () => {
    const domain = uniqueDomain("legacy");
    // The oldest row as an earlier version of the app left it (no scannerVersion at all), then
    // one stored by today's scan task from an older scanner's report, then today's report.
    const oldest = await storeDoneScan(db, legacyReport(domain, "2026-09-01T08:00:00.000Z"));
    await db.scan.update({ where: { id: oldest.scanId }, data: { report: legacyReport(domain, "2026-09-01T08:00:00.000Z") as object, scannerVersion: null } });
    const legacy = await storeDoneScan(db, legacyReport(domain, "2026-10-02T08:15:00.000Z"));
    const current = await storeDoneScan(db, mailReport(domain, "2026-11-28T12:00:00.000Z"));

    const stored = await db.scan.findUniqueOrThrow({ where: { id: legacy.scanId }, select: { report: true } });
    expect(stored.report).not.toHaveProperty("exposure");
    expect(stored.report).not.toHaveProperty("suggestions");

    // History: every row read, and what changed between the old shapes and today's.
    const history = await getDomainHistory(scope, domain, {}, db);
    expect(history.rows.map((r) => r.id)).toEqual([current.scanId, legacy.scanId, oldest.scanId]);
    expect(history.rows.map((r) => r.exposure)).toEqual(["exposed", "inconclusive", "inconclusive"]);
    expect(history.rows[1]!.change).toMatchObject({ identical: true, newFindings: 0 });
    expect(history.rows[0]!.change?.highlights).toEqual(["MTA-STS record removed", "MTA-STS policy gone", "DMARC record changed", "SPF record changed"]);

    // Compare: the older report against today's.
    const compare = await compareScans(scope, domain, { a: current.scanId, b: legacy.scanId }, db);
    if (compare.kind !== "pair") throw new Error("expected a pair");
    expect(compare.older.id).toBe(legacy.scanId);
    expect(compare.older.exposure).toBe("inconclusive");
    expect(compare.diff.findings.resolved.map((f) => f.id)).toContain("mta-sts-testing");
    expect(compare.diff.policy?.before).toContain("mode: testing");

    // One scan, the pinned scan and the JSON API.
    const scan = await getScan(scope, oldest.scanId, db);
    expect(scan.reportUnreadable).toBeNull();
    expect(scan.report?.mx.map((h) => h.host)).toEqual([`mx1.${domain}`, `mx2.${domain}`]);
    expect(scan.report?.scannerVersion).toBeUndefined();
    const pinned = await getDomainScan(scope, domain, legacy.scanId, db);
    expect(pinned.scan.report?.findings).toHaveLength(5);
    expect(pinned.scan.report?.scannerVersion).toBe("test-scanner");
    const api = await getApiScan(scope, oldest.scanId, db);
    expect(api.report).toEqual(legacyReport(domain, "2026-09-01T08:00:00.000Z"));
    expect(api).not.toHaveProperty("reportError");

    // The domain page and the Fix tab of a domain whose latest report is the older one.
    const onlyOld = uniqueDomain("legacyonly");
    const { scanId } = await storeDoneScan(db, legacyReport(onlyOld, "2026-10-02T08:15:00.000Z"));
    const view = await getDomain(scope, onlyOld, db);
    expect(view.lastReport?.scanId).toBe(scanId);
    expect(view.lastReport?.report.checks.mtaSts.policy?.mode).toBe("testing");
    expect(view.unreadableReport).toBeNull();
    const plan = await getFixPlan(scope, onlyOld, db);
    expect(plan.scan?.id).toBe(scanId);
    expect(plan.unreadableReport).toBeNull();
    expect(plan.hasSuggestions).toBe(false);
    expect(plan.steps.map((s) => [s.key, s.state])).toEqual([["tls-rpt", "unavailable"], ["mta-sts", "unavailable"], ["dane", "unavailable"], ["dmarc", "unavailable"]]);
  });
});

describe("a stored report that cannot be read", () => {
  it("is a typed 'unreadable' result for every reader, never an exception", async () => {
    const domain = uniqueDomain("unreadable");
    const good = await storeDoneScan(db, mailReport(domain, "2026-11-01T12:00:00.000Z"));
    const bad = await storeDoneScan(db, mailReport(domain, "2026-11-28T12:00:00.000Z"));
    await db.scan.update({ where: { id: bad.scanId }, data: { report: { schemaVersion: 1, domain, note: "half a report" } } });

    const scan = await getScan(scope, bad.scanId, db);
    expect(scan.report).toBeNull();
    expect(scan.reportUnreadable?.reason).toMatch(/does not have the shape of a scan report/);
    expect(scan.reportUnreadable?.issues.length).toBeGreaterThan(0);
    expect((await getDomainScan(scope, domain, bad.scanId, db)).scan.reportUnreadable).not.toBeNull();

    const view = await getDomain(scope, domain, db);
    expect(view.lastReport).toBeNull();
    expect(view.unreadableReport).toMatchObject({ scanId: bad.scanId, unreadable: { reason: expect.stringMatching(/cannot be shown/) } });

    const plan = await getFixPlan(scope, domain, db);
    expect(plan).toMatchObject({ scan: null, steps: [], unreadableReport: expect.stringMatching(/cannot be shown/) });

    const api = await getApiScan(scope, bad.scanId, db);
    expect(api).toMatchObject({ scan: { id: bad.scanId, status: "done" }, report: null, reportError: expect.stringMatching(/shape of a scan report/) });

    const history = await getDomainHistory(scope, domain, {}, db);
    expect(history.rows.map((r) => [r.id, r.exposure, r.change])).toEqual([
      [bad.scanId, null, null],
      [good.scanId, "exposed", null],
    ]);

    await expect(compareScans(scope, domain, { a: good.scanId, b: bad.scanId }, db)).rejects.toBeInstanceOf(ValidationError);
    await expect(compareScans(scope, domain, {}, db)).rejects.toThrow(/cannot be read/);

    // The next scan is stored normally: the unreadable previous report gives no history findings.
    const next = await storeDoneScan(db, mailReport(domain, "2026-12-01T12:00:00.000Z"));
    expect((await getScan(scope, next.scanId, db)).report?.findings.map((f) => f.id)).toEqual(mailReport(domain).findings.map((f) => f.id));
  });
});
