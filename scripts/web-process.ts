/**
 * One web process of `npm start` (a `node:cluster` worker; scripts/web-server.ts): Next.js on the
 * shared port until the primary says stop. Ctrl-C and a closed terminal signal the whole process
 * group; the primary orders the shutdown (scan worker, web processes, then the database), so this
 * process ignores SIGINT and SIGHUP and stops on the primary's message, on SIGTERM, or when the
 * primary is gone.
 */
import path from "node:path";
import { disconnectDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { markShuttingDown } from "@/lib/queue/schema";
import { serveNext, type WebServer } from "./web-server";

const root = path.resolve(import.meta.dirname, "..");
let server: WebServer | undefined;
let stopping = false;

async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  markShuttingDown();
  await server?.stop().catch((err: unknown) => console.error(err));
  process.exit(0);
}

process.on("SIGINT", () => undefined);
process.on("SIGHUP", () => undefined);
process.on("SIGTERM", () => void stop());
process.on("message", (m: { type?: string }) => {
  if (m?.type === "stop") void stop();
});
process.on("disconnect", () => void stop());

try {
  const env = getEnv();
  server = await serveNext({ dev: false, root, host: env.HOST, port: env.PORT, onStopDb: disconnectDb });
  process.send?.({ type: "ready" });
} catch (err) {
  process.send?.({ type: "failed", message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}
