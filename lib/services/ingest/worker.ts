/**
 * The runner for sender reports: a graphile-worker runner of its own that knows only the
 * `ingest-report` task. The scan runner does not list that task, so it never picks such a job,
 * and this runner's concurrency bounds the reports parsed at once: a flood of reports waits in the
 * queue instead of taking the slots (and database connections) scans run in.
 */
import { run, type Runner, type Task } from "graphile-worker";
import pg from "pg";
import type { Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { createDnsClient } from "@/lib/scan/net/dns";
import { resolversFrom } from "@/lib/services/context";
import { INGEST_TASK, isIngestJobPayload } from "@/lib/queue/jobs";
import { isShutdownNoise, quietLogger } from "@/lib/queue/schema";
import { pollDueMailboxes, type MailboxOpener } from "./imap";
import { imapFlowOpener } from "./imap-client";
import { dnsMailAuthenticator, type MailAuthenticator } from "./mail-authenticity";
import { processRawReport } from "./process";

/** Reports parsed at once per worker process: parsing is CPU-bound, and scans need the cores too. */
export const DEFAULT_INGEST_CONCURRENCY = 2;

export function createIngestTask(db: Db): Task {
  return async (payload) => {
    if (!isIngestJobPayload(payload)) throw new Error("ingest-report job without a rawId");
    await processRawReport(payload.rawId, db);
  };
}

/** How often each workspace's mailbox is read (the first poll comes one tick after start). */
export const IMAP_POLL_INTERVAL_MS = 300_000;
const IMAP_TICK_MS = 30_000;

export type IngestWorkerHandle = { stop(): Promise<void> };

export type IngestWorkerOptions = {
  databaseUrl: string;
  db: Db;
  concurrency?: number;
  /** The mailbox poller: imapflow with lab mode from the environment by default; `false` turns it off. */
  mailboxes?: { open: MailboxOpener; intervalMs: number; tickMs: number; authenticate?: MailAuthenticator } | false;
};

/** Polls due mailboxes on a timer; returns its stop function, which waits for a running poll. */
function startMailboxTimer(db: Db, m: { open: MailboxOpener; intervalMs: number; tickMs: number; authenticate?: MailAuthenticator }): () => Promise<void> {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = pollDueMailboxes(m.open, m.intervalMs, db, () => new Date(), m.authenticate)
      .catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        if (!isShutdownNoise(message)) console.error(`[ingest] mailboxes: ${message}`);
      })
      .finally(() => {
        running = undefined;
      });
  }, m.tickMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

export async function startIngestWorker(o: IngestWorkerOptions): Promise<IngestWorkerHandle> {
  const concurrency = Math.max(1, o.concurrency ?? DEFAULT_INGEST_CONCURRENCY);
  // Its own small pool, ended after the runner stops (see lib/services/worker.ts for why).
  const pool = new pg.Pool({ connectionString: o.databaseUrl, max: concurrency + 2 });
  const report = (which: string) => (err: Error) => {
    if (!isShutdownNoise(err.message)) console.error(`[ingest] error: PostgreSQL ${which} client: ${err.message}`);
  };
  pool.on("error", report("idle"));
  pool.on("connect", (client) => client.on("error", report("active")));
  let runner: Runner;
  try {
    runner = await run({ pgPool: pool, concurrency, noHandleSignals: true, pollInterval: 1000, logger: quietLogger, taskList: { [INGEST_TASK]: createIngestTask(o.db) } });
  } catch (err) {
    await pool.end();
    throw err;
  }
  const env = getEnv();
  const mailboxes = o.mailboxes ?? {
    open: imapFlowOpener({ allowPrivate: env.MAILPOSTURE_ALLOW_PRIVATE }),
    intervalMs: IMAP_POLL_INTERVAL_MS,
    tickMs: IMAP_TICK_MS,
    authenticate: dnsMailAuthenticator(() => createDnsClient({ resolvers: resolversFrom(env) })),
  };
  const stopMailboxes = mailboxes ? startMailboxTimer(o.db, mailboxes) : async () => {};
  return {
    async stop() {
      await stopMailboxes();
      await runner.stop();
      await pool.end();
    },
  };
}
