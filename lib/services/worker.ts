/**
 * A worker process's queue side: a graphile-worker runner with our scan task, plus the reaper
 * that returns scans of dead workers to the queue. Any number of these may run on any machine
 * against the same database.
 */
import { run, type Runner, type Task } from "graphile-worker";
import type { Db } from "@/lib/db/client";
import { SCAN_TASK } from "@/lib/queue/jobs";
import { quietLogger } from "@/lib/queue/schema";
import { reapStalledScans } from "@/lib/services/scans/reap-stalled";

export type WorkerOptions = {
  databaseUrl: string;
  db: Db;
  scanTask: Task;
  concurrency: number;
  /** A running scan whose heartbeat is older than this is presumed abandoned. */
  staleAfterMs: number;
};

export type WorkerHandle = { stop(): Promise<void> };

export async function startWorker(options: WorkerOptions): Promise<WorkerHandle> {
  const runner: Runner = await run({
    connectionString: options.databaseUrl,
    concurrency: options.concurrency,
    // Signals are the host process's business (it also stops Next.js and the embedded database).
    noHandleSignals: true,
    pollInterval: 1000,
    logger: quietLogger,
    taskList: { [SCAN_TASK]: options.scanTask },
  });
  const reapEvery = Math.max(1000, Math.floor(options.staleAfterMs / 3));
  const reaper = setInterval(() => {
    reapStalledScans(options.db, options.staleAfterMs).catch((err: unknown) => {
      console.error(`[worker] reaper: ${err instanceof Error ? err.message : String(err)}`);
    });
  }, reapEvery);
  return {
    async stop() {
      clearInterval(reaper);
      await runner.stop();
    },
  };
}
