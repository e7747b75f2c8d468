/**
 * The seeder's daily-schedule mode (`npm run seed -- --daily`) at 20 domains × 30 days: one
 * scheduled scan per domain and day; a report equal to its predecessor's is stored as a reference
 * exactly as lib/services/scans/report-store.ts stores it, so far fewer bodies than scans; every
 * report reads back in full through getScan; Finding rows exist for the scans holding a body;
 * DomainLatest, DomainWeek and WorkspaceWeek mean what run-scan.ts and weekly-rollup.ts make them.
 * Own database: the seeder writes the default workspace and refuses a database with domains.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedWorkspace, type SeedResult } from "../../bench/dashboard/seeder";
import { createDb, type Db } from "../../lib/db/client";
import { DEFAULT_PARAMS } from "../../lib/report/domain-list-params";
import { summarizeReport } from "../../lib/report/summary";
import { validateReport } from "../../lib/scan/report-schema";
import type { ScanReport } from "../../lib/scan/types";
import { systemScope } from "../../lib/services/access/scope";
import { loadPortfolio } from "../../lib/services/domains/list-domains";
import { getScan } from "../../lib/services/scans/get-scan";
import { reportHashOf } from "../../lib/services/scans/report-store";
import { weekStartOf, weekStateOf } from "../../lib/services/scans/weekly-rollup";
import { createIsolatedDatabase } from "../helpers/db";

const DOMAINS = 20;
const DAYS = 30;
const DAY_MS = 86_400_000;
const now = new Date("2026-11-25T15:00:00.000Z");

let iso: { url: string; drop: () => Promise<void> };
let db: Db;
let result: SeedResult;
/** Every finished scan's report as getScan returns it, by scan id. */
const reports = new Map<string, ScanReport>();

type ScanRow = {
  id: string;
  domainId: string;
  name: string;
  status: string;
  trigger: string;
  requestedAt: Date;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number | null;
  grade: string | null;
  score: number | null;
  reportHash: string | null;
  reportRefScanId: string | null;
  stored: Record<string, unknown> | null;
};

let scans: ScanRow[];

beforeAll(async () => {
  iso = await createIsolatedDatabase();
  db = createDb(iso.url, 3);
  result = await seedWorkspace({ databaseUrl: iso.url, domains: DOMAINS, scans: DOMAINS * DAYS, weeks: 1, daily: true, seed: 11, now, batchSize: 250 });
  scans = await db.$queryRaw<ScanRow[]>`
    SELECT s.id, s."domainId", d.name, s.status::text AS status, s.trigger, s."requestedAt", s."startedAt", s."finishedAt", s."durationMs",
           s.grade, s.score, s."reportHash", s."reportRefScanId"::text AS "reportRefScanId", s.report AS stored
      FROM "Scan" s JOIN "Domain" d ON d.id = s."domainId"
     ORDER BY s."domainId", s."requestedAt"`;
  const scope = systemScope(result.workspaceId);
  for (const s of scans) {
    if (s.status !== "done") continue;
    const view = await getScan(scope, s.id, db);
    expect(view.reportUnreadable).toBeNull();
    reports.set(s.id, view.report!);
  }
});
afterAll(async () => {
  await db?.$disconnect();
  await iso?.drop();
});

const done = () => scans.filter((s) => s.status === "done");
const byDomain = () => {
  const m = new Map<string, ScanRow[]>();
  for (const s of scans) m.set(s.domainId, [...(m.get(s.domainId) ?? []), s]);
  return m;
};

