/**
 * Storage grows with change, not with time (lib/services/scans/report-store.ts): 30 daily scans of
 * an unchanged domain store one report body; a change in between stores exactly the changed ones;
 * every reader (scan view, domain view, history, compare, API) returns the full report of each.
 */
import { randomBytes } from "node:crypto";
import type { JobHelpers } from "graphile-worker";
import { afterAll, describe, expect, it } from "vitest";
import { makeFinding } from "@/lib/scan/findings";
import type { ScanReport } from "@/lib/scan/types";
import { getApiScan } from "@/lib/services/api/v1";
import { getDomain } from "@/lib/services/domains/get-domain";
import { compareScans } from "@/lib/services/history/compare-scans";
import { pruneUnchangedScans } from "@/lib/services/scans/report-store";
import { createScanTask } from "@/lib/services/scans/run-scan";
import { getScan } from "@/lib/services/scans/get-scan";
import { getDefaultWorkspace } from "@/lib/services/workspaces";
import { openTestDb, uniqueDomain } from "@/tests/helpers/db";
import { defaultScope } from "@/tests/helpers/scope";
import { mxHost, report } from "@/tests/unit/report/history-fixtures";

const db = openTestDb();
const scope = await defaultScope(db);
afterAll(() => db.$disconnect());

const helpers = () => ({ job: { locked_by: "t", attempts: 1, max_attempts: 3 }, abortSignal: new AbortController().signal }) as unknown as JobHelpers;
const DAY = 86_400_000;

/** Day `i`'s report: its own times (and reuse stamp), the body of `grade`. */
function dailyReport(name: string, i: number, grade: "A" | "C"): ScanReport {
  // The C days carry a finding, so their Finding rows can be counted.
  const r = report({ domain: name, grade, mx: [mxHost(`mx1.${name}`, 10)], ...(grade === "C" ? { findings: [makeFinding("tls-rpt-missing", { detail: "no _smtp._tls record" })] } : {}) });
  const startedAt = new Date(Date.UTC(2026, 10, 1) + i * DAY).toISOString();
  // A shared observation's stamp differs from day to day: it is not a change of the report.
  r.mx[0]!.endpoints[0]!.reusedFrom = new Date(Date.parse(startedAt) - 60_000).toISOString();
  return { ...r, startedAt, durationMs: 1_000 + i };
}

async function runDays(grades: ("A" | "C")[]): Promise<{ name: string; domainId: string; ids: string[]; reports: ScanReport[] }> {
  const ws = await getDefaultWorkspace(db);
  const name = uniqueDomain("dedupe");
  const d = await db.domain.create({ data: { workspaceId: ws.id, name } });
  const ids: string[] = [];
  const reports: ScanReport[] = [];
  for (const [i, grade] of grades.entries()) {
    const scan = await db.scan.create({ data: { domainId: d.id, requestedAt: new Date(Date.UTC(2026, 10, 1) + i * DAY) } });
    const r = dailyReport(name, i, grade);
    await createScanTask({ db, scan: async () => structuredClone(r), heartbeatMs: 60_000, scannerVersion: "t" })({ scanId: scan.id }, helpers());
    ids.push(scan.id);
    reports.push(r);
  }
  return { name, domainId: d.id, ids, reports };
}

async function bodies(ids: string[]): Promise<string[]> {
  const rows = await db.scan.findMany({ where: { id: { in: ids }, reportRefScanId: null }, select: { id: true } });
  return rows.map((r) => r.id);
}

