/**
 * Nothing is lost when the database restarts in the middle of a scan: the worker cannot store the
 * result or heartbeat while PostgreSQL is down, and once it is back the scan is retried or stored,
 * and ends `done` exactly once. Runs on a PostgreSQL of its own, restarted on the same port.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDb, type Db } from "../../../lib/db/client";
import type { Scope } from "../../../lib/services/access/scope";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../../lib/db/embedded";
import { prepareDatabase } from "../../../lib/queue/schema";
import { requestScan } from "../../../lib/services/scans/request-scan";
import { labDomainZone, startLab, type Lab } from "../../helpers/lab";
import { startWorkerProcess, stopProcess, type Proc } from "../../helpers/processes";
import { defaultScope } from "../../helpers/scope";

const suffix = `restart-${randomBytes(3).toString("hex")}.test`;
const slow = `slow.${suffix}`;
let tmp: string;
let server: EmbeddedPostgres;
let url: string;
let db: Db;
let scope: Scope;
let lab: Lab;
let worker: Proc | undefined;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mailposture-restart-"));
  fs.chmodSync(tmp, 0o755);
  server = await startEmbeddedPostgres({ dataDir: path.join(tmp, "pg") });
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query("CREATE DATABASE restart_test");
  await admin.end();
  const u = new URL(server.url);
  u.pathname = "/restart_test";
  url = u.toString();
  await prepareDatabase(url);
  db = createDb(url, 3);
  scope = await defaultScope(db);
  // DNS answers for this domain take 5 s, so the scan is surely in flight when the database stops.
  lab = await startLab({ mxHost: `mx.${suffix}`, zones: [labDomainZone(slow, `mx.${suffix}`, { latencyMs: 5_000 })] });
});

afterAll(async () => {
  if (worker) await stopProcess(worker);
  await db?.$disconnect().catch(() => {});
  await lab?.close();
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

it("a scan in flight while PostgreSQL restarts ends done exactly once", async () => {
  worker = await startWorkerProcess({ ...lab.env, DATABASE_URL: url, MAILPOSTURE_WORKER_STALE_SECONDS: "3" });
  const { scanId } = await requestScan(scope, { domain: slow }, db);
  await waitFor("the scan to start", async () => ((await db.scan.findUniqueOrThrow({ where: { id: scanId } })).status === "running" ? true : undefined));

  // Fast shutdown ends every session, the worker's included; then the same data on the same port.
  await server.stop();
  await new Promise((r) => setTimeout(r, 2_000));
  server = await startEmbeddedPostgres({ dataDir: path.join(tmp, "pg"), port: server.port });

  const done = await waitFor("the scan to finish after the restart", async () => {
    const s = await db.scan.findUniqueOrThrow({ where: { id: scanId } });
    return s.status === "done" || s.status === "failed" ? s : undefined;
  });
  expect(done.status).toBe("done");
  const findings = await db.finding.count({ where: { scanId } });
  expect(findings).toBe((done.report as { findings: unknown[] }).findings.length);
  expect(await db.scan.count({ where: { status: { in: ["running", "queued"] } } })).toBe(0);
  // The worker survived the outage: it is still running and still takes jobs.
  expect(worker.child.exitCode).toBeNull();
});
