/**
 * Rescans many domains at once (selected rows, or the whole workspace) with requestScan's rules —
 * at most one active scan per domain, a scan row and its queue job written in one transaction,
 * job key `scan:<domainId>` — but in batches: each chunk is one INSERT … SELECT of Scan rows and
 * one graphile_worker.add_jobs call, so "Rescan all" over 10 000 domains is 20 round trips, not
 * 20 000.
 */
import { getDb, type Db } from "@/lib/db/client";
import { SCAN_MAX_ATTEMPTS, SCAN_TASK } from "@/lib/queue/jobs";
import { assertCan, type Scope } from "@/lib/services/access/scope";
import { recordAudit } from "@/lib/services/audit";
import { ServiceError, ValidationError } from "@/lib/services/errors";
import { enforceScanQuota, takeScanQuota, workspaceLimits, type ScanQuotaLimits } from "@/lib/services/quotas";
import { parseDomainInput } from "@/lib/services/scans/request-scan";

/** Domains per transaction: large enough to amortize round trips, small enough to keep locks short. */
export const SCAN_CHUNK = 500;
/** The most names one request may list (the UI pages 50 at a time; "all" has no list). */
export const MAX_RESCAN_NAMES = 10_000;

export type RequestScansResult = {
  /** Scans newly queued. */
  queued: number;
  /** Domains skipped because a scan of them was already queued or running. */
  alreadyActive: number;
  /** Names that are valid but not in this workspace (a rescan never adds a domain). */
  notFound: string[];
  /** Inputs that are not domain names, with the reason. */
  invalid: { input: string; reason: string }[];
  /** The new scan of each queued domain, by normalized name (only for a list of names, not "all"). */
  scans: Record<string, string>;
};

/**
 * Queues one scan for each of the given domain ids that has no active scan. Returns the new scan
 * id by domain id. The partial unique index "Scan_one_active_per_domain" is the arbiter: a domain
 * that another request queued meanwhile is skipped by ON CONFLICT, never duplicated. An id of
 * another workspace's domain is skipped too, so a caller's mistake cannot reach across workspaces.
 * Over the workspace's scan quota the whole request is refused (RateLimitedError).
 */
export async function queueScansForDomainIds(
  scope: Scope,
  domainIds: readonly string[],
  db: Db,
  limits: ScanQuotaLimits = workspaceLimits(),
): Promise<Map<string, string>> {
  return (await queueScansWithinQuota(scope, domainIds, { limits }, db)).queued;
}

export type QueueOutcome = {
  /** New scan id by domain id. */
  queued: Map<string, string>;
  /** With `upToQuota`: domain ids that were due a scan but found the quota used up. */
  deferred: string[];
};

/**
 * queueScansForDomainIds, and with `upToQuota` the variant that queues as many as the quota
 * allows and returns the rest as `deferred` instead of refusing the request (adding a list).
 */
export async function queueScansWithinQuota(
  scope: Scope,
  domainIds: readonly string[],
  quota: { limits: ScanQuotaLimits; upToQuota?: boolean },
  db: Db,
): Promise<QueueOutcome> {
  assertCan(scope, "write");
  const queued = new Map<string, string>();
  const deferred: string[] = [];
  // Sorted, so concurrent bulk requests take the per-domain index locks in one order and cannot deadlock.
  const unique = [...new Set(domainIds)].sort();
  // Each chunk is checked under the lock; checking the total first keeps a request that is over
  // the quota as a whole from queueing its first chunks before being refused.
  if (!quota.upToQuota && unique.length > SCAN_CHUNK) {
    await assertQuotaCovers(db, scope, await countDue(db, scope, unique), quota.limits);
  }
  for (let i = 0; i < unique.length; i += SCAN_CHUNK) {
    const chunk = unique.slice(i, i + SCAN_CHUNK);
    const rows = await db.$transaction(async (tx) => {
      // Which of the chunk get a scan, counted before the quota check so that exactly these (or
      // fewer, should the scheduler queue one meanwhile) are inserted under the quota's lock.
      const due = await tx.$queryRaw<{ id: string }[]>`
        SELECT x.id FROM unnest(${chunk}::uuid[]) AS x(id)
          JOIN "Domain" d ON d.id = x.id AND d."workspaceId" = ${scope.workspaceId}::uuid
         WHERE NOT EXISTS (SELECT 1 FROM "Scan" s WHERE s."domainId" = x.id AND s.status IN ('queued', 'running'))
         ORDER BY x.id`;
      let ids = due.map((r) => r.id);
      if (quota.upToQuota) {
        const { granted } = await takeScanQuota(tx, scope, ids.length, quota.limits);
        deferred.push(...ids.slice(granted));
        ids = ids.slice(0, granted);
      } else {
        await enforceScanQuota(tx, scope, ids.length, quota.limits);
      }
      if (ids.length === 0) return [];
      const inserted = await tx.$queryRaw<{ id: string; domainId: string }[]>`
        INSERT INTO "Scan" (id, "domainId")
        SELECT gen_random_uuid(), x.id
          FROM unnest(${ids}::uuid[]) AS x(id)
         WHERE NOT EXISTS (SELECT 1 FROM "Scan" s WHERE s."domainId" = x.id AND s.status IN ('queued', 'running'))
         ORDER BY x.id
        ON CONFLICT ("domainId") WHERE status IN ('queued', 'running') DO NOTHING
        RETURNING id, "domainId"`;
      if (inserted.length > 0) {
        // Same job shape as enqueueScan (lib/queue/jobs.ts): task, payload { scanId }, job key, attempts.
        await tx.$executeRaw`
          SELECT count(*) FROM graphile_worker.add_jobs(ARRAY(
            SELECT ROW(${SCAN_TASK}::text, json_build_object('scanId', j.scan_id), NULL::text, NULL::timestamptz,
                       ${SCAN_MAX_ATTEMPTS}::int, 'scan:' || j.domain_id, NULL::int, NULL::text[])::graphile_worker.job_spec
              FROM unnest(${inserted.map((r) => r.id)}::uuid[], ${inserted.map((r) => r.domainId)}::uuid[]) AS j(scan_id, domain_id)
          ))`;
      }
      return inserted;
    });
    for (const r of rows) queued.set(r.domainId, r.id);
  }
  return { queued, deferred };
}

