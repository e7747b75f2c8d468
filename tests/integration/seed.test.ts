/**
 * The benchmark seeder (scripts/seed.ts → bench/dashboard/seeder.ts) at a small scale: the rows it
 * writes mean what run-scan.ts and weekly-rollup.ts make them mean. Every domain's DomainLatest
 * is its newest finished scan, summarized; Finding rows are the reports' findings; DomainWeek is
 * each domain's last finished scan per ISO week; WorkspaceWeek equals a GROUP BY over DomainWeek;
 * every report meets the contract. Speed is measured by `npm run bench:dashboard`, never here.
 * Own database: the seeder writes the default workspace and refuses a database with domains.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedWorkspace, type SeedResult } from "../../bench/dashboard/seeder";
import { createDb, type Db } from "../../lib/db/client";
import { summarizeReport } from "../../lib/report/summary";
import { validateReport } from "../../lib/scan/report-schema";
import type { ScanReport } from "../../lib/scan/types";
import { systemScope } from "../../lib/services/access/scope";
import { getTrends } from "../../lib/services/trends/get-trends";
import { loadPortfolio } from "../../lib/services/domains/list-domains";
import { DEFAULT_PARAMS } from "../../lib/report/domain-list-params";
import { weekStartOf, weekStateOf } from "../../lib/services/scans/weekly-rollup";
import { createIsolatedDatabase } from "../helpers/db";

const DOMAINS = 50;
const SCANS = 1_000;
const now = new Date("2026-11-25T15:00:00.000Z");

let iso: { url: string; drop: () => Promise<void> };
let db: Db;
let result: SeedResult;
let indexesBefore: unknown[];

const indexesOf = () => db.$queryRaw<unknown[]>`SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('Scan', 'Finding') ORDER BY indexname`;

beforeAll(async () => {
  iso = await createIsolatedDatabase();
  db = createDb(iso.url, 3);
  indexesBefore = await indexesOf();
  result = await seedWorkspace({ databaseUrl: iso.url, domains: DOMAINS, scans: SCANS, weeks: 8, seed: 7, now, batchSize: 300 });
});
afterAll(async () => {
  await db?.$disconnect();
  await iso?.drop();
});

type ScanRow = {
  id: string;
  domainId: string;
  name: string;
  status: string;
  requestedAt: Date;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number | null;
  grade: string | null;
  score: number | null;
  scannerVersion: string | null;
  rulesetVersion: number | null;
  report: ScanReport | null;
};

async function allScans(): Promise<ScanRow[]> {
  return db.$queryRaw<ScanRow[]>`
    SELECT s.id, s."domainId", d.name, s.status::text AS status, s."requestedAt", s."startedAt", s."finishedAt", s."durationMs",
           s.grade, s.score, s."scannerVersion", s."rulesetVersion", s.report
      FROM "Scan" s JOIN "Domain" d ON d.id = s."domainId"
     ORDER BY s."domainId", s."requestedAt"`;
}

const byDomain = (scans: ScanRow[]) => {
  const m = new Map<string, ScanRow[]>();
  for (const s of scans) m.set(s.domainId, [...(m.get(s.domainId) ?? []), s]);
  return m;
};

describe("seedWorkspace at 50 domains × 1 000 scans", () => {
  it("writes exactly the domains and scans asked for, finished and spread over the weeks", async () => {
    expect(result).toMatchObject({ domains: DOMAINS, scans: SCANS });
    expect(await db.domain.count()).toBe(DOMAINS);
    const scans = await allScans();
    expect(scans).toHaveLength(SCANS);
    expect(new Set(scans.map((s) => s.status))).toEqual(new Set(["done", ...(result.failedScans > 0 ? ["failed"] : [])]));
    expect(scans.filter((s) => s.status === "failed")).toHaveLength(result.failedScans);
    const weeks = new Set(scans.map((s) => weekStartOf(s.finishedAt).getTime()));
    expect(weeks.size).toBeGreaterThanOrEqual(8);
    for (const s of scans) {
      expect(s.finishedAt.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(s.startedAt.getTime()).toBeGreaterThanOrEqual(s.requestedAt.getTime());
    }
    // A believable mix, not one posture copied: several grades and exposure verdicts.
    const latest = await db.domainLatest.findMany();
    expect(new Set(latest.map((l) => l.grade)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(latest.map((l) => l.exposure)).size).toBeGreaterThanOrEqual(2);
  });

  it("stores reports that meet the contract and agree with their Scan columns", async () => {
    for (const s of await allScans()) {
      if (s.status === "failed") {
        expect(s.report).toBeNull();
        expect(s.grade).toBeNull();
        continue;
      }
      const r = s.report!;
      const valid = validateReport(r);
      expect(valid, `${s.id}: ${valid.ok ? "" : valid.issues.join("; ")}`).toEqual({ ok: true });
      expect(r.domain).toBe(s.name);
      expect(JSON.stringify(r)).not.toMatch(/@@|seed-domain-placeholder/);
      expect(r.startedAt).toBe(s.startedAt.toISOString());
      // run-scan.ts: finishedAt = report.startedAt + report.durationMs.
      expect(Date.parse(r.startedAt) + r.durationMs).toBe(s.finishedAt.getTime());
      expect(r.durationMs).toBe(s.durationMs);
      expect([r.grade, r.score, r.scannerVersion ?? null, r.rulesetVersion ?? null]).toEqual([s.grade, s.score, s.scannerVersion, s.rulesetVersion]);
    }
  });

  it("gives every domain a DomainLatest row for its newest finished scan, summarized as run-scan does", async () => {
    const scans = byDomain(await allScans());
    const latest = new Map((await db.domainLatest.findMany()).map((l) => [l.domainId, l]));
    expect(latest.size).toBe(DOMAINS);
    const ws = await db.workspace.findUniqueOrThrow({ where: { slug: "default" } });
    for (const [domainId, list] of scans) {
      const newest = list.filter((s) => s.status === "done").sort((a, b) => b.finishedAt.getTime() - a.finishedAt.getTime())[0]!;
      const l = latest.get(domainId)!;
      expect(l).toMatchObject({ workspaceId: ws.id, scanId: newest.id, finishedAt: newest.finishedAt, grade: newest.grade, score: newest.score });
      const { exposure, mtaStsMode, daneState, dmarcPolicy, criticalCount, highCount, findingIds, notGraded } = l;
      expect({ exposure, mtaStsMode, daneState, dmarcPolicy, criticalCount, highCount, findingIds, notGraded }).toEqual(summarizeReport(newest.report!));
    }
  });

  it("writes one Finding row per finding of each report, and none for failed scans", async () => {
    const rows = await db.finding.findMany({ orderBy: { id: "asc" } });
    expect(rows).toHaveLength(result.findings);
    const rowsOf = new Map<string, typeof rows>();
    for (const f of rows) rowsOf.set(f.scanId, [...(rowsOf.get(f.scanId) ?? []), f]);
    let expected = 0;
    for (const s of await allScans()) {
      const got = (rowsOf.get(s.id) ?? []).map((f) => ({ domainId: f.domainId, findingId: f.findingId, severity: f.severity, host: f.host }));
      const want = (s.report?.findings ?? []).map((f) => ({ domainId: s.domainId, findingId: f.id, severity: f.severity, host: f.host ?? null }));
      expect(got).toEqual(want);
      expected += want.length;
    }
    expect(rows).toHaveLength(expected);
    expect(expected).toBeGreaterThan(0);
  });

  it("keeps DomainWeek as each domain's last finished scan per ISO week", async () => {
    const want = new Map<string, { scanId: string; finishedAt: number; state: ReturnType<typeof weekStateOf> }>();
    for (const s of await allScans()) {
      if (s.status !== "done") continue;
      const key = `${s.domainId} ${weekStartOf(s.finishedAt).toISOString().slice(0, 10)}`;
      const prev = want.get(key);
      if (!prev || prev.finishedAt < s.finishedAt.getTime()) {
        want.set(key, { scanId: s.id, finishedAt: s.finishedAt.getTime(), state: weekStateOf(s.grade!, summarizeReport(s.report!)) });
      }
    }
    const rows = await db.domainWeek.findMany();
    expect(rows).toHaveLength(want.size);
    for (const r of rows) {
      const w = want.get(`${r.domainId} ${r.weekStart.toISOString().slice(0, 10)}`);
      expect(w, `${r.domainId} ${r.weekStart.toISOString()}`).toBeDefined();
      expect({ scanId: r.scanId, finishedAt: r.finishedAt.getTime() }).toEqual({ scanId: w!.scanId, finishedAt: w!.finishedAt });
      const { grade, exposure, mtaStsEnforce, daneValid, dmarcEnforce, criticalCount, notGraded } = r;
      expect({ grade, exposure, mtaStsEnforce, daneValid, dmarcEnforce, criticalCount, notGraded }).toEqual(w!.state);
    }
  });

  it("keeps WorkspaceWeek equal to the totals of DomainWeek per week", async () => {
    expect(await workspaceWeekDrift()).toEqual([]);
    expect(await db.workspaceWeek.count()).toBeGreaterThanOrEqual(8);
  });

  it("feeds the dashboard services", async () => {
    const scope = systemScope(result.workspaceId);
    const trends = await getTrends(scope, { weeks: 12, now }, db);
    expect(trends.weeks).toBe(12);
    const p = await loadPortfolio(scope, { ...DEFAULT_PARAMS, sort: "grade" }, { now }, db);
    expect(p.stats).toMatchObject({ domains: DOMAINS, scanned: DOMAINS });
    expect(p.list.total).toBe(DOMAINS);
    expect(p.list.rows[0]!.trend.length).toBeGreaterThan(0);
  });

  it("refuses a database that already has domains unless --force, which adds beside them", async () => {
    await expect(seedWorkspace({ databaseUrl: iso.url, domains: 5, scans: 20, weeks: 2, now })).rejects.toThrow(/already has 50 domains/);
    expect(await db.domain.count()).toBe(DOMAINS);
    const more = await seedWorkspace({ databaseUrl: iso.url, domains: 5, scans: 40, weeks: 2, seed: 7, now, force: true });
    expect(more).toMatchObject({ domains: 5, scans: 40 });
    expect(await db.domain.count()).toBe(DOMAINS + 5);
    expect(await db.domainLatest.count()).toBe(DOMAINS + 5);
    expect(await workspaceWeekDrift()).toEqual([]);
    // The indexes dropped for the loads are all back, exactly as the migrations made them.
    expect(await indexesOf()).toEqual(indexesBefore);
  });
});

/** WorkspaceWeek rows that differ from a GROUP BY over DomainWeek (either way round). */
async function workspaceWeekDrift(): Promise<unknown[]> {
  return db.$queryRaw<unknown[]>`
    WITH want AS (
      SELECT "workspaceId", "weekStart", count(*)::int AS domains,
             count(*) FILTER (WHERE grade = 'A+')::int AS "gradeAPlus", count(*) FILTER (WHERE grade = 'A')::int AS "gradeA",
             count(*) FILTER (WHERE grade = 'B')::int AS "gradeB", count(*) FILTER (WHERE grade = 'C')::int AS "gradeC",
             count(*) FILTER (WHERE grade = 'D')::int AS "gradeD", count(*) FILTER (WHERE grade = 'F')::int AS "gradeF",
             count(*) FILTER (WHERE exposure = 'exposed')::int AS exposed, count(*) FILTER (WHERE exposure = 'partial')::int AS partial,
             count(*) FILTER (WHERE exposure = 'protected')::int AS protected, count(*) FILTER (WHERE exposure = 'no-inbound-mail')::int AS "noInboundMail",
             count(*) FILTER (WHERE "mtaStsEnforce")::int AS "mtaStsEnforce", count(*) FILTER (WHERE "daneValid")::int AS "daneValid",
             count(*) FILTER (WHERE "dmarcEnforce")::int AS "dmarcEnforce", count(*) FILTER (WHERE "criticalCount" > 0)::int AS "withCritical"
        FROM "DomainWeek" GROUP BY "workspaceId", "weekStart"),
    have AS (
      SELECT "workspaceId", "weekStart", domains, "gradeAPlus", "gradeA", "gradeB", "gradeC", "gradeD", "gradeF", exposed, partial, protected,
             "noInboundMail", "mtaStsEnforce", "daneValid", "dmarcEnforce", "withCritical" FROM "WorkspaceWeek")
    (SELECT 'missing or different' AS problem, * FROM want EXCEPT SELECT 'missing or different', * FROM have)
    UNION ALL
    (SELECT 'extra or different', * FROM have EXCEPT SELECT 'extra or different', * FROM want)`;
}
