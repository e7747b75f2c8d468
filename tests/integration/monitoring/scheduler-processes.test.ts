/**
 * The scheduler across operating-system processes, on the real clock: two `npm run worker`
 * processes (scripts/worker.ts) share one database with a 3-second rescan interval. Each domain is
 * scanned once per interval and never twice within one, also across a restart of both workers
 * (the schedule is rows, claimed with SKIP LOCKED: no process holds it in memory).
 *
 * scheduler.test.ts covers the same rules on a fake clock (days, off, priority); this one proves
 * they hold between real processes.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../../lib/db/client";
import { createIsolatedDatabase } from "../../helpers/db";
import { startWorkerProcess, stopProcess, type Proc } from "../../helpers/processes";

const INTERVAL_S = 3;
const DOMAINS = 12;
const TICK_S = 0.2;

let iso: { url: string; drop: () => Promise<void> };
let db: Db;
let deadDns = 0;
const running: Proc[] = [];

/** A loopback port nothing listens on: scans fail fast (DNS unreachable), which is all this needs. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function startBoth(): Promise<void> {
  const env = {
    DATABASE_URL: iso.url,
    MAILPOSTURE_DNS: `127.0.0.1:${deadDns}`,
    MAILPOSTURE_SCHEDULER: "1",
    MAILPOSTURE_SCHEDULER_TICK_SECONDS: String(TICK_S),
    MAILPOSTURE_WORKER_CONCURRENCY: "4",
  };
  running.push(...(await Promise.all([startWorkerProcess(env), startWorkerProcess(env)])));
}

async function stopBoth(): Promise<void> {
  await Promise.all(running.splice(0).map((p) => stopProcess(p)));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  iso = await createIsolatedDatabase();
  db = createDb(iso.url, 2);
  deadDns = await closedPort();
  const ws = await db.workspace.create({ data: { slug: "sched-procs", name: "Scheduler", scanIntervalSeconds: INTERVAL_S } });
  await db.domain.createMany({ data: Array.from({ length: DOMAINS }, (_, i) => ({ workspaceId: ws.id, name: `sched-${i}.example.invalid` })) });
}, 120_000);

afterAll(async () => {
  await stopBoth();
  await db?.$disconnect();
  await iso?.drop();
});

describe("scheduled rescans across two worker processes", () => {
  it("queue each domain once per interval, never twice, before and after both workers restart", async () => {
    const started = Date.now();
    await startBoth();
    await sleep(4 * INTERVAL_S * 1000);
    await stopBoth();
    await sleep(1_000);
    await startBoth();
    await sleep(4 * INTERVAL_S * 1000);
    await stopBoth();
    const activeSeconds = (Date.now() - started) / 1000;

    const scans = await db.scan.findMany({ where: { trigger: "schedule" }, select: { domainId: true, requestedAt: true }, orderBy: { requestedAt: "asc" } });
    const byDomain = new Map<string, number[]>();
    for (const s of scans) byDomain.set(s.domainId, [...(byDomain.get(s.domainId) ?? []), s.requestedAt.getTime()]);
    expect(byDomain.size).toBe(DOMAINS);
    for (const [domainId, times] of byDomain) {
      // Never twice within an interval. Slots keep their phase (slot, slot + interval, …), so a scan
      // queued late in one slot (a loaded machine: ticks and transactions take time) and on time
      // in the next are less than an interval apart — but a second scan in the same slot would be
      // at most a tick or two after the first. Half an interval tells the two apart.
      for (let i = 1; i < times.length; i++) {
        expect(times[i]! - times[i - 1]!, `${domainId}: scans ${i - 1} and ${i}`).toBeGreaterThanOrEqual((INTERVAL_S * 1000) / 2);
      }
      // And once per interval: the first slot is within the first interval, then one per interval
      // for as long as a worker ran (start-up time of the processes aside).
      expect(times.length, domainId).toBeGreaterThanOrEqual(4);
      expect(times.length, domainId).toBeLessThanOrEqual(Math.ceil(activeSeconds / INTERVAL_S) + 1);
    }
  }, 180_000);
});
