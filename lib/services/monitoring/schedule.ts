/**
 * The rescan scheduler (docs/monitoring.md). Every worker process runs `enqueueDueScans` on a
 * timer; it is safe to run anywhere at once because each due domain is claimed with
 * `FOR NO KEY UPDATE SKIP LOCKED` and moved to its next slot in the same statement, so exactly one
 * caller queues its scan. (NO KEY: a concurrent INSERT of a Scan row, whose foreign key takes a
 * KEY SHARE lock on the domain, is not made to wait.) The schedule is rows (Domain.nextScanAt), so it survives restarts.
 *
 * No thundering herd: a domain's first slot is a random point in the second half of its interval
 * (it was just scanned when it was added), and later slots keep that phase (previous slot +
 * interval), so domains stay spread over the interval. Two scheduled scans of a domain are never
 * less than half an interval apart: a slot claimed later than that starts a new phase from now.
 */
import type { Db } from "@/lib/db/client";
import { enqueueScheduledScan } from "@/lib/queue/jobs";

export const SCAN_INTERVALS = { hourly: 3_600, daily: 86_400, weekly: 604_800, off: 0 } as const;
export type IntervalName = keyof typeof SCAN_INTERVALS;

export type ScheduleTickResult = { placed: number; queued: number };

/**
 * Places never-scheduled domains at a random point of their interval's second half, and queues a
 * scan (at the scheduled priority) for each domain whose slot has come. A domain with a scan already queued or
 * running gets no second one (the one-active-scan index); its slot still moves on.
 */
export async function enqueueDueScans(db: Db, now: Date, limit = 500): Promise<ScheduleTickResult> {
  return db.$transaction(
    async (tx) => {
      const placed = await tx.$executeRaw`
        WITH todo AS (
          SELECT d.id, COALESCE(d."scanIntervalSeconds", w."scanIntervalSeconds") AS iv
            FROM "Domain" d JOIN "Workspace" w ON w.id = d."workspaceId"
           WHERE d."nextScanAt" IS NULL AND COALESCE(d."scanIntervalSeconds", w."scanIntervalSeconds") > 0
           LIMIT ${limit}
             FOR NO KEY UPDATE OF d SKIP LOCKED)
        UPDATE "Domain" d SET "nextScanAt" = ${now}::timestamptz + make_interval(secs => todo.iv * (0.5 + random() / 2))
          FROM todo WHERE d.id = todo.id`;
      const due = await tx.$queryRaw<{ id: string }[]>`
        WITH todo AS (
          SELECT d.id, d."nextScanAt" AS slot, COALESCE(d."scanIntervalSeconds", w."scanIntervalSeconds") AS iv
            FROM "Domain" d JOIN "Workspace" w ON w.id = d."workspaceId"
           WHERE d."nextScanAt" <= ${now}::timestamptz AND COALESCE(d."scanIntervalSeconds", w."scanIntervalSeconds") > 0
           ORDER BY d."nextScanAt"
           LIMIT ${limit}
             FOR NO KEY UPDATE OF d SKIP LOCKED)
        UPDATE "Domain" d
           -- Keep the phase while the slot is claimed less than half an interval late; a later claim
           -- (workers were down, or busy) restarts the phase from now with jitter (up to a tenth of
           -- the interval): a catch-up scan is never followed by the on-phase one moments later, and
           -- missed slots are never queued all at once.
           SET "nextScanAt" = CASE WHEN todo.slot + make_interval(secs => todo.iv) >= ${now}::timestamptz + make_interval(secs => todo.iv::float8 / 2)
                                   THEN todo.slot + make_interval(secs => todo.iv)
                                   ELSE ${now}::timestamptz + make_interval(secs => todo.iv * (1 + random() / 10)) END
          FROM todo WHERE d.id = todo.id
        RETURNING d.id`;
      let queued = 0;
      for (const { id } of due) {
        // Requested at the tick's time, the time the slot decision above was made with (the
        // database's now() is the transaction's start, which a busy pool can delay by seconds).
        const scan = await tx.$queryRaw<{ id: string }[]>`
          INSERT INTO "Scan" (id, "domainId", "trigger", "requestedAt") VALUES (gen_random_uuid(), ${id}::uuid, 'schedule', ${now}::timestamptz)
          ON CONFLICT DO NOTHING RETURNING id`;
        if (!scan[0]) continue;
        await enqueueScheduledScan(tx, scan[0].id, id);
        queued++;
      }
      return { placed, queued };
    },
    { maxWait: 15_000, timeout: 30_000 },
  );
}

/** A domain's schedule moves to the new interval at once (a random slot in it) when it changes. */
export async function rescheduleDomains(db: Db, where: { workspaceId: string } | { domainId: string }): Promise<void> {
  if ("domainId" in where) await db.domain.update({ where: { id: where.domainId }, data: { nextScanAt: null } });
  else await db.domain.updateMany({ where: { workspaceId: where.workspaceId, scanIntervalSeconds: null }, data: { nextScanAt: null } });
}
