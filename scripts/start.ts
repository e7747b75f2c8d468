/**
 * `npm start` / `npm run dev`: one command for the whole app. Starts the embedded PostgreSQL when
 * DATABASE_URL is unset, applies migrations, builds the web app when its sources changed, then
 * serves Next.js and runs one scan worker in this same process (MAILPOSTURE_INPROCESS_WORKER=0
 * turns the worker off when standalone workers run elsewhere).
 */
import http from "node:http";
import path from "node:path";
import next from "next";
import { getEnv } from "@/lib/env";
import { openDatabase, prepareDatabase, startScanWorker } from "@/lib/services/runtime";
import { scanWorkerSettings } from "@/lib/services/context";
import { ensureBuild } from "./build-if-needed";

const root = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const log = (line: string) => console.log(`[mailposture] ${line}`);

async function main() {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  const env = getEnv();
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, root, log });
  const stops: (() => Promise<void>)[] = [() => database.stop()];
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping…`);
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => console.error(err));
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  try {
    process.env.DATABASE_URL = database.url;
    await prepareDatabase(database.url);
    log("database schema is up to date");
    if (!dev) await ensureBuild(root, log);

    const app = next({ dev, dir: root, hostname: "0.0.0.0", port: env.PORT });
    await app.prepare();
    const handle = app.getRequestHandler();
    const server = http.createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(env.PORT, resolve));
    stops.push(() => new Promise((resolve) => server.close(() => resolve())));
    stops.push(() => app.close());
    log(`serving on http://localhost:${env.PORT}`);

    if (env.MAILPOSTURE_INPROCESS_WORKER) {
      const worker = await startScanWorker({ databaseUrl: database.url, ...scanWorkerSettings(env) });
      stops.push(() => worker.stop());
      log(`scan worker running (concurrency ${env.MAILPOSTURE_WORKER_CONCURRENCY})`);
    }
  } catch (err) {
    console.error(`[mailposture] cannot start: ${err instanceof Error ? err.message : String(err)}`);
    for (const stop of stops.reverse()) await stop().catch(() => {});
    process.exit(1);
  }
}

void main();
