import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { systemScope, type Scope } from "../../../lib/services/access/scope";
import { addDomains } from "../../../lib/services/domains/add-domains";
import { RateLimitedError, ValidationError } from "../../../lib/services/errors";
import { enforceScanQuota, takeScanQuota, type WorkspaceLimits } from "../../../lib/services/quotas";
import { requestScan } from "../../../lib/services/scans/request-scan";
import { requestScans } from "../../../lib/services/scans/request-scans";
import { createWorkspace } from "../../../lib/services/workspaces";
import { openTestDb, uniqueDomain } from "../../helpers/db";

const db = openTestDb(12);
const workspaces: string[] = [];

afterAll(async () => {
  // The workspaces' domains and scans go with them (ON DELETE CASCADE); their queue jobs too.
  await db.$executeRaw`SELECT graphile_worker.remove_job('scan:' || d.id) FROM "Domain" d WHERE d."workspaceId" = ANY(${workspaces}::uuid[])`;
  await db.workspace.deleteMany({ where: { id: { in: workspaces } } });
  await db.$disconnect();
});

const LIMITS: WorkspaceLimits = { perMinute: 60, perDay: 2000, maxDomains: 10_000, bulkAddMax: 10_000 };

async function newScope(): Promise<Scope> {
  const ws = await createWorkspace(db, `quota ${randomBytes(4).toString("hex")}`);
  workspaces.push(ws.id);
  return systemScope(ws.id);
}

/** Scans counted by the quota (or not: `trigger`) requested `agoMs` before now, on a domain of their own. */
async function seedScans(scope: Scope, n: number, opts: { trigger?: string; agoMs?: number } = {}): Promise<void> {
  const requestedAt = new Date(Date.now() - (opts.agoMs ?? 0));
  for (let i = 0; i < n; i++) {
    const d = await db.domain.create({ data: { workspaceId: scope.workspaceId, name: uniqueDomain("q-seed") } });
    await db.scan.create({ data: { domainId: d.id, status: "failed", trigger: opts.trigger ?? "user", requestedAt, finishedAt: requestedAt } });
  }
}

async function scansOf(scope: Scope, trigger = "user"): Promise<number> {
  return db.scan.count({ where: { trigger, domain: { workspaceId: scope.workspaceId } } });
}

