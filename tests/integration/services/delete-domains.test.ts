/**
 * Deleting domains (lib/services/domains/delete-domains.ts): everything of the domain goes, nothing
 * of another domain or workspace does, report references do not block it, and a worker whose scan
 * vanished mid-run stores nothing.
 */
import { randomBytes } from "node:crypto";
import type { JobHelpers } from "graphile-worker";
import { afterAll, describe, expect, it } from "vitest";
import type { ScanReport } from "@/lib/scan/types";
import { systemScope, type Scope } from "@/lib/services/access/scope";
import { ForbiddenError } from "@/lib/services/access/roles";
import { listAudit } from "@/lib/services/audit";
import { deleteDomains } from "@/lib/services/domains/delete-domains";
import { NotFoundError } from "@/lib/services/errors";
import { requestScan } from "@/lib/services/scans/request-scan";
import { createScanTask, type Scanner } from "@/lib/services/scans/run-scan";
import { weekStartOf } from "@/lib/services/scans/weekly-rollup";
import { createWorkspace } from "@/lib/services/workspaces";
import { openTestDb, queuedJobs, uniqueDomain } from "@/tests/helpers/db";
import { roleScope } from "@/tests/helpers/scope";
import { mxHost, report } from "@/tests/unit/report/history-fixtures";

const db = openTestDb();
const workspaces: string[] = [];
afterAll(async () => {
  await db.$executeRaw`SELECT graphile_worker.remove_job('scan:' || d.id) FROM "Domain" d WHERE d."workspaceId" = ANY(${workspaces}::uuid[])`;
  await db.workspaceWeek.deleteMany({ where: { workspaceId: { in: workspaces } } });
  await db.domainWeek.deleteMany({ where: { workspaceId: { in: workspaces } } });
  await db.workspace.deleteMany({ where: { id: { in: workspaces } } });
  await db.$disconnect();
});

const helpers = () => ({ job: { locked_by: "t", attempts: 1, max_attempts: 3 }, abortSignal: new AbortController().signal }) as unknown as JobHelpers;
const LIMITS = { perMinute: 1000, perDay: 100_000, maxDomains: 10_000, bulkAddMax: 10_000 };

async function newScope(): Promise<Scope> {
  const ws = await createWorkspace(db, `delete ${randomBytes(4).toString("hex")}`);
  workspaces.push(ws.id);
  return systemScope(ws.id);
}

function reportOf(name: string, grade: "A" | "C", day: number): ScanReport {
  const findings = [{ id: "mta-sts-missing", severity: "high" as const, title: "No MTA-STS", detail: "", fix: "" }];
  return { ...report({ domain: name, grade, mx: [mxHost(`mx1.${name}`, 10)], findings }), startedAt: new Date(Date.UTC(2026, 10, 2 + day)).toISOString(), durationMs: 1_000 };
}

/** A domain with three stored scans (A, A again — stored as a reference to the first —, then C). */
async function domainWithHistory(scope: Scope, name = uniqueDomain("del")): Promise<{ id: string; name: string; scanIds: string[] }> {
  const d = await db.domain.create({ data: { workspaceId: scope.workspaceId, name } });
  const scanIds: string[] = [];
  for (const [day, grade] of (["A", "A", "C"] as const).entries()) {
    const scan = await db.scan.create({ data: { domainId: d.id } });
    const r = reportOf(name, grade, day);
    await createScanTask({ db, scan: async () => structuredClone(r), heartbeatMs: 60_000, scannerVersion: "t" })({ scanId: scan.id }, helpers());
    scanIds.push(scan.id);
  }
  return { id: d.id, name, scanIds };
}

async function rowsOf(domainId: string, scanIds: string[]) {
  return {
    domain: await db.domain.count({ where: { id: domainId } }),
    scans: await db.scan.count({ where: { domainId } }),
    findings: await db.finding.count({ where: { scanId: { in: scanIds } } }),
    latest: await db.domainLatest.count({ where: { domainId } }),
    events: await db.event.count({ where: { domainId } }),
    shares: await db.shareLink.count({ where: { domainId } }),
    weeks: await db.domainWeek.count({ where: { domainId } }),
    jobs: await queuedJobs(db, domainId),
  };
}

