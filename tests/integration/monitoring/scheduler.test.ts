/**
 * The rescan scheduler (lib/services/monitoring/schedule.ts) with two real queue workers on a
 * database of its own: with a 1-minute interval on a fake clock, each domain is scanned once per
 * interval and never twice, also after both workers restart; a domain whose schedule is off is
 * never scanned; scheduled scans queue at a lower priority than a person's Rescan.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../../lib/db/client";
import { SCHEDULED_SCAN_PRIORITY } from "../../../lib/queue/jobs";
import { enqueueDueScans } from "../../../lib/services/monitoring/schedule";
import type { MonitoringOptions } from "../../../lib/services/monitoring/runtime";
import { createScanTask } from "../../../lib/services/scans/run-scan";
import { startWorker, type WorkerHandle } from "../../../lib/services/worker";
import { createIsolatedDatabase } from "../../helpers/db";
import { report } from "../../unit/report/history-fixtures";

const T0 = Date.parse("2026-12-01T10:00:00.000Z");
const MINUTE = 60_000;
let clock = new Date(T0);

let iso: { url: string; drop: () => Promise<void> };
let db: Db;
let workers: WorkerHandle[] = [];
const scanned: string[] = [];

async function startWorkers(): Promise<WorkerHandle[]> {
  const now = () => clock;
  const monitoring: MonitoringOptions = {
    scheduler: true,
    tickMs: 100,
    digestHourUtc: 8,
    now,
    alerts: { retryBaseMs: 1000, appUrl: "https://mailposture.test", send: { allowPrivate: true, from: "x@mailposture.test", now } },
  };
  const scanTask = createScanTask({
    db,
    scan: async (domain) => {
      scanned.push(domain);
      return { ...report({ domain }), startedAt: clock.toISOString() };
    },
    heartbeatMs: 60_000,
    scannerVersion: "test",
  });
  return Promise.all([0, 1].map(() => startWorker({ databaseUrl: iso.url, db, scanTask: scanTask as never, concurrency: 2, staleAfterMs: 60_000, monitoring })));
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function doneScans(domainId: string): Promise<number> {
  return db.scan.count({ where: { domainId, status: "done" } });
}

/** Lets several more scheduler ticks pass once all scans are done, so a duplicate would show. */
async function settle(ids: string[], expected: number): Promise<void> {
  await until(`${expected} scans each`, async () => (await Promise.all(ids.map(doneScans))).every((n) => n >= expected) && (await db.scan.count({ where: { status: { in: ["queued", "running"] } } })) === 0);
  await new Promise((r) => setTimeout(r, 1000));
}

beforeAll(async () => {
  iso = await createIsolatedDatabase();
  db = createDb(iso.url, 8);
}, 120_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await db?.$disconnect();
  await iso?.drop();
});

describe("scheduler", () => {
  it("queues scheduled scans behind a person's Rescan", async () => {
    const ws = await db.workspace.create({ data: { slug: "prio", name: "prio", scanIntervalSeconds: 60 } });
    const d = await db.domain.create({ data: { workspaceId: ws.id, name: "prio.example", nextScanAt: new Date(T0 - 1) } });
    expect(await enqueueDueScans(db, new Date(T0))).toMatchObject({ queued: 1 });
    const jobs = await db.$queryRaw<{ priority: number }[]>`SELECT priority FROM graphile_worker.jobs WHERE key = ${`scan:${d.id}`}`;
    expect(jobs).toEqual([{ priority: SCHEDULED_SCAN_PRIORITY }]);
    // Scheduled, not asked for: it never counts against a person's scan quota.
    expect(await db.scan.findMany({ where: { domainId: d.id }, select: { trigger: true } })).toEqual([{ trigger: "schedule" }]);
    // The next slot keeps the phase: one interval after the one just served.
    const after = await db.domain.findUniqueOrThrow({ where: { id: d.id } });
    expect(after.nextScanAt?.getTime()).toBe(T0 - 1 + MINUTE);
    // Due again while its scan still waits: no second scan.
    expect(await enqueueDueScans(db, new Date(T0 + MINUTE))).toMatchObject({ queued: 0 });
    await db.domain.delete({ where: { id: d.id } });
  });

  it("two workers scan each due domain once per interval, none twice, also after both restart", async () => {
    const ws = await db.workspace.create({ data: { slug: "sched", name: "sched", scanIntervalSeconds: 60 } });
    const domains = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => db.domain.create({ data: { workspaceId: ws.id, name: `d${i}.sched.example` } })));
    const off = await db.domain.create({ data: { workspaceId: ws.id, name: "off.sched.example", scanIntervalSeconds: 0 } });
    const ids = domains.map((d) => d.id);

    clock = new Date(T0);
    workers = await startWorkers();
    // First slots are spread over the second half of the interval: none due yet.
    await until("first slots", async () => (await db.domain.count({ where: { id: { in: ids }, nextScanAt: null } })) === 0);
    const slots = await db.domain.findMany({ where: { id: { in: ids } }, select: { nextScanAt: true } });
    for (const s of slots) {
      expect(s.nextScanAt!.getTime()).toBeGreaterThanOrEqual(T0 + MINUTE / 2);
      expect(s.nextScanAt!.getTime()).toBeLessThan(T0 + MINUTE);
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(await db.scan.count({ where: { domainId: { in: ids } } })).toBe(0);

    for (const k of [1, 2]) {
      clock = new Date(T0 + k * MINUTE);
      await settle(ids, k);
      expect(await Promise.all(ids.map(doneScans))).toEqual(ids.map(() => k));
    }

    await Promise.all(workers.map((w) => w.stop()));
    workers = await startWorkers();
    clock = new Date(T0 + 3 * MINUTE);
    await settle(ids, 3);
    expect(await Promise.all(ids.map(doneScans))).toEqual(ids.map(() => 3));
    // Half an interval later nothing is due.
    clock = new Date(T0 + 3 * MINUTE + MINUTE / 2 - 1);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await Promise.all(ids.map(doneScans))).toEqual(ids.map(() => 3));
    expect(await db.scan.count({ where: { domainId: off.id } })).toBe(0);
    expect(scanned.filter((n) => n.endsWith(".sched.example"))).toHaveLength(18);
  }, 90_000);
});