describe("the per-minute scan quota through requestScan", () => {
  it("lets exactly 60 of 150 requests through, refuses the rest with a retry time, and queues nothing more", async () => {
    const scope = await newScope();
    const outcomes: (string | RateLimitedError)[] = [];
    for (let i = 0; i < 150; i++) {
      try {
        outcomes.push((await requestScan(scope, { domain: uniqueDomain(`q${i}`) }, db, LIMITS)).scanId);
      } catch (err) {
        if (!(err instanceof RateLimitedError)) throw err;
        outcomes.push(err);
      }
    }
    const ok = outcomes.filter((o) => typeof o === "string");
    const refused = outcomes.filter((o): o is RateLimitedError => o instanceof RateLimitedError);
    expect(ok).toHaveLength(60);
    expect(new Set(ok).size).toBe(60);
    expect(refused).toHaveLength(90);
    // The first 60 pass, then every request is refused: nothing slips in between.
    expect(outcomes.slice(0, 60).every((o) => typeof o === "string")).toBe(true);
    for (const r of refused) {
      expect(r.code).toBe("RATE_LIMITED");
      expect(r.retryAfterSeconds).toBeGreaterThan(0);
      expect(r.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
    expect(refused[0]!.message).toMatch(/^This workspace has requested 60 scans in the last minute \(the limit\); try again in \d+ s\.$/);
    expect(await scansOf(scope)).toBe(60);

    // Another workspace has a quota of its own.
    const other = await newScope();
    const elsewhere = await requestScan(other, { domain: uniqueDomain("q-other") }, db, LIMITS);
    expect(elsewhere.alreadyActive).toBe(false);
    expect(await scansOf(other)).toBe(1);
  });

  it("does not count scheduled scans", async () => {
    const scope = await newScope();
    await seedScans(scope, 8, { trigger: "schedule" });
    const limits = { ...LIMITS, perMinute: 5 };
    for (let i = 0; i < 5; i++) await requestScan(scope, { domain: uniqueDomain("q-sched") }, db, limits);
    await expect(requestScan(scope, { domain: uniqueDomain("q-sched") }, db, limits)).rejects.toBeInstanceOf(RateLimitedError);
    expect(await scansOf(scope)).toBe(5);
    expect(await scansOf(scope, "schedule")).toBe(8);
  });

  it("lets exactly 5 of 10 concurrent requests through when 5 scans are left", async () => {
    const scope = await newScope();
    const limits = { ...LIMITS, perMinute: 20 };
    await seedScans(scope, 15);
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => requestScan(scope, { domain: uniqueDomain(`q-edge${i}`) }, db, limits)));
    const passed = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(passed).toHaveLength(5);
    expect(refused.every((r) => r.reason instanceof RateLimitedError)).toBe(true);
    expect(await scansOf(scope)).toBe(20);
  });

  it("counts the day too, and says when a scan leaves the 24-hour window", async () => {
    const scope = await newScope();
    // Three scans two hours ago fill a quota of three a day; the oldest leaves it in about 22 hours.
    await seedScans(scope, 3, { agoMs: 2 * 3_600_000 });
    const err = await requestScan(scope, { domain: uniqueDomain("q-day") }, db, { ...LIMITS, perDay: 3 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    const limited = err as RateLimitedError;
    expect(limited.message).toMatch(/3 scans in the last 24 hours \(the limit\); try again in 22 h\./);
    expect(limited.retryAfterSeconds).toBeGreaterThan(21 * 3600);
    expect(limited.retryAfterSeconds).toBeLessThanOrEqual(22 * 3600);
    // Scans older than the minute do not count against the minute.
    await expect(requestScan(scope, { domain: uniqueDomain("q-day") }, db, { ...LIMITS, perMinute: 3 })).resolves.toMatchObject({ alreadyActive: false });
  });
});

describe("a rescan right after a scan finished", () => {
  it("returns the scan that finished under a minute ago, at no quota cost", async () => {
    const scope = await newScope();
    const name = uniqueDomain("q-recent");
    const d = await db.domain.create({ data: { workspaceId: scope.workspaceId, name } });
    const done = await db.scan.create({ data: { domainId: d.id, status: "done", requestedAt: new Date(Date.now() - 200_000), finishedAt: new Date(Date.now() - 10_000) } });
    // A quota with no room left: a new scan would be refused, the recent one is not a new scan.
    await seedScans(scope, 1);
    const limits = { ...LIMITS, perMinute: 1 };
    const again = await requestScan(scope, { domain: name }, db, limits);
    expect(again).toMatchObject({ scanId: done.id, recent: true, alreadyActive: false });
    expect(await db.scan.count({ where: { domainId: d.id } })).toBe(1);

    // Older than a minute: a new scan (here within a quota with room).
    await db.scan.update({ where: { id: done.id }, data: { finishedAt: new Date(Date.now() - 61_000) } });
    const fresh = await requestScan(scope, { domain: name }, db, LIMITS);
    expect(fresh.scanId).not.toBe(done.id);
    expect(fresh.recent).toBeUndefined();
  });

  it("can be turned off (recentScanSeconds 0)", async () => {
    const scope = await newScope();
    const name = uniqueDomain("q-recent-off");
    const d = await db.domain.create({ data: { workspaceId: scope.workspaceId, name } });
    const done = await db.scan.create({ data: { domainId: d.id, status: "done", finishedAt: new Date(Date.now() - 5_000) } });
    const again = await requestScan(scope, { domain: name }, db, { ...LIMITS, recentScanSeconds: 0 });
    expect(again.scanId).not.toBe(done.id);
    expect(await db.scan.count({ where: { domainId: d.id } })).toBe(2);
  });
});

describe("enforceScanQuota and takeScanQuota", () => {
  it("refuses a request larger than a whole window as invalid, not 'try again'", async () => {
    const scope = await newScope();
    await expect(db.$transaction((tx) => enforceScanQuota(tx, scope, 61, LIMITS))).rejects.toBeInstanceOf(ValidationError);
  });

  it("grants what fits and reports the full window", async () => {
    const scope = await newScope();
    await seedScans(scope, 4);
    const taken = await db.$transaction((tx) => takeScanQuota(tx, scope, 3, { perMinute: 6, perDay: 100 }));
    expect(taken.granted).toBe(2);
    expect(taken.refused?.window.name).toBe("minute");
    expect(taken.refused?.used).toBe(4);
    expect(taken.refused?.retryAfterSeconds).toBeGreaterThan(0);
    const none = await db.$transaction((tx) => takeScanQuota(tx, scope, 0, LIMITS));
    expect(none).toEqual({ granted: 0 });
  });
});

describe("bulk requests and the quota", () => {
  it("refuses a selection rescan over the quota whole, queueing nothing", async () => {
    const scope = await newScope();
    const names = Array.from({ length: 4 }, () => uniqueDomain("q-bulk"));
    for (const name of names) await db.domain.create({ data: { workspaceId: scope.workspaceId, name } });
    await seedScans(scope, 2);
    const limits = { ...LIMITS, perMinute: 5 };
    await expect(requestScans(scope, names, db, limits)).rejects.toBeInstanceOf(RateLimitedError);
    // "all" is the four plus the two seeded domains: more than a whole minute's quota.
    await expect(requestScans(scope, "all", db, limits)).rejects.toThrow(/asks for 6 scans at once; this workspace may request at most 5 in the last minute/);
    expect(await scansOf(scope)).toBe(2);
    const three = await requestScans(scope, names.slice(0, 3), db, limits);
    expect(three.queued).toBe(3);
    expect(await scansOf(scope)).toBe(5);
  });

  it("adds a whole list but queues first scans only within the quota, deferring the rest", async () => {
    const scope = await newScope();
    const names = Array.from({ length: 5 }, () => uniqueDomain("q-add"));
    const { lines, counts } = await addDomains(scope, names, { limits: { ...LIMITS, perMinute: 3 } }, db);
    expect(counts).toMatchObject({ added: 5, queued: 3, deferred: 2 });
    expect(lines.filter((l) => l.scan === "deferred")).toHaveLength(2);
    expect(await db.domain.count({ where: { workspaceId: scope.workspaceId } })).toBe(5);
    expect(await scansOf(scope)).toBe(3);
  });
});

describe("domain cap and bulk-add size", () => {
  it("refuses an add that would pass the workspace's domain cap, counting only new names", async () => {
    const scope = await newScope();
    const limits = { ...LIMITS, maxDomains: 3 };
    const first = [uniqueDomain("q-cap"), uniqueDomain("q-cap")];
    await addDomains(scope, first, { limits }, db);
    // Two present plus one new: fits.
    await addDomains(scope, [...first, uniqueDomain("q-cap")], { limits }, db);
    const err = await addDomains(scope, [uniqueDomain("q-cap")], { limits }, db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).message).toMatch(/holds 3 domains and may hold at most 3; delete some/);
    await expect(requestScan(scope, { domain: uniqueDomain("q-cap") }, db, limits)).rejects.toBeInstanceOf(ValidationError);
    // A domain already held can still be scanned.
    await expect(requestScan(scope, { domain: first[0] }, db, limits)).resolves.toMatchObject({ domain: first[0] });
    expect(await db.domain.count({ where: { workspaceId: scope.workspaceId } })).toBe(3);
  });

  it("refuses a list longer than the bulk-add limit, adding nothing", async () => {
    const scope = await newScope();
    const err = await addDomains(scope, [uniqueDomain("q-max"), uniqueDomain("q-max"), uniqueDomain("q-max")], { limits: { ...LIMITS, bulkAddMax: 2 } }, db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).message).toMatch(/has 3 lines; add at most 2 at a time/);
    expect(await db.domain.count({ where: { workspaceId: scope.workspaceId } })).toBe(0);
  });
});
