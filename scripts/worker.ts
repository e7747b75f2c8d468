/**
 * `npm run worker`: a standalone scan worker. Run any number, on any machine, with the same
 * DATABASE_URL; each takes jobs from the shared Postgres queue.
 */
import { getEnv } from "@/lib/env";
import { markShuttingDown, prepareDatabase, startScanWorker } from "@/lib/services/runtime";
import { scanWorkerSettings } from "@/lib/services/context";

async function main() {
  const env = getEnv();
  if (!env.DATABASE_URL) {
    console.error("[worker] DATABASE_URL is required: point it at the database the web app uses");
    process.exit(2);
  }
  await prepareDatabase(env.DATABASE_URL);
  const worker = await startScanWorker({ databaseUrl: env.DATABASE_URL, ...scanWorkerSettings(env) });
  console.log(`[worker] pid ${process.pid} running (concurrency ${env.MAILPOSTURE_WORKER_CONCURRENCY})`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Connections the stop itself closes are expected from here on, not errors to print.
    markShuttingDown();
    console.log(`[worker] ${signal}: finishing running scans…`);
    await worker.stop();
    process.exit(0);
  };
  // SIGHUP: the terminal the worker ran in was closed.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop(signal));
}

main().catch((err: unknown) => {
  console.error(`[worker] cannot start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