/** Domains of the workspace (all, or those of `ids`) that a rescan would queue: those without an active scan. */
async function countDue(db: Db, scope: Scope, ids: readonly string[] | "all"): Promise<number> {
  const rows = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM "Domain" d
     WHERE d."workspaceId" = ${scope.workspaceId}::uuid
       AND (${ids === "all"} OR d.id = ANY(${ids === "all" ? [] : ids}::uuid[]))
       AND NOT EXISTS (SELECT 1 FROM "Scan" s WHERE s."domainId" = d.id AND s.status IN ('queued', 'running'))`;
  return Number(rows[0]?.n ?? 0);
}

async function assertQuotaCovers(db: Db, scope: Scope, count: number, limits: ScanQuotaLimits): Promise<void> {
  await db.$transaction((tx) => enforceScanQuota(tx, scope, count, limits));
}

/** Rescans the named domains of the workspace, or with "all" every domain without an active scan. */
export async function requestScans(
  scope: Scope,
  target: readonly string[] | "all",
  db: Db = getDb(),
  limits: ScanQuotaLimits = workspaceLimits(),
): Promise<RequestScansResult> {
  assertCan(scope, "write");
  if (target !== "all" && !Array.isArray(target)) throw new ValidationError("Choose the domains to rescan");
  if (target !== "all" && target.length === 0) throw new ValidationError("Select at least one domain to rescan");
  if (target !== "all" && target.length > MAX_RESCAN_NAMES) {
    throw new ValidationError(`Rescan at most ${MAX_RESCAN_NAMES.toLocaleString("en-US")} domains at a time, or use "Rescan all"`);
  }
  const result: RequestScansResult = { queued: 0, alreadyActive: 0, notFound: [], invalid: [], scans: {} };
  const workspaceId = scope.workspaceId;

  if (target === "all") {
    // Keyset pages over the workspace's domains in name order, so the queue runs alphabetically
    // and no statement holds thousands of ids at once.
    let after = "";
    await assertQuotaCovers(db, scope, await countDue(db, scope, "all"), limits);
    for (;;) {
      const page = await db.domain.findMany({
        where: { workspaceId, name: { gt: after } },
        orderBy: { name: "asc" },
        select: { id: true, name: true },
        take: SCAN_CHUNK,
      });
      if (page.length === 0) break;
      after = page[page.length - 1]!.name;
      const queued = await queueScansForDomainIds(scope, page.map((d) => d.id), db, limits);
      result.queued += queued.size;
      result.alreadyActive += page.length - queued.size;
    }
    if (result.queued > 0) await recordAudit(db, scope, "domain.rescan", "all domains", { count: result.queued });
    return result;
  }

  const names = new Set<string>();
  for (const input of target) {
    try {
      names.add(parseDomainInput({ domain: input }));
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      result.invalid.push({ input: String(input), reason: err.fieldErrors?.domain ?? err.message });
    }
  }
  const byName = new Map<string, string>();
  const all = [...names];
  for (let i = 0; i < all.length; i += SCAN_CHUNK) {
    const found = await db.domain.findMany({
      where: { workspaceId, name: { in: all.slice(i, i + SCAN_CHUNK) } },
      select: { id: true, name: true },
    });
    for (const d of found) byName.set(d.name, d.id);
  }
  result.notFound = all.filter((n) => !byName.has(n));
  const queued = await queueScansForDomainIds(scope, [...byName.values()], db, limits);
  for (const [name, id] of byName) {
    const scanId = queued.get(id);
    if (scanId) result.scans[name] = scanId;
  }
  result.queued = queued.size;
  result.alreadyActive = byName.size - queued.size;
  // One entry per request (a selection can hold thousands): the name when one scan was queued.
  const rescanned = Object.keys(result.scans);
  if (rescanned.length > 0) await recordAudit(db, scope, "domain.rescan", rescanned.length === 1 ? rescanned[0]! : `${rescanned.length} domains`, { count: rescanned.length });
  return result;
}
