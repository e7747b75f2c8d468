/**
 * Rescans many domains at once (selected rows, or the whole workspace) with requestScan's rules —
 * at most one active scan per domain, a scan row and its queue job written in one transaction,
 * job key `scan:<domainId>` — but in batches: each chunk is one INSERT … SELECT of Scan rows and
 * one graphile_worker.add_jobs call, so "Rescan all" over 10 000 domains is 20 round trips, not
 * 20 000.
 */
import { getDb, type Db } from "@/lib/db/client";
import { SCAN_MAX_ATTEMPTS, SCAN_TASK } from "@/lib/queue/jobs";
import { ServiceError, ValidationError } from "@/lib/services/errors";
import { parseDomainInput } from "@/lib/services/scans/request-scan";
import { getDefaultWorkspace } from "@/lib/services/workspaces";

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
 * that another request queued meanwhile is skipped by ON CONFLICT, never duplicated.
 */
export async function queueScansForDomainIds(domainIds: readonly string[], db: Db): Promise<Map<string, string>> {
  const queued = new Map<string, string>();
  // Sorted, so concurrent bulk requests take the per-domain index locks in one order and cannot deadlock.
  const unique = [...new Set(domainIds)].sort();
  for (let i = 0; i < unique.length; i += SCAN_CHUNK) {
    const chunk = unique.slice(i, i + SCAN_CHUNK);
    const rows = await db.$transaction(async (tx) => {
      const inserted = await tx.$queryRaw<{ id: string; domainId: string }[]>`
        INSERT INTO "Scan" (id, "domainId")
        SELECT gen_random_uuid(), x.id
          FROM unnest(${chunk}::uuid[]) AS x(id)
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
  return queued;
}

/** Rescans the named domains of the workspace, or with "all" every domain without an active scan. */
export async function requestScans(target: readonly string[] | "all", db: Db = getDb()): Promise<RequestScansResult> {
  if (target !== "all" && !Array.isArray(target)) throw new ValidationError("Choose the domains to rescan");
  if (target !== "all" && target.length === 0) throw new ValidationError("Select at least one domain to rescan");
  if (target !== "all" && target.length > MAX_RESCAN_NAMES) {
    throw new ValidationError(`Rescan at most ${MAX_RESCAN_NAMES.toLocaleString("en-US")} domains at a time, or use "Rescan all"`);
  }
  const result: RequestScansResult = { queued: 0, alreadyActive: 0, notFound: [], invalid: [], scans: {} };
  const workspace = await getDefaultWorkspace(db);

  if (target === "all") {
    // Keyset pages over the workspace's domains in name order, so the queue runs alphabetically
    // and no statement holds thousands of ids at once.
    let after = "";
    for (;;) {
      const page = await db.domain.findMany({
        where: { workspaceId: workspace.id, name: { gt: after } },
        orderBy: { name: "asc" },
        select: { id: true, name: true },
        take: SCAN_CHUNK,
      });
      if (page.length === 0) break;
      after = page[page.length - 1]!.name;
      const queued = await queueScansForDomainIds(page.map((d) => d.id), db);
      result.queued += queued.size;
      result.alreadyActive += page.length - queued.size;
    }
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
      where: { workspaceId: workspace.id, name: { in: all.slice(i, i + SCAN_CHUNK) } },
      select: { id: true, name: true },
    });
    for (const d of found) byName.set(d.name, d.id);
  }
  result.notFound = all.filter((n) => !byName.has(n));
  const queued = await queueScansForDomainIds([...byName.values()], db);
  for (const [name, id] of byName) {
    const scanId = queued.get(id);
    if (scanId) result.scans[name] = scanId;
  }
  result.queued = queued.size;
  result.alreadyActive = byName.size - queued.size;
  return result;
}