describe("deleteDomains", () => {
  it("removes the domain with its scans, findings, summary, events, share links, weeks and queued job", async () => {
    const scope = await newScope();
    const d = await domainWithHistory(scope);
    const kept = await domainWithHistory(scope);
    // The history really is what the test is about: a reference scan, findings, an event.
    expect(await db.scan.count({ where: { id: d.scanIds[1], reportRefScanId: d.scanIds[0] } })).toBe(1);
    await db.shareLink.create({ data: { workspaceId: scope.workspaceId, domainId: d.id, tokenHash: randomBytes(32).toString("hex"), expiresAt: new Date(Date.now() + 86_400_000) } });
    const queued = await requestScan(scope, { domain: d.name }, db, LIMITS);
    const before = await rowsOf(d.id, [...d.scanIds, queued.scanId]);
    expect(before).toMatchObject({ domain: 1, scans: 4, latest: 1, shares: 1, jobs: 1 });
    expect(before.findings).toBeGreaterThan(0);
    expect(before.events).toBeGreaterThan(0);
    expect(before.weeks).toBeGreaterThan(0);
    const week = await db.workspaceWeek.findMany({ where: { workspaceId: scope.workspaceId }, orderBy: { weekStart: "asc" } });

    const result = await deleteDomains(scope, [d.name.toUpperCase()], db);
    expect(result).toEqual({ deleted: [d.name] });
    expect(await rowsOf(d.id, [...d.scanIds, queued.scanId])).toEqual({ domain: 0, scans: 0, findings: 0, latest: 0, events: 0, shares: 0, weeks: 0, jobs: 0 });
    // The other domain is untouched, and past weekly totals keep counting the deleted domain.
    expect(await rowsOf(kept.id, kept.scanIds)).toMatchObject({ domain: 1, scans: 3, latest: 1 });
    expect(await db.workspaceWeek.findMany({ where: { workspaceId: scope.workspaceId }, orderBy: { weekStart: "asc" } })).toEqual(week);
    expect(week.find((w) => w.weekStart.getTime() === weekStartOf(new Date(Date.UTC(2026, 10, 4))).getTime())?.domains).toBe(2);

    const audit = await listAudit(db, scope);
    const entry = audit.rows.find((r) => r.action === "domain.delete");
    expect(entry).toMatchObject({ target: d.name, detail: { names: [d.name] } });
  });

  it("deletes a body scan that other scans reference, and one entry audits a many-domain call", async () => {
    const scope = await newScope();
    const a = await domainWithHistory(scope);
    const b = await domainWithHistory(scope);
    const result = await deleteDomains(scope, [b.name, a.name, a.name], db);
    expect(result.deleted).toEqual([a.name, b.name].sort());
    expect(await db.scan.count({ where: { id: { in: [...a.scanIds, ...b.scanIds] } } })).toBe(0);
    const entries = (await listAudit(db, scope)).rows.filter((r) => r.action === "domain.delete");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ target: "2 domains", detail: { names: [a.name, b.name].sort() } });
  });

  it("never deletes another workspace's domain: mixed lists delete only this workspace's, unknown-only is not found", async () => {
    const mine = await newScope();
    const theirs = await newScope();
    const own = await db.domain.create({ data: { workspaceId: mine.workspaceId, name: uniqueDomain("del-own") } });
    const foreign = await db.domain.create({ data: { workspaceId: theirs.workspaceId, name: uniqueDomain("del-foreign") } });
    await expect(deleteDomains(mine, [foreign.name], db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteDomains(mine, ["not a domain", uniqueDomain("del-none")], db)).rejects.toBeInstanceOf(NotFoundError);
    expect(await deleteDomains(mine, [foreign.name, own.name, "http://x/"], db)).toEqual({ deleted: [own.name] });
    expect(await db.domain.count({ where: { id: foreign.id } })).toBe(1);
    // The same name in two workspaces: only the scope's goes.
    const twin = await db.domain.create({ data: { workspaceId: mine.workspaceId, name: foreign.name } });
    expect(await deleteDomains(mine, [foreign.name], db)).toEqual({ deleted: [foreign.name] });
    expect(await db.domain.count({ where: { id: twin.id } })).toBe(0);
    expect(await db.domain.count({ where: { id: foreign.id } })).toBe(1);
  });

  it("refuses a viewer (403) and deletes nothing", async () => {
    const scope = await newScope();
    const d = await db.domain.create({ data: { workspaceId: scope.workspaceId, name: uniqueDomain("del-viewer") } });
    await expect(deleteDomains(roleScope(scope.workspaceId, "viewer"), [d.name], db)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await db.domain.count({ where: { id: d.id } })).toBe(1);
    expect(await deleteDomains(roleScope(scope.workspaceId, "editor"), [d.name], db)).toEqual({ deleted: [d.name] });
  });

  it("lets the worker of a scan deleted mid-run finish quietly, storing nothing", async () => {
    const scope = await newScope();
    const name = uniqueDomain("del-running");
    const d = await db.domain.create({ data: { workspaceId: scope.workspaceId, name } });
    const scan = await db.scan.create({ data: { domainId: d.id } });
    let started!: () => void;
    const isRunning = new Promise<void>((resolve) => (started = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const scanner: Scanner = async () => {
      started();
      await gate;
      return reportOf(name, "C", 0);
    };
    const run = createScanTask({ db, scan: scanner, heartbeatMs: 60_000, scannerVersion: "t" })({ scanId: scan.id }, helpers());
    await isRunning;
    expect((await db.scan.findUniqueOrThrow({ where: { id: scan.id } })).status).toBe("running");
    await deleteDomains(scope, [name], db);
    release();
    await expect(run).resolves.toBeUndefined();
    expect(await rowsOf(d.id, [scan.id])).toMatchObject({ scans: 0, findings: 0, latest: 0, events: 0, weeks: 0 });
    // A job delivered again after the deletion finds no row and does nothing.
    await expect(createScanTask({ db, scan: scanner, heartbeatMs: 60_000, scannerVersion: "t" })({ scanId: scan.id }, helpers())).resolves.toBeUndefined();
  });
});