describe("seedWorkspace --daily at 20 domains × 30 days", () => {
  it("gives every domain one scheduled scan a day over the last 30 days", () => {
    expect(result).toMatchObject({ domains: DOMAINS, scans: DOMAINS * DAYS });
    expect(scans).toHaveLength(DOMAINS * DAYS);
    expect(new Set(scans.map((s) => s.trigger))).toEqual(new Set(["schedule"]));
    for (const list of byDomain().values()) {
      expect(list).toHaveLength(DAYS);
      for (let k = 1; k < list.length; k++) {
        // The scheduler's slot is the domain's own time of day, give or take two minutes.
        const gap = list[k]!.requestedAt.getTime() - list[k - 1]!.requestedAt.getTime();
        expect(Math.abs(gap - DAY_MS)).toBeLessThanOrEqual(120_000);
      }
      expect(list[0]!.requestedAt.getTime()).toBeGreaterThanOrEqual(now.getTime() - DAYS * DAY_MS);
      expect(list.at(-1)!.finishedAt.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(list.at(-1)!.status).toBe("done");
    }
  });

  it("stores far fewer report bodies than scans: one per domain plus one per change", () => {
    const bodies = done().filter((s) => s.reportRefScanId === null);
    expect(bodies).toHaveLength(result.reportBodies);
    expect(bodies.length).toBeGreaterThan(DOMAINS);
    expect(bodies.length * 4).toBeLessThan(done().length);
    // A reference holds only the per-scan fields; a body is the report.
    for (const s of done()) {
      if (s.reportRefScanId) expect(Object.keys(s.stored!).sort()).toEqual(["durationMs", "reportRef", "startedAt"]);
      else expect(s.stored).toHaveProperty("checks");
    }
    // Realistic: some domains never change over the month, some do.
    const changes = [...byDomain().values()].map((list) => list.filter((s) => s.status === "done" && s.reportRefScanId === null).length - 1);
    expect(changes.some((n) => n === 0)).toBe(true);
    expect(changes.some((n) => n > 0)).toBe(true);
  });

  it("applies report-store.ts's rule: a reference exactly when the report equals the previous finished one", () => {
    const ids = new Map(scans.map((s) => [s.id, s]));
    for (const list of byDomain().values()) {
      let previous: ScanRow | undefined;
      for (const s of list) {
        if (s.status !== "done") continue;
        const report = reports.get(s.id)!;
        // The stored hash is the hash of the report as it reads back.
        expect(s.reportHash).toBe(reportHashOf(report));
        const same = previous !== undefined && previous.reportHash === s.reportHash;
        if (same) {
          const body = ids.get(s.reportRefScanId!)!;
          expect({ domainId: body.domainId, reportRefScanId: body.reportRefScanId, reportHash: body.reportHash }).toEqual({ domainId: s.domainId, reportRefScanId: null, reportHash: s.reportHash });
          expect(s.reportRefScanId).toBe(previous!.reportRefScanId ?? previous!.id);
        } else expect(s.reportRefScanId).toBeNull();
        previous = s;
      }
    }
  });

  it("reads every finished scan's report back in full through getScan", () => {
    for (const s of done()) {
      const r = reports.get(s.id)!;
      const valid = validateReport(r);
      expect(valid, `${s.id}: ${valid.ok ? "" : valid.issues.join("; ")}`).toEqual({ ok: true });
      expect(r.domain).toBe(s.name);
      expect(r.startedAt).toBe(s.startedAt.toISOString());
      expect(r.durationMs).toBe(s.durationMs);
      expect(Date.parse(r.startedAt) + r.durationMs).toBe(s.finishedAt.getTime());
      expect([r.grade, r.score]).toEqual([s.grade, s.score]);
      expect(JSON.stringify(r)).not.toMatch(/@@|seed-domain-placeholder|skeleton\.example/);
    }
  });

  it("writes Finding rows for the scans holding a body, one per finding, and none for references", async () => {
    const rows = await db.finding.findMany({ orderBy: { id: "asc" } });
    expect(rows).toHaveLength(result.findings);
    const rowsOf = new Map<string, typeof rows>();
    for (const f of rows) rowsOf.set(f.scanId, [...(rowsOf.get(f.scanId) ?? []), f]);
    let expected = 0;
    for (const s of scans) {
      const got = (rowsOf.get(s.id) ?? []).map((f) => ({ domainId: f.domainId, findingId: f.findingId, severity: f.severity, host: f.host }));
      const holdsBody = s.status === "done" && s.reportRefScanId === null;
      const want = holdsBody ? reports.get(s.id)!.findings.map((f) => ({ domainId: s.domainId, findingId: f.id, severity: f.severity, host: f.host ?? null })) : [];
      expect(got).toEqual(want);
      expected += want.length;
    }
    expect(expected).toBeGreaterThan(0);
  });

  it("keeps DomainLatest equal to each domain's newest scan, as the portfolio shows it", async () => {
    const latest = new Map((await db.domainLatest.findMany()).map((l) => [l.domainId, l]));
    expect(latest.size).toBe(DOMAINS);
    for (const [domainId, list] of byDomain()) {
      const newest = list.filter((s) => s.status === "done").sort((a, b) => b.finishedAt.getTime() - a.finishedAt.getTime())[0]!;
      const l = latest.get(domainId)!;
      expect(l).toMatchObject({ workspaceId: result.workspaceId, scanId: newest.id, finishedAt: newest.finishedAt, grade: newest.grade, score: newest.score });
      const { exposure, mtaStsMode, daneState, dmarcPolicy, criticalCount, highCount, findingIds } = l;
      const summary = summarizeReport(reports.get(newest.id)!);
      expect({ exposure, mtaStsMode, daneState, dmarcPolicy, criticalCount, highCount, findingIds }).toEqual({
        exposure: summary.exposure,
        mtaStsMode: summary.mtaStsMode,
        daneState: summary.daneState,
        dmarcPolicy: summary.dmarcPolicy,
        criticalCount: summary.criticalCount,
        highCount: summary.highCount,
        findingIds: summary.findingIds,
      });
    }
    const p = await loadPortfolio(systemScope(result.workspaceId), { ...DEFAULT_PARAMS, sort: "grade" }, { now }, db);
    expect(p.stats).toMatchObject({ domains: DOMAINS, scanned: DOMAINS });
    expect(p.list.total).toBe(DOMAINS);
  });

  it("keeps DomainWeek as each domain's last finished scan per ISO week, and WorkspaceWeek as their totals", async () => {
    const want = new Map<string, { scanId: string; state: ReturnType<typeof weekStateOf> }>();
    for (const s of done()) {
      // Scans are ordered by time within a domain: the last one of a week wins.
      want.set(`${s.domainId} ${weekStartOf(s.finishedAt).toISOString().slice(0, 10)}`, { scanId: s.id, state: weekStateOf(s.grade!, summarizeReport(reports.get(s.id)!)) });
    }
    const rows = await db.domainWeek.findMany();
    expect(rows).toHaveLength(want.size);
    for (const r of rows) {
      const w = want.get(`${r.domainId} ${r.weekStart.toISOString().slice(0, 10)}`)!;
      expect(r.scanId).toBe(w.scanId);
      expect({ grade: r.grade, exposure: r.exposure, mtaStsEnforce: r.mtaStsEnforce, daneValid: r.daneValid, dmarcEnforce: r.dmarcEnforce, criticalCount: r.criticalCount }).toEqual({
        grade: w.state.grade,
        exposure: w.state.exposure,
        mtaStsEnforce: w.state.mtaStsEnforce,
        daneValid: w.state.daneValid,
        dmarcEnforce: w.state.dmarcEnforce,
        criticalCount: w.state.criticalCount,
      });
    }
    const weeks = await db.workspaceWeek.findMany({ where: { workspaceId: result.workspaceId } });
    const perWeek = new Map<string, number>();
    for (const r of rows) perWeek.set(r.weekStart.toISOString(), (perWeek.get(r.weekStart.toISOString()) ?? 0) + 1);
    expect(new Map(weeks.map((w) => [w.weekStart.toISOString(), w.domains]))).toEqual(perWeek);
    for (const w of weeks) {
      const inWeek = rows.filter((r) => r.weekStart.getTime() === w.weekStart.getTime());
      expect([w.gradeA, w.dmarcEnforce, w.withCritical]).toEqual([
        inWeek.filter((r) => r.grade === "A").length,
        inWeek.filter((r) => r.dmarcEnforce).length,
        inWeek.filter((r) => (r.criticalCount ?? 0) > 0).length,
      ]);
    }
  });
});
