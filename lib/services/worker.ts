/**
 * A worker process's queue side: a graphile-worker runner with our scan task, plus the reaper
 * that returns scans of dead workers to the queue. Any number of these may run on any machine
 * against the same database.
 */
import { run, type Runner, type Task } from "graphile-worker";
import pg from "pg";
import type { Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { ALERT_TASK, SCAN_TASK } from "@/lib/queue/jobs";
import { isShutdownNoise, quietLogger } from "@/lib/queue/schema";
import { alertTaskFor, monitoringFromEnv, startMonitoringTimer, type MonitoringOptions } from "@/lib/services/monitoring/runtime";
import { reapStalledScans } from "@/lib/services/scans/reap-stalled";

export type WorkerOptions = {
  databaseUrl: string;
  db: Db;
  scanTask: Task;
  concurrency: number;
  /** A running scan whose heartbeat is older than this is presumed abandoned. */
  staleAfterMs: number;
  /** Scheduler and alerts (docs/monitoring.md); default: from the environment. */
  monitoring?: MonitoringOptions;
};

export type WorkerHandle = { stop(): Promise<void> };

export async function startWorker(options: WorkerOptions): Promise<WorkerHandle> {
  // Our own pool rather than graphile-worker's: its runner.stop() ends its pool without waiting,
  // and removes the pool's error listener at once, so a database stopping right after (npm start's
  // shutdown) met connections still closing, and an unhandled 'error' event crashed the process.
  // Here the listener stays until end() has closed every connection.
  // 10: the size graphile-worker gives its own pool (its jobs are short; scans use the Prisma pool).
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
  // Without listeners a dropped connection would be an unhandled 'error' event (a crash): one on
  // the pool for idle connections, one on each connection for those in use (pg raises those
  // again to the query that used it).
  const report = (which: string) => (err: Error) => {
    if (!isShutdownNoise(err.message)) console.error(`[queue] error: PostgreSQL ${which} client: ${err.message}`);
  };
  pool.on("error", report("idle"));
  pool.on("connect", (client) => client.on("error", report("active")));
  const monitoring = options.monitoring ?? monitoringFromEnv(getEnv());
  let runner: Runner;
  try {
    runner = await run({
      pgPool: pool,
      concurrency: options.concurrency,
      // Signals are the host process's business (it also stops Next.js and the embedded database).
      noHandleSignals: true,
      pollInterval: 1000,
      logger: quietLogger,
      taskList: { [SCAN_TASK]: options.scanTask, [ALERT_TASK]: alertTaskFor(options.db, monitoring) as Task },
    });
  } catch (err) {
    await pool.end();
    throw err;
  }
  const reapEvery = Math.max(1000, Math.floor(options.staleAfterMs / 3));
  const reaper = setInterval(() => {
    reapStalledScans(options.db, options.staleAfterMs).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      if (!isShutdownNoise(message)) console.error(`[worker] reaper: ${message}`);
    });
  }, reapEvery);
  const stopMonitoring = startMonitoringTimer(options.db, monitoring);
  return {
    async stop() {
      clearInterval(reaper);
      await stopMonitoring();
      await runner.stop();
      await pool.end();
    },
  };
}
