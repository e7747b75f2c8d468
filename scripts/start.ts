/**
 * `npm start` / `npm run dev`: one command for the whole app. Starts the embedded PostgreSQL when
 * DATABASE_URL is unset, applies migrations, builds the web app when its sources changed, then
 * serves Next.js — in one web process per core (MAILPOSTURE_WEB_PROCESSES; scripts/web-server.ts) —
 * and runs one scan worker in this process (MAILPOSTURE_INPROCESS_WORKER=0 turns the worker off
 * when standalone workers run elsewhere).
 *
 * Flags: `--dev` (Next.js dev server), `--no-web` (database, migrations and worker only: no build,
 * no HTTP server), `--data-dir <dir>` (embedded PostgreSQL data elsewhere than `.data/pg`).
 *
 * Stopping: SIGINT (Ctrl-C), SIGTERM and SIGHUP (terminal closed) stop the parts in reverse order
 * of start — worker, web server(s) and their database connections, then the embedded PostgreSQL —
 * so no part sees the database vanish under it. A crash that cannot be caught (SIGKILL) leaves the
 * server running; the next `npm start` takes it over (lib/db/embedded.ts).
 */
import os from "node:os";
import path from "node:path";
import { getEnv } from "@/lib/env";
import { disconnectDb, markShuttingDown, openDatabase, prepareDatabase, startScanWorker } from "@/lib/services/runtime";
import { scanWorkerSettings } from "@/lib/services/context";
import { createDb } from "@/lib/db/client";
import { issueSetupToken, SETUP_TTL_HOURS } from "@/lib/services/auth/setup";
import { serveNext, startWebTier } from "./web-server";

const root = path.resolve(import.meta.dirname, "..");
const argv = process.argv.slice(2);
const dev = argv.includes("--dev");
const web = !argv.includes("--no-web");
const dataDirFlag = argv.indexOf("--data-dir");
const dataDir = dataDirFlag >= 0 ? argv[dataDirFlag + 1] : undefined;
const log = (line: string) => console.log(`[mailposture] ${line}`);

/**
 * First run: no default password. While no account exists, each start prints a fresh one-time
 * link (the previous one stops working) that creates the first owner (docs/teams.md).
 */
async function announceSetupLink(databaseUrl: string, publicUrl: string): Promise<void> {
  const db = createDb(databaseUrl, 1);
  try {
    const token = await issueSetupToken(db);
    if (!token) return;
    log("no account exists yet. Create the first owner within " + SETUP_TTL_HOURS + " hours at:");
    console.log(`\n    ${publicUrl}/setup/${token}\n`);
    log("(or run `mailposture user create` on this machine)");
  } finally {
    await db.$disconnect();
  }
}

async function main() {
  if (dataDirFlag >= 0 && !dataDir) throw new Error("--data-dir needs a directory");
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  const env = getEnv();

  // Registered before anything starts, so a signal during start-up still stops what is running.
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const stopAll = async () => {
    markShuttingDown();
    while (stops.length) await stops.pop()!().catch((err: unknown) => console.error(err));
  };
  const shutdown = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping…`);
    await stopAll();
    process.exit(exitCode);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(signal));

  try {
    const database = await openDatabase({ databaseUrl: env.DATABASE_URL, root, dataDir: dataDir && path.resolve(dataDir), log });
    stops.push(() => database.stop());
    if (stopping) return; // a signal arrived while the database started; shutdown() stops it
    process.env.DATABASE_URL = database.url;
    await prepareDatabase(database.url);
    log("database schema is up to date");

    if (web) {
      if (!dev) await (await import("./build-if-needed")).ensureBuild(root, log);
      // HOST (default 127.0.0.1): only this machine reaches the app unless the operator exposes it,
      // which belongs behind a TLS reverse proxy (README, "Deployment").
      const processes = dev ? 1 : (env.MAILPOSTURE_WEB_PROCESSES ?? Math.min(4, os.availableParallelism()));
      if (processes === 1) {
        const server = await serveNext({ dev, root, host: env.HOST, port: env.PORT, onStopDb: disconnectDb });
        stops.push(() => server.stop());
      } else {
        const tier = await startWebTier({
          count: processes,
          root,
          log,
          onFatal: (reason) => {
            console.error(`[mailposture] ${reason}: stopping`);
            void shutdown("web processes failing", 1);
          },
        });
        stops.push(() => tier.stop());
      }
      const publicUrl = (env.MAILPOSTURE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
      log(`serving on ${publicUrl} (listening on ${env.HOST}:${env.PORT}${processes > 1 ? `, ${processes} web processes` : ""})`);
      await announceSetupLink(database.url, publicUrl);
    }

    if (env.MAILPOSTURE_INPROCESS_WORKER) {
      const worker = await startScanWorker({ databaseUrl: database.url, ...scanWorkerSettings(env) });
      stops.push(() => worker.stop());
      log(`scan worker running (concurrency ${env.MAILPOSTURE_WORKER_CONCURRENCY})`);
    }
    if (!web) log("ready (--no-web: no web server)");
  } catch (err) {
    if (stopping) return;
    stopping = true;
    console.error(`[mailposture] cannot start: ${err instanceof Error ? err.message : String(err)}`);
    await stopAll();
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  console.error(`[mailposture] cannot start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
