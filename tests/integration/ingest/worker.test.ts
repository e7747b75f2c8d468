/**
 * The `ingest-report` job on the real queue: the worker process's wiring (runtime.ts
 * startScanWorker) starts a runner for reports next to the scan runner, and the two are separate:
 * the scan runner never takes a report job, so reports waiting in the queue never hold up a scan,
 * and the report runner alone works through them.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../../lib/db/client";
import { systemScope, type Scope } from "../../../lib/services/access/scope";
import { receiveTlsRptPost } from "../../../lib/services/ingest/http-receiver";
import { receiveReport } from "../../../lib/services/ingest/receive";
import { createIngestToken } from "../../../lib/services/ingest/token";
import { startIngestWorker } from "../../../lib/services/ingest/worker";
import { startScanWorker } from "../../../lib/services/runtime";
import { createScanTask } from "../../../lib/services/scans/run-scan";
import { requestScan } from "../../../lib/services/scans/request-scan";
import { startWorker } from "../../../lib/services/worker";
import { createIsolatedDatabase } from "../../helpers/db";
import { mxHost, report } from "../../unit/report/history-fixtures";
import { tlsRptGzip } from "./fixtures";

let iso: { url: string; drop: () => Promise<void> };
let db: Db;
let scope: Scope;
const stops: (() => Promise<void>)[] = [];

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const fakeScanner = async (domain: string) => report({ domain, mx: [mxHost(`mx1.${domain}`, 10)] });

async function newDomain(label: string): Promise<string> {
  const name = `${label}-${randomBytes(4).toString("hex")}.example`;
  await db.domain.create({ data: { workspaceId: scope.workspaceId, name } });
  return name;
}

beforeAll(async () => {
  iso = await createIsolatedDatabase();
  db = createDb(iso.url);
  const ws = await db.workspace.create({ data: { slug: `ingest-worker-${randomBytes(4).toString("hex")}`, name: "Ingest worker" } });
  scope = systemScope(ws.id);
});

afterAll(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await db?.$disconnect();
  await iso?.drop();
});

describe("the ingest-report job", () => {
  it("processes a report posted to the receiver in the runner startScanWorker starts", async () => {
    const domain = await newDomain("posted");
    const worker = await startScanWorker({ databaseUrl: iso.url, db, scanner: fakeScanner, scannerVersion: "test", concurrency: 2, heartbeatMs: 60_000, staleAfterMs: 60_000, ingestConcurrency: 1 });
    stops.push(() => worker.stop());
    const { token } = await createIngestToken(scope, db, "https://reports.example.test");
    const body = new Uint8Array(tlsRptGzip({ domain, org: "Queue Org", reportId: "q-1", failures: [{ type: "validation-failure", sessions: 1 }] }));
    const req = new Request(`https://reports.example.test/r/tlsrpt/${token}`, { method: "POST", headers: { "content-type": "application/tlsrpt+gzip" }, body });
    const posted = await receiveTlsRptPost(token, req, {}, db);
    expect(posted.status).toBe(201);

    await until("the report to be processed", async () => (await db.rawReport.findUniqueOrThrow({ where: { id: posted.rawId! } })).status !== "pending");
    expect((await db.rawReport.findUniqueOrThrow({ where: { id: posted.rawId! } })).status).toBe("parsed");
    const stored = await db.senderReport.findFirstOrThrow({ where: { rawId: posted.rawId! } });
    expect(stored).toMatchObject({ orgName: "Queue Org", reportId: "q-1", kind: "tlsrpt" });
    // The same process still runs scans.
    const { scanId } = await requestScan(scope, { domain }, db);
    await until("the scan to finish", async () => (await db.scan.findUniqueOrThrow({ where: { id: scanId } })).status === "done");
    await stops.pop()!();
  }, 120_000);

  it("leaves report jobs to the report runner: queued reports do not hold up a scan", async () => {
    const domain = await newDomain("flood");
    const scanTask = createScanTask({ db, scan: fakeScanner, heartbeatMs: 60_000, scannerVersion: "test" });
    // Only the scan runner, with a single slot: were it to take report jobs, they would sit in it.
    const scans = await startWorker({ databaseUrl: iso.url, db, scanTask: scanTask as never, concurrency: 1, staleAfterMs: 60_000 });
    stops.push(() => scans.stop());
    const rawIds: string[] = [];
    for (let i = 0; i < 20; i++) rawIds.push((await receiveReport(scope.workspaceId, tlsRptGzip({ domain, org: "Flood Org", reportId: `flood-${i}` }), { channel: "https" }, db)).rawId);
    const { scanId } = await requestScan(scope, { domain }, db);
    await until("the scan to finish", async () => (await db.scan.findUniqueOrThrow({ where: { id: scanId } })).status === "done");

    // The scan ran; every report job is still queued, untouched by the scan runner.
    expect(await db.rawReport.count({ where: { id: { in: rawIds }, status: "pending" } })).toBe(20);
    const jobs = await db.$queryRaw<{ attempts: number; locked: boolean }[]>`
      SELECT attempts, locked_at IS NOT NULL AS locked FROM graphile_worker.jobs WHERE key = ANY(${rawIds.map((id) => `ingest:${id}`)})`;
    expect(jobs).toHaveLength(20);
    expect(jobs.every((j) => j.attempts === 0 && !j.locked)).toBe(true);

    const reports = await startIngestWorker({ databaseUrl: iso.url, db, concurrency: 2 });
    stops.push(() => reports.stop());
    await until("the reports to be processed", async () => (await db.rawReport.count({ where: { id: { in: rawIds }, status: "pending" } })) === 0);
    expect(await db.rawReport.count({ where: { id: { in: rawIds }, status: "parsed" } })).toBe(20);
    expect(await db.senderReport.count({ where: { domain: { name: domain } } })).toBe(20);
    const day = await db.senderDay.findFirstOrThrow({ where: { domain: { name: domain } } });
    expect(day.reports).toBe(20);
  }, 120_000);
});
