import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../../lib/db/client";
import { requestScan } from "../../../lib/services/scans/request-scan";
import { queueScansForDomainIds, requestScans, SCAN_CHUNK } from "../../../lib/services/scans/request-scans";
import { ValidationError } from "../../../lib/services/errors";
import { createIsolatedDatabase, openTestDb, queuedJobs, uniqueDomain } from "../../helpers/db";
import { defaultScope } from "../../helpers/scope";
import type { Scope } from "../../../lib/services/access/scope";
import { seedDomain } from "./portfolio-seed";

const db = openTestDb();
const scope = await defaultScope(db);
afterAll(() => db.$disconnect());

const activeScans = (d: Db, domainId: string) => d.scan.count({ where: { domainId, status: { in: ["queued", "running"] } } });

describe("requestScans (named domains)", () => {
  it("queues one scan and one job per idle domain and skips those with an active scan", async () => {
    const idle = uniqueDomain("rs-idle");
    const scanned = uniqueDomain("rs-done");
    const running = uniqueDomain("rs-run");
    const a = await seedDomain(db, { name: idle });
    const b = await seedDomain(db, { name: scanned, scans: [["B", 75, new Date()]] });
    const c = await seedDomain(db, { name: running, active: "running" });

    const result = await requestScans(scope, [idle, scanned.toUpperCase(), running, idle], db);
    expect(result.queued).toBe(2);
    expect(result.alreadyActive).toBe(1);
    expect(result.notFound).toEqual([]);
    expect(result.invalid).toEqual([]);
    expect(Object.keys(result.scans).sort()).toEqual([idle, scanned].sort());
    for (const id of [a.id, b.id]) {
      expect(await activeScans(db, id)).toBe(1);
      expect(await queuedJobs(db, id)).toBe(1);
    }
    // The running scan is left alone: still one active scan, no job added for it.
    expect(await activeScans(db, c.id)).toBe(1);
    expect(await queuedJobs(db, c.id)).toBe(0);
    // The same job shape as enqueueScan: task, { scanId } payload, attempts (read from the private table: the view hides the payload).
    const job = await db.$queryRaw<{ payload: { scanId: string }; max_attempts: number; task_identifier: string }[]>`
      SELECT j.payload, j.max_attempts, t.identifier AS task_identifier
        FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
       WHERE j.key = ${`scan:${a.id}`}`;
    expect(job[0]).toMatchObject({ payload: { scanId: result.scans[idle] }, max_attempts: 5, task_identifier: "scan" });
  });

  it("asking again while queued adds nothing (no duplicates with an active scan)", async () => {
    const name = uniqueDomain("rs-twice");
    const first = await requestScan(scope, { domain: name }, db);
    const again = await requestScans(scope, [name], db);
    expect(again).toMatchObject({ queued: 0, alreadyActive: 1, scans: {} });
    const both = await Promise.all([requestScans(scope, [name], db), requestScans(scope, [name], db), requestScan(scope, { domain: name }, db)]);
    expect(both[2].scanId).toBe(first.scanId);
    expect(await db.scan.count({ where: { domainId: first.domainId } })).toBe(1);
    expect(await queuedJobs(db, first.domainId)).toBe(1);
  });

  it("racing bulk requests for the same idle domains queue each exactly once", async () => {
    const names = Array.from({ length: 20 }, () => uniqueDomain("rs-race"));
    const ids = await Promise.all(names.map(async (name) => (await seedDomain(db, { name })).id));
    const results = await Promise.all([requestScans(scope, names, db), requestScans(scope, names, db), requestScans(scope, [...names].reverse(), db)]);
    expect(results.reduce((s, r) => s + r.queued, 0)).toBe(20);
    for (const id of ids) expect(await activeScans(db, id)).toBe(1);
  });

  it("reports unknown and invalid names and never adds a domain", async () => {
    const unknown = uniqueDomain("rs-unknown");
    const result = await requestScans(scope, [unknown, "http://x", "exa mple.com"], db);
    expect(result.queued).toBe(0);
    expect(result.notFound).toEqual([unknown]);
    expect(result.invalid.map((i) => i.input)).toEqual(["http://x", "exa mple.com"]);
    expect(result.invalid[0]!.reason).toMatch(/URL/);
    expect(await db.domain.count({ where: { name: unknown } })).toBe(0);
  });

  it("refuses an empty selection and more than 10 000 names", async () => {
    await expect(requestScans(scope, [], db)).rejects.toBeInstanceOf(ValidationError);
    await expect(requestScans(scope, Array.from({ length: 10_001 }, (_, i) => `d${i}.example`), db)).rejects.toBeInstanceOf(ValidationError);
  });

  it("queues more than one chunk of domains", async () => {
    const names = Array.from({ length: SCAN_CHUNK + 3 }, () => uniqueDomain("rs-chunk"));
    const ws = await db.workspace.findUniqueOrThrow({ where: { slug: "default" } });
    await db.domain.createMany({ data: names.map((name) => ({ workspaceId: ws.id, name })) });
    const domains = await db.domain.findMany({ where: { name: { in: names } }, select: { id: true } });
    const queued = await queueScansForDomainIds(scope, domains.map((d) => d.id), db);
    expect(queued.size).toBe(SCAN_CHUNK + 3);
    const jobs = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM graphile_worker.jobs WHERE key = ANY(${domains.map((d) => `scan:${d.id}`)}::text[])`;
    expect(Number(jobs[0]!.n)).toBe(SCAN_CHUNK + 3);
  });
});

describe('requestScans("all") (own database: it touches every domain of the workspace)', () => {
  let iso: { url: string; drop: () => Promise<void> };
  let idb: Db;
  let iscope: Scope;
  beforeAll(async () => {
    iso = await createIsolatedDatabase();
    idb = createDb(iso.url, 3);
    iscope = await defaultScope(idb);
  });
  afterAll(async () => {
    await idb?.$disconnect();
    await iso?.drop();
  });

  it("queues only domains without an active scan, and a second run queues nothing", async () => {
    const idle = await Promise.all(["a", "b", "c"].map((l) => seedDomain(idb, { name: `${l}.all.example`, scans: [["A", 90, new Date()]] })));
    const never = await seedDomain(idb, { name: "d.all.example" });
    const queued = await seedDomain(idb, { name: "e.all.example", active: "queued" });
    const running = await seedDomain(idb, { name: "f.all.example", active: "running" });

    const result = await requestScans(iscope, "all", idb);
    expect(result).toMatchObject({ queued: 4, alreadyActive: 2, notFound: [], invalid: [] });
    for (const d of [...idle, never]) {
      expect(await activeScans(idb, d.id)).toBe(1);
      expect(await queuedJobs(idb, d.id)).toBe(1);
    }
    // The active scans are the ones that were there before.
    const stillActive = await idb.scan.findMany({ where: { domainId: { in: [queued.id, running.id] }, status: { in: ["queued", "running"] } } });
    expect(stillActive.map((s) => s.id).sort()).toEqual([queued.activeScanId, running.activeScanId].sort());

    expect(await requestScans(iscope, "all", idb)).toMatchObject({ queued: 0, alreadyActive: 6 });
    expect(await idb.scan.count({ where: { status: { in: ["queued", "running"] } } })).toBe(6);
  });
});
