/**
 * Hands scans of dead workers back to the queue. graphile-worker only frees a crashed worker's
 * jobs after four hours; our workers heartbeat on the Scan row, so a silent worker is noticed in
 * seconds: its jobs are force-unlocked (attempts are kept, so retries stay bounded) and the scan
 * goes back to `queued`. A worker that was merely slow loses its claim (see run-scan.ts fencing).
 */
import type { Db } from "@/lib/db/client";

export async function reapStalledScans(db: Db, staleAfterMs: number): Promise<number> {
  const stale = await db.$queryRaw<{ id: string; workerId: string | null }[]>`
    SELECT id, "workerId" FROM "Scan"
     WHERE status = 'running' AND "heartbeatAt" < now() - make_interval(secs => ${staleAfterMs / 1000})`;
  if (stale.length === 0) return 0;
  const workers = [...new Set(stale.map((s) => s.workerId).filter((w): w is string => !!w))];
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`UPDATE "Scan" SET status = 'queued', "heartbeatAt" = NULL, error = 'worker stopped responding; retrying'
                          WHERE id = ANY(${stale.map((s) => s.id)}::uuid[]) AND status = 'running'
                            AND "heartbeatAt" < now() - make_interval(secs => ${staleAfterMs / 1000})`;
    if (workers.length > 0) await tx.$executeRaw`SELECT graphile_worker.force_unlock_workers(${workers}::text[])`;
  });
  return stale.length;
}
