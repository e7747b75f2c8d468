/**
 * The scan queue monitor (docs/ui.md §5.3, `/scans`): queue depth, workers alive, and the scans that
 * are running, next in line, and recently finished. Every list is bounded, so the page costs the
 * same with 10 000 scans queued as with one; the counts say how many are not listed.
 */
import { getDb, type Db } from "@/lib/db/client";
import type { Scope } from "@/lib/services/access/scope";
import { isoOrNull, scanOutcomeJson } from "@/lib/services/scans/scan-json";

/** Queued and recent scans listed (the running ones are bounded by worker concurrency). */
export const QUEUE_LIST_LIMIT = 50;
const RUNNING_LIST_LIMIT = 200;
/** A worker counts as alive when one of its scans heartbeated this recently. */
export const WORKER_SEEN_MS = 60_000;
const FAILED_WINDOW_MS = 24 * 3_600_000;

/** One scan as the monitor shows it; dates are ISO strings because the view is also served as JSON. */
export type QueueScan = {
  id: string;
  domain: string;
  status: "queued" | "running" | "done" | "failed";
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  attempts: number;
  error: string | null;
  workerId: string | null;
  heartbeatAt: string | null;
  grade: string | null;
  score: number | null;
  /** Why the scan has no grade (report `notGraded`); grade and score are then not shown. */
  notGraded: string | null;
};

export type QueueView = {
  /** When this view was read (the monitor shows its age). */
  generatedAt: string;
  counts: {
    queued: number;
    running: number;
    /** Distinct workers whose running scan sent a heartbeat in the last minute. An idle worker is not seen. */
    workers: number;
    /** Scans that ended failed in the last 24 hours. */
    failedLastDay: number;
  };
  running: QueueScan[];
  /** The next QUEUE_LIST_LIMIT queued scans, oldest request first. */
  queued: QueueScan[];
  /** The last QUEUE_LIST_LIMIT finished scans (done or failed), newest first. */
  recent: QueueScan[];
};

type Row = {
  id: string;
  domain: string;
  status: QueueScan["status"];
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  attempts: number;
  error: string | null;
  workerId: string | null;
  heartbeatAt: Date | null;
  grade: string | null;
  score: number | null;
  notGraded: string | null;
};

function toQueueScan(r: Row): QueueScan {
  return {
    ...scanOutcomeJson(r),
    domain: r.domain,
    attempts: r.attempts,
    workerId: r.workerId,
    heartbeatAt: isoOrNull(r.heartbeatAt),
    notGraded: r.notGraded,
  };
}

export async function listQueue(scope: Scope, options: { now?: Date } = {}, db: Db = getDb()): Promise<QueueView> {
  const now = options.now ?? new Date();
  const ws = scope.workspaceId;
  const workerSince = new Date(now.getTime() - WORKER_SEEN_MS);
  const failedSince = new Date(now.getTime() - FAILED_WINDOW_MS);

  const [counts, workers, failed, running, queued, recent] = await Promise.all([
    // The partial unique index on active scans covers exactly these rows.
    db.$queryRaw<{ queued: bigint; running: bigint }[]>`
      SELECT count(*) FILTER (WHERE s.status = 'queued') AS queued, count(*) FILTER (WHERE s.status = 'running') AS running
        FROM "Scan" s JOIN "Domain" d ON d.id = s."domainId"
       WHERE d."workspaceId" = ${ws}::uuid AND s.status IN ('queued', 'running')`,
    // Workers serve every workspace, so they are counted across all of them.
    db.$queryRaw<{ n: bigint }[]>`
      SELECT count(DISTINCT "workerId") AS n FROM "Scan" WHERE status = 'running' AND "heartbeatAt" > ${workerSince}`,
    db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "Scan" s JOIN "Domain" d ON d.id = s."domainId"
       WHERE d."workspaceId" = ${ws}::uuid AND s.status = 'failed' AND s."finishedAt" > ${failedSince}`,
    listScans(db, ws, "running", RUNNING_LIST_LIMIT),
    listScans(db, ws, "queued", QUEUE_LIST_LIMIT),
    listScans(db, ws, "finished", QUEUE_LIST_LIMIT),
  ]);
  return {
    generatedAt: now.toISOString(),
    counts: {
      queued: Number(counts[0]?.queued ?? 0),
      running: Number(counts[0]?.running ?? 0),
      workers: Number(workers[0]?.n ?? 0),
      failedLastDay: Number(failed[0]?.n ?? 0),
    },
    running,
    queued,
    recent,
  };
}

async function listScans(db: Db, ws: string, which: "running" | "queued" | "finished", limit: number): Promise<QueueScan[]> {
  const rows =
    which === "running"
      ? await db.$queryRaw<Row[]>`
          SELECT s.id, d.name AS domain, s.status::text AS status, s."requestedAt", s."startedAt", s."finishedAt", s."durationMs",
                 s.attempts, s.error, s."workerId", s."heartbeatAt", s.grade, s.score, s."notGraded"
            FROM "Scan" s JOIN "Domain" d ON d.id = s."domainId"
           WHERE d."workspaceId" = ${ws}::uuid AND s.status = 'running'
           ORDER BY s."startedAt" ASC NULLS LAST, s.id
           LIMIT ${limit}`
      : which === "queued"
        ? await db.$queryRaw<Row[]>`
          SELECT s.id, d.name AS domain, s.status::text AS status, s."requestedAt", s."startedAt", s."finishedAt", s."durationMs",
                 s.attempts, s.error, s."workerId", s."heartbeatAt", s.grade, s.score, s."notGraded"
            FROM "Scan" s JOIN "Domain" d ON d.id = s."domainId"
           WHERE d."workspaceId" = ${ws}::uuid AND s.status = 'queued'
           ORDER BY s."requestedAt" ASC, s.id
           LIMIT ${limit}`
        : await db.$queryRaw<Row[]>`
          SELECT s.id, d.name AS domain, s.status::text AS status, s."requestedAt", s."startedAt", s."finishedAt", s."durationMs",
                 s.attempts, s.error, s."workerId", s."heartbeatAt", s.grade, s.score, s."notGraded"
            FROM "Scan" s JOIN "Domain" d ON d.id = s."domainId"
           WHERE d."workspaceId" = ${ws}::uuid AND s.status IN ('done', 'failed') AND s."finishedAt" IS NOT NULL
           ORDER BY s."finishedAt" DESC, s.id
           LIMIT ${limit}`;
  return rows.map(toQueueScan);
}
