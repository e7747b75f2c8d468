/**
 * The stale rule in SQL (the portfolio's stale filter and stat, `staleCondition`) against the pure
 * rule (lib/report/staleness.ts, used for each row's chip): both on one set of domains covering
 * every branch, in a database of its own so the workspace's interval can be changed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../../lib/db/client";
import type { Scope } from "../../../lib/services/access/scope";
import { DEFAULT_PARAMS } from "../../../lib/report/domain-list-params";
import { listDomains } from "../../../lib/services/domains/list-domains";
import { getPortfolioStats } from "../../../lib/services/domains/portfolio-stats";
import { getDefaultWorkspace } from "../../../lib/services/workspaces";
import { createIsolatedDatabase } from "../../helpers/db";
import { daysAgo, seedDomain } from "./portfolio-seed";
import { defaultScope } from "../../helpers/scope";

const now = new Date("2026-11-28T12:00:00Z");
const DAILY = 86_400;
const WEEKLY = 604_800;

let iso: { url: string; drop: () => Promise<void> };
let db: Db;
let scope: Scope;

async function failedScan(domainId: string, at: Date) {
  await db.scan.create({ data: { domainId, status: "failed", error: "timed out", requestedAt: new Date(at.getTime() - 5_000), startedAt: at, finishedAt: at, attempts: 3 } });
}
async function doneScan(domainId: string, at: Date) {
  await db.scan.create({ data: { domainId, status: "done", grade: "A", score: 90, requestedAt: new Date(at.getTime() - 5_000), startedAt: at, finishedAt: at, attempts: 1 } });
}
const setInterval = (name: string, seconds: number | null) => db.domain.updateMany({ where: { name }, data: { scanIntervalSeconds: seconds } });

async function views() {
  const all = await listDomains(scope, DEFAULT_PARAMS, { now, pageSize: 100 }, db);
  const filtered = await listDomains(scope, { ...DEFAULT_PARAMS, stale: true }, { now, pageSize: 100 }, db);
  const stats = await getPortfolioStats(scope, { now }, db);
  return {
    chip: all.rows.filter((r) => r.stale).map((r) => r.name),
    filter: filtered.rows.map((r) => r.name),
    stat: stats.stale,
    rows: all.rows,
  };
}

beforeAll(async () => {
  iso = await createIsolatedDatabase();
  db = createDb(iso.url, 3);
  scope = await defaultScope(db);
  await getDefaultWorkspace(db); // daily by default

  await seedDomain(db, { name: "daily-fresh.example", scans: [["A", 90, daysAgo(now, 1)]] });
  await seedDomain(db, { name: "daily-8d.example", scans: [["A", 90, daysAgo(now, 8)]] });
  await seedDomain(db, { name: "weekly-9d.example", scans: [["A", 90, daysAgo(now, 9)]] });
  await setInterval("weekly-9d.example", WEEKLY);
  await seedDomain(db, { name: "weekly-15d.example", scans: [["A", 90, daysAgo(now, 15)]] });
  await setInterval("weekly-15d.example", WEEKLY);
  const off6 = await seedDomain(db, { name: "off-6d-failed.example", scans: [["A", 90, daysAgo(now, 6)]] });
  await setInterval("off-6d-failed.example", 0);
  await failedScan(off6.id, daysAgo(now, 1));
  await seedDomain(db, { name: "off-8d.example", scans: [["A", 90, daysAgo(now, 8)]] });
  await setInterval("off-8d.example", 0);
  // Fresh result, but the schedule's latest attempt failed: not being refreshed.
  const failed = await seedDomain(db, { name: "daily-failed.example", scans: [["A", 90, daysAgo(now, 1)]] });
  await failedScan(failed.id, daysAgo(now, 0.2));
  // A failure followed by a success is not stale (the DomainLatest row is left at the older scan on
  // purpose: the rule reads the scan history, and the age is still within the threshold).
  const recovered = await seedDomain(db, { name: "recovered.example", scans: [["A", 90, daysAgo(now, 2)]] });
  await failedScan(recovered.id, daysAgo(now, 1.5));
  await doneScan(recovered.id, daysAgo(now, 1));
  // A failure, then a new scan queued: the queued one has not ended, so the failure still counts.
  const retrying = await seedDomain(db, { name: "retrying.example", scans: [["A", 90, daysAgo(now, 1)]], active: "queued" });
  await failedScan(retrying.id, daysAgo(now, 0.5));
  // Never scanned successfully: nothing to be stale, whatever failed.
  const never = await seedDomain(db, { name: "never.example" });
  await failedScan(never.id, daysAgo(now, 0.5));
});

afterAll(async () => {
  await db?.$disconnect();
  await iso?.drop();
});

describe("stale rule: SQL filter and stat agree with the pure rule", () => {
  it("with a daily workspace default", async () => {
    const v = await views();
    const expected = ["daily-8d.example", "daily-failed.example", "off-8d.example", "retrying.example", "weekly-15d.example"];
    expect(v.chip).toEqual(expected);
    expect(v.filter).toEqual(expected);
    expect(v.stat).toBe(expected.length);
    const reasons = Object.fromEntries(v.rows.filter((r) => r.stale).map((r) => [r.name, r.staleness]));
    expect(reasons).toEqual({
      "daily-8d.example": { stale: true, reason: "old", thresholdDays: 7 },
      "daily-failed.example": { stale: true, reason: "failed" },
      "off-8d.example": { stale: true, reason: "old", thresholdDays: 7 },
      "retrying.example": { stale: true, reason: "failed" },
      "weekly-15d.example": { stale: true, reason: "old", thresholdDays: 14 },
    });
  });

  it("follows the workspace interval for domains without their own", async () => {
    const ws = await getDefaultWorkspace(db);
    await db.workspace.update({ where: { id: ws.id }, data: { scanIntervalSeconds: WEEKLY } });
    try {
      const v = await views();
      // daily-8d now follows a weekly schedule: 8 days is within two intervals.
      const expected = ["daily-failed.example", "off-8d.example", "retrying.example", "weekly-15d.example"];
      expect(v.chip).toEqual(expected);
      expect(v.filter).toEqual(expected);
      expect(v.stat).toBe(expected.length);

      // Workspace schedule off: only age counts for domains following it, failures no longer do.
      await db.workspace.update({ where: { id: ws.id }, data: { scanIntervalSeconds: 0 } });
      const off = await views();
      const expectedOff = ["daily-8d.example", "off-8d.example", "weekly-15d.example"];
      expect(off.chip).toEqual(expectedOff);
      expect(off.filter).toEqual(expectedOff);
      expect(off.stat).toBe(expectedOff.length);
    } finally {
      await db.workspace.update({ where: { id: ws.id }, data: { scanIntervalSeconds: DAILY } });
    }
  });
});