describe("reports stored by change", () => {
  it("30 daily scans of an unchanged domain store one body; each reads back in full", async () => {
    const { name, ids, reports } = await runDays(Array.from({ length: 30 }, () => "A" as const));
    expect(await bodies(ids)).toEqual([ids[0]]);
    const refs = await db.scan.findMany({ where: { id: { in: ids.slice(1) } }, select: { reportRefScanId: true, reportHash: true } });
    expect(new Set(refs.map((r) => r.reportRefScanId))).toEqual(new Set([ids[0]]));
    // A reference row is small: only the times, not the report.
    const sizes = await db.$queryRaw<{ id: string; bytes: number }[]>`SELECT id::text, pg_column_size(report)::int AS bytes FROM "Scan" WHERE id = ANY(${ids}::uuid[])`;
    const bodySize = sizes.find((s) => s.id === ids[0])!.bytes;
    for (const s of sizes.filter((x) => x.id !== ids[0])) expect(s.bytes).toBeLessThan(bodySize / 3);

    for (const i of [0, 1, 17, 29]) {
      const view = await getScan(scope, ids[i]!, db);
      expect(view.report).toMatchObject({ domain: name, startedAt: reports[i]!.startedAt, durationMs: reports[i]!.durationMs, grade: "A" });
      expect(view.report!.mx[0]!.endpoints[0]!.reusedFrom).toBe(reports[i]!.mx[0]!.endpoints[0]!.reusedFrom);
      expect(view.report!.findings).toEqual(reports[i]!.findings);
      const api = await getApiScan(scope, ids[i]!, db);
      expect(api.report).toEqual(view.report);
    }
    const domain = await getDomain(scope, name, db);
    expect(domain.lastReport?.report.startedAt).toBe(reports[29]!.startedAt);
    // Compare reads both through the reference: the latest two, equal but for their times.
    const compared = await compareScans(scope, name, {}, db);
    expect(compared.kind).not.toBe("not-enough");
    expect(JSON.stringify(compared)).not.toMatch(/unreadable/i);
  });

  it("a change in between stores exactly the changed scans", async () => {
    const grades = [...Array.from({ length: 10 }, () => "A" as const), "C" as const, "C" as const, ...Array.from({ length: 8 }, () => "A" as const)];
    const { ids, reports } = await runDays(grades);
    // Day 0 (first), day 10 (A → C) and day 12 (C → A) hold bodies; every other day is a reference.
    expect((await bodies(ids)).sort()).toEqual([ids[0], ids[10], ids[12]].sort());
    const refOf = new Map((await db.scan.findMany({ where: { id: { in: ids } }, select: { id: true, reportRefScanId: true } })).map((r) => [r.id, r.reportRefScanId]));
    expect(refOf.get(ids[11]!)).toBe(ids[10]);
    expect(refOf.get(ids[19]!)).toBe(ids[12]);
    // Finding rows go with the bodies only: the C days' findings are written once, on day 10.
    expect(reports[10]!.findings.length).toBeGreaterThan(0);
    const withBody = [0, 10, 12].reduce((n, i) => n + reports[i]!.findings.length, 0);
    expect(await db.finding.count({ where: { scanId: { in: ids } } })).toBe(withBody);
    expect(await db.finding.count({ where: { scanId: ids[11]! } })).toBe(0);
    for (const i of [9, 10, 11, 12, 19]) {
      const view = await getScan(scope, ids[i]!, db);
      expect(view.report).toMatchObject({ grade: grades[i], startedAt: reports[i]!.startedAt, durationMs: reports[i]!.durationMs });
    }
  });
});

describe("retention of unchanged scans", () => {
  it("deletes old reference scans only; bodies and the latest scan stay, every remaining report reads in full", async () => {
    const { domainId, ids, reports } = await runDays(["A", "A", "A", "C", "C", "A"]);
    // The days are in November 2026: "older than 1 day" is all of them. Scoped: tests own their rows.
    const deleted = await pruneUnchangedScans(db, 1, { domainId });
    expect(deleted).toBeGreaterThanOrEqual(1);
    const left = new Set((await db.scan.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((r) => r.id));
    // Bodies stay: day 0, day 3 (A → C), day 5 (C → A, also the latest).
    for (const i of [0, 3, 5]) expect(left.has(ids[i]!)).toBe(true);
    // References days 1, 2, 4 go, unless a weekly roll-up or an event points at them.
    const pointed = new Set(
      (await db.$queryRaw<{ id: string }[]>`
        SELECT "scanId"::text AS id FROM "DomainWeek" WHERE "scanId" = ANY(${ids}::uuid[])
        UNION SELECT "scanId"::text FROM "Event" WHERE "scanId" = ANY(${ids}::uuid[])
        UNION SELECT "previousScanId"::text FROM "Event" WHERE "previousScanId" = ANY(${ids}::uuid[])`).map((r) => r.id),
    );
    for (const i of [1, 2, 4]) expect(left.has(ids[i]!)).toBe(pointed.has(ids[i]!));
    expect(left.size).toBe(3 + [1, 2, 4].filter((i) => pointed.has(ids[i]!)).length);
    for (const i of [0, 3, 5]) expect((await getScan(scope, ids[i]!, db)).report).toMatchObject({ grade: reports[i]!.grade, startedAt: reports[i]!.startedAt });
    expect(await pruneUnchangedScans(db, 0, { domainId })).toBe(0);
  });

  it("keeps a reference scan that a share link is pinned to", async () => {
    const { domainId, ids } = await runDays(["A", "A", "A", "A"]);
    const ws = await getDefaultWorkspace(db);
    await db.shareLink.create({ data: { workspaceId: ws.id, domainId, scanId: ids[1]!, tokenHash: randomBytes(32).toString("hex"), expiresAt: new Date(Date.now() + DAY) } });
    await pruneUnchangedScans(db, 1, { domainId });
    expect(await db.scan.count({ where: { id: ids[1]! } })).toBe(1);
    // Its neighbour, pinned by nothing but perhaps a roll-up, follows the ordinary rule.
    const pointedAt2 = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM (SELECT 1 FROM "DomainWeek" WHERE "scanId" = ${ids[2]!}::uuid UNION ALL SELECT 1 FROM "Event" WHERE "scanId" = ${ids[2]!}::uuid OR "previousScanId" = ${ids[2]!}::uuid) x`;
    expect(await db.scan.count({ where: { id: ids[2]! } })).toBe(Number(pointedAt2[0]!.n) > 0 ? 1 : 0);
  });
});
