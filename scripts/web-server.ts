/**
 * The web tier of `npm start`: Next.js behind a plain `http` server, in this process or in several
 * processes that share the port.
 *
 * Why several: one Next.js process renders pages on one core, so under many concurrent users its
 * requests queue behind each other while the other cores idle (docs/benchmarks.md, "Dashboard
 * under load"). The web processes keep no state of their own — sessions, sign-in throttling, the
 * queue and every setting live in PostgreSQL — so any of them can answer any request.
 *
 * The web processes are `node:cluster` workers running scripts/web-process.ts. They accept
 * connections themselves (SCHED_NONE) rather than through the primary: the primary runs the
 * in-process scan worker, and a scan burst on its event loop must not sit between a browser and
 * the pages. A web process that dies is replaced; five deaths within a minute stop the app, since
 * something is wrong that a restart will not fix.
 */
import cluster, { type Worker } from "node:cluster";
import http from "node:http";
import path from "node:path";

export type WebServer = { stop: () => Promise<void> };

/** Next.js on one `http` server in this process; resolves once it listens. */
export async function serveNext(o: { dev: boolean; root: string; host: string; port: number; onStopDb: () => Promise<void> }): Promise<WebServer> {
  // Loaded only here: `--no-web` runs without Next.js in memory.
  const { default: next } = await import("next");
  const app = next({ dev: o.dev, dir: o.root, hostname: o.host, port: o.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => void handle(req, res));
  try {
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(o.port, o.host, resolve));
  } catch (err) {
    await app.close().catch(() => undefined);
    await o.onStopDb().catch(() => undefined);
    throw err;
  }
  return {
    // Reverse order of start: no new requests, then Next.js, then the database connections.
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
      await o.onStopDb();
    },
  };
}

type FromWorker = { type: "ready" } | { type: "failed"; message: string };

const STOP_GRACE_MS = 10_000;
const CRASH_WINDOW_MS = 60_000;
const CRASH_LIMIT = 5;

/**
 * `count` web processes on one port. Resolves once every one listens; rejects (after stopping the
 * ones that started) if one cannot. `onFatal` is called when they keep dying.
 */
export async function startWebTier(o: {
  count: number;
  root: string;
  log: (line: string) => void;
  onFatal: (reason: string) => void;
  /** The web process's script (tests give their own); default scripts/web-process.ts. */
  exec?: string;
}): Promise<WebServer> {
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  // The worker inherits this process's execArgv (`--import tsx`) and environment (DATABASE_URL).
  cluster.setupPrimary({ exec: o.exec ?? path.join(o.root, "scripts", "web-process.ts") });

  const live = new Set<Worker>();
  const deaths: number[] = [];
  let stopping = false;

  const fork = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork();
      live.add(worker);
      let settled = false;
      worker.on("message", (m: FromWorker) => {
        if (settled) return;
        settled = true;
        if (m.type === "ready") resolve();
        else reject(new Error(m.message));
      });
      worker.on("exit", (code, signal) => {
        live.delete(worker);
        if (!settled) {
          settled = true;
          reject(new Error(`a web process exited while starting (${signal ?? `code ${code}`})`));
          return;
        }
        if (stopping) return;
        const now = Date.now();
        deaths.push(now);
        while (deaths.length && deaths[0]! < now - CRASH_WINDOW_MS) deaths.shift();
        if (deaths.length >= CRASH_LIMIT) {
          o.onFatal(`${CRASH_LIMIT} web processes died within a minute (the last: ${signal ?? `code ${code}`})`);
          return;
        }
        o.log(`web process ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another`);
        fork().catch((err: unknown) => o.onFatal(`a replacement web process did not start: ${err instanceof Error ? err.message : String(err)}`));
      });
    });

  const stop = async () => {
    stopping = true;
    await Promise.all(
      [...live].map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            const kill = setTimeout(() => worker.process.kill("SIGKILL"), STOP_GRACE_MS);
            worker.once("exit", () => {
              clearTimeout(kill);
              resolve();
            });
            // A worker whose channel is already gone stops on its own ('disconnect' in web-process.ts).
            if (worker.isConnected()) worker.send({ type: "stop" });
          }),
      ),
    );
  };

  try {
    await Promise.all(Array.from({ length: o.count }, fork));
  } catch (err) {
    await stop();
    throw err;
  }
  return { stop };
}
