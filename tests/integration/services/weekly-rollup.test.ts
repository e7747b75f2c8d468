/**
 * The weekly roll-up (lib/services/scans/weekly-rollup.ts): DomainWeek keeps each domain's last
 * state per ISO week and WorkspaceWeek the totals, moved by the difference, so a rescan in the same
 * week moves counters instead of adding to them and an older scan finishing late changes nothing.
 * Each test uses a workspace of its own so its counters are not shared with other tests.
 */
import { randomBytes } from "node:crypto";
import type { JobHelpers } from "graphile-worker";
import { afterAll, describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db/client";
import { createScanTask } from "../../../lib/services/scans/run-scan";
import { recordWeek, weekStartOf, type WeekState } from "../../../lib/services/scans/weekly-rollup";
import type { ScanReport } from "../../../lib/scan/types";
import { openTestDb } from "../../helpers/db";
import { finding, report } from "../../unit/report/history-fixtures";

const db = openTestDb();
afterAll(() => db.$disconnect());

async function workspace(): Promise<string> {
  const slug = `rollup-${randomBytes(5).toString("hex")}`;
  const ws = await db.workspace.create({ data: { slug, name: slug } });
  return ws.id;
}

async function domain(workspaceId: string, label = "d"): Promise<{ id: string; name: string }> {
  const name = `${label}-${randomBytes(4).toString("hex")}.example`;
  return db.domain.create({ data: { workspaceId, name }, select: { id: true, name: true } });
}

async function counters(workspaceId: string, weekStart: Date) {
  return db.workspaceWeek.findUnique({ where: { workspaceId_weekStart: { workspaceId, weekStart } } });
}

const state = (s: Partial<WeekState> = {}): WeekState => ({
  grade: "B", exposure: "partial", mtaStsEnforce: false, daneValid: true, dmarcEnforce: true, criticalCount: 0, ...s,
});

async function record(workspaceId: string, domainId: string, finishedAt: string, s: WeekState, scanId = crypto.randomUUID()): Promise<void> {
  await db.$transaction((tx) => recordWeek(tx, { domainId, workspaceId, scanId, finishedAt: new Date(finishedAt), state: s }));
}

/** A worker helper good enough for createScanTask (one attempt, never the last retry). */
function helpers(): JobHelpers {
  return { job: { locked_by: "test-worker", attempts: 1, max_attempts: 3 }, abortSignal: new AbortController().signal } as unknown as JobHelpers;
}

/** Stores `r` as a scan of `domainId` through the real queue task. */
async function storeScan(domainId: string, r: ScanReport): Promise<string> {
  const scan = await db.scan.create({ data: { domainId } });
  const task = createScanTask({ db: db as Db, scan: async () => structuredClone(r), heartbeatMs: 60_000, scannerVersion: "test" });
  await task({ scanId: scan.id }, helpers());
  return scan.id;
}

const MONDAY = "2026-11-23";
const week = new Date(`${MONDAY}T00:00:00Z`);

describe("weekStartOf", () => {
  it.each([
    ["2026-11-23T00:00:00.000Z", MONDAY],
    ["2026-11-29T23:59:59.999Z", MONDAY],
    ["2026-11-30T00:00:00.000Z", "2026-11-30"],
    ["2026-11-22T23:59:59.999Z", "2026-11-16"],
  ])("%s is in the week of %s", (at, monday) => expect(weekStartOf(new Date(at)).toISOString().slice(0, 10)).toBe(monday));
});

describe("recordWeek", () => {
  it("adds a domain's first scan of the week to every matching counter", async () => {
    const ws = await workspace();
    const d = await domain(ws);
    await record(ws, d.id, "2026-11-24T10:00:00Z", state({ grade: "A", exposure: "protected", mtaStsEnforce: true, criticalCount: 2 }));
    expect(await counters(ws, week)).toMatchObject({
      domains: 1, gradeA: 1, gradeB: 0, protected: 1, partial: 0, mtaStsEnforce: 1, daneValid: 1, dmarcEnforce: 1, withCritical: 1,
    });
    const row = await db.domainWeek.findUniqueOrThrow({ where: { domainId_weekStart: { domainId: d.id, weekStart: week } } });
    expect(row).toMatchObject({ grade: "A", exposure: "protected", criticalCount: 2 });
  });

  it("a rescan in the same week moves the counters instead of adding to them", async () => {
    const ws = await workspace();
    const d = await domain(ws);
    await record(ws, d.id, "2026-11-24T10:00:00Z", state({ grade: "C", exposure: "exposed", daneValid: false, criticalCount: 1 }));
    await record(ws, d.id, "2026-11-26T10:00:00Z", state({ grade: "B", exposure: "partial", daneValid: true, criticalCount: 0 }));
    await record(ws, d.id, "2026-11-27T10:00:00Z", state({ grade: "B", exposure: "partial", daneValid: true, criticalCount: 0 }));
    expect(await counters(ws, week)).toMatchObject({
      domains: 1, gradeC: 0, gradeB: 1, exposed: 0, partial: 1, daneValid: 1, withCritical: 0,
    });
    expect(await db.domainWeek.count({ where: { domainId: d.id } })).toBe(1);
  });

  it("an older scan finishing late is ignored", async () => {
    const ws = await workspace();
    const d = await domain(ws);
    const newer = crypto.randomUUID();
    await record(ws, d.id, "2026-11-26T10:00:00Z", state({ grade: "A" }), newer);
    await record(ws, d.id, "2026-11-24T10:00:00Z", state({ grade: "F", exposure: "exposed" }));
    expect(await counters(ws, week)).toMatchObject({ domains: 1, gradeA: 1, gradeF: 0, exposed: 0, partial: 1 });
    const row = await db.domainWeek.findUniqueOrThrow({ where: { domainId_weekStart: { domainId: d.id, weekStart: week } } });
    expect(row.scanId).toBe(newer);
  });

  it("keeps separate weeks apart, and domains of the same week add up", async () => {
    const ws = await workspace();
    const [a, b] = [await domain(ws, "a"), await domain(ws, "b")];
    await record(ws, a.id, "2026-11-17T10:00:00Z", state({ grade: "C" }));
    await record(ws, a.id, "2026-11-24T10:00:00Z", state({ grade: "B" }));
    await record(ws, b.id, "2026-11-25T10:00:00Z", state({ grade: "B", exposure: "no-inbound-mail", daneValid: false }));
    expect(await counters(ws, new Date("2026-11-16T00:00:00Z"))).toMatchObject({ domains: 1, gradeC: 1, gradeB: 0 });
    expect(await counters(ws, week)).toMatchObject({ domains: 2, gradeB: 2, partial: 1, noInboundMail: 1, daneValid: 1 });
  });

  it("concurrent first scans of different domains in a new week all count", async () => {
    const ws = await workspace();
    const domains = await Promise.all(Array.from({ length: 8 }, () => domain(ws)));
    await Promise.all(domains.map((d, i) => record(ws, d.id, `2026-11-2${4 + (i % 3)}T10:00:00Z`, state())));
    expect(await counters(ws, week)).toMatchObject({ domains: 8, gradeB: 8, partial: 8 });
  });
});

describe("stored through the scan task", () => {
  const at = (iso: string, r: Parameters<typeof report>[0] = {}) => report({ ...r, startedAt: iso, durationMs: 1000 });

  it("a scan stored by the worker lands in its week's roll-up", async () => {
    const ws = await workspace();
    const d = await domain(ws);
    await storeScan(d.id, at("2026-11-24T09:00:00.000Z", { domain: d.name, grade: "C", score: 60, exposure: { verdict: "exposed", sentence: "", hosts: [] }, findings: [finding("starttls-stripping-exposure", "high")] }));
    expect(await counters(ws, week)).toMatchObject({ domains: 1, gradeC: 1, exposed: 1 });
  });

  it("a domain rescanned in the same week moves the counters, not double them", async () => {
    const ws = await workspace();
    const d = await domain(ws);
    await storeScan(d.id, at("2026-11-24T09:00:00.000Z", { domain: d.name, grade: "C", score: 60, exposure: { verdict: "exposed", sentence: "", hosts: [] }, findings: [finding("dnssec-bogus", "critical")] }));
    await storeScan(d.id, at("2026-11-25T09:00:00.000Z", { domain: d.name, grade: "A", score: 92, mode: "enforce", dmarcRecord: "v=DMARC1; p=reject", exposure: { verdict: "protected", sentence: "", hosts: [] } }));
    expect(await counters(ws, week)).toMatchObject({ domains: 1, gradeC: 0, gradeA: 1, exposed: 0, protected: 1, withCritical: 0, mtaStsEnforce: 1, dmarcEnforce: 1 });
  });

  it("an older scan that finishes after a newer one leaves the week as the newer one set it", async () => {
    const ws = await workspace();
    const d = await domain(ws);
    const newer = await storeScan(d.id, at("2026-11-26T09:00:00.000Z", { domain: d.name, grade: "A", score: 92, exposure: { verdict: "protected", sentence: "", hosts: [] } }));
    await storeScan(d.id, at("2026-11-24T09:00:00.000Z", { domain: d.name, grade: "F", score: 20, exposure: { verdict: "exposed", sentence: "", hosts: [] } }));
    expect(await counters(ws, week)).toMatchObject({ domains: 1, gradeA: 1, gradeF: 0, protected: 1, exposed: 0 });
    const row = await db.domainWeek.findUniqueOrThrow({ where: { domainId_weekStart: { domainId: d.id, weekStart: week } } });
    expect(row.scanId).toBe(newer);
  });

  it("a scan that could not be graded is stored with its reason and leaves the week's counters", async () => {
    const ws = await workspace();
    const d = await domain(ws);
    const reason = "the domain does not exist (NXDOMAIN)";
    await storeScan(d.id, at("2026-11-24T09:00:00.000Z", { domain: d.name, grade: "B", score: 80, exposure: { verdict: "partial", sentence: "", hosts: [] } }));
    expect(await counters(ws, week)).toMatchObject({ domains: 1, gradeB: 1, partial: 1 });
    const gone = { ...at("2026-11-25T09:00:00.000Z", { domain: d.name, grade: "D", score: 53, exposure: { verdict: "exposed", sentence: "", hosts: [] }, findings: [finding("dmarc-missing", "high")] }), notGraded: reason };
    const scanId = await storeScan(d.id, gone);
    // The grade and score are stored as the contract defines them; the reason beside them.
    expect(await db.scan.findUniqueOrThrow({ where: { id: scanId }, select: { grade: true, notGraded: true } })).toEqual({ grade: "D", notGraded: reason });
    expect(await db.domainLatest.findUniqueOrThrow({ where: { domainId: d.id }, select: { scanId: true, notGraded: true } })).toEqual({ scanId, notGraded: reason });
    expect((await db.domainWeek.findUniqueOrThrow({ where: { domainId_weekStart: { domainId: d.id, weekStart: week } } })).notGraded).toBe(reason);
    expect(await counters(ws, week)).toMatchObject({ domains: 0, gradeB: 0, gradeD: 0, partial: 0, exposed: 0 });
    // One "could not be graded" event, no grade drop from B to D.
    const events = await db.event.findMany({ where: { domainId: d.id }, select: { kind: true, before: true } });
    expect(events).toEqual([{ kind: "not-graded", before: "B" }]);
  });
});
