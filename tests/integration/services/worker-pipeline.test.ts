/**
 * The queue end to end with real worker processes: two standalone workers share one database,
 * every scan ends `done` exactly once, and a worker killed mid-scan loses nothing.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestScan } from "../../../lib/services/scans/request-scan";
import { createDb, type Db } from "../../../lib/db/client";
import type { Scope } from "../../../lib/services/access/scope";
import { createIsolatedDatabase } from "../../helpers/db";
import { labDomainZone, startLab, type Lab } from "../../helpers/lab";
import { startWorkerProcess, stopProcess, type Proc } from "../../helpers/processes";
import { defaultScope } from "../../helpers/scope";

let db: Db;
let scope: Scope;
let database: { url: string; drop: () => Promise<void> };
const run = randomBytes(3).toString("hex");
const suffix = `pipe-${run}.test`;
const mxHost = `mx.${suffix}`;
const fastDomains = Array.from({ length: 100 }, (_, i) => `d${i}.${suffix}`);
const slowDomain = `slow.${suffix}`;
let lab: Lab;
const procs: Proc[] = [];

function workerEnv(extra: Record<string, string> = {}) {
  return { ...lab.env, DATABASE_URL: database.url, MAILPOSTURE_WORKER_CONCURRENCY: "8", MAILPOSTURE_WORKER_STALE_SECONDS: "2", ...extra };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  database = await createIsolatedDatabase();
  db = createDb(database.url);
  scope = await defaultScope(db);
  lab = await startLab({
    mxHost,
    zones: [
      ...fastDomains.map((d) => labDomainZone(d, mxHost)),
      // Answers take 4 s here, so the scan is surely running when its worker is killed.
      labDomainZone(slowDomain, mxHost, { latencyMs: 4_000 }),
    ],
  });
});

afterAll(async () => {
  await Promise.all(procs.map((p) => stopProcess(p)));
  await lab?.close();
  await db?.$disconnect();
  await database?.drop();
});

// Worker processes start tsx and a scanner each; on a loaded 2-core machine that alone can take
// most of a minute, so these tests get a guard well above the project's default.
const PIPELINE_TIMEOUT_MS = 240_000;

describe("scan workers", () => {
  it("two standalone workers finish 100 queued scans, each exactly once", async () => {
    procs.push(await startWorkerProcess(workerEnv()), await startWorkerProcess(workerEnv()));
    const requested = await Promise.all(fastDomains.map((domain) => requestScan(scope, { domain }, db)));
    const ids = requested.map((r) => r.scanId);
    expect(new Set(ids).size).toBe(100);

    await waitFor("all scans to finish", async () => {
      const open = await db.scan.count({ where: { id: { in: ids }, status: { in: ["queued", "running"] } } });
      return open === 0 ? true : undefined;
    });
    const scans = await db.scan.findMany({ where: { id: { in: ids } }, include: { findings: true, domain: { include: { latest: true } } } });
    expect(scans.map((s) => s.status)).toEqual(ids.map(() => "done"));
    for (const s of scans) {
      const report = s.report as { domain: string; findings: unknown[]; mx: { endpoints: { starttls: string }[] }[] };
      expect(report.domain).toBe(s.domain.name);
      // Stored once: a second store would have duplicated the finding rows.
      expect(s.findings).toHaveLength(report.findings.length);
      expect(s.domain.latest?.scanId).toBe(s.id);
      // The scan really talked to the lab's SMTP server over STARTTLS.
      expect(report.mx[0]?.endpoints[0]?.starttls).toBe("ok");
    }
    expect(await db.scan.count({ where: { status: "running" } })).toBe(0);
  }, PIPELINE_TIMEOUT_MS);

  it("a scan whose worker is killed mid-scan is retried by another worker and ends done", async () => {
    await Promise.all(procs.splice(0).map((p) => stopProcess(p)));
    const victim = await startWorkerProcess(workerEnv());
    procs.push(victim);
    const { scanId } = await requestScan(scope, { domain: slowDomain }, db);
    const running = await waitFor("the slow scan to start", async () => {
      const s = await db.scan.findUniqueOrThrow({ where: { id: scanId } });
      return s.status === "running" ? s : undefined;
    });
    expect(running.attempts).toBe(1);
    victim.child.kill("SIGKILL");
    await victim.exited;

    procs.push(await startWorkerProcess(workerEnv()));
    const done = await waitFor("the retried scan to finish", async () => {
      const s = await db.scan.findUniqueOrThrow({ where: { id: scanId } });
      return s.status === "done" || s.status === "failed" ? s : undefined;
    });
    expect(done.status).toBe("done");
    expect(done.attempts).toBe(2);
    expect(done.workerId).not.toBe(running.workerId);
    expect(await db.scan.count({ where: { status: "running", domain: { name: slowDomain } } })).toBe(0);
    expect(await db.finding.count({ where: { scanId } })).toBe((done.report as { findings: unknown[] }).findings.length);
  }, PIPELINE_TIMEOUT_MS);
});
