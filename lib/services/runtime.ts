/**
 * Process-level wiring shared by `npm start`, `npm run worker` and tests: the database (embedded
 * when DATABASE_URL is unset), its schema, and the scan worker.
 */

import path from "node:path";
import pg from "pg";
import { createDb, disconnectDb, type Db } from "@/lib/db/client";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/db/embedded";
import { markShuttingDown, prepareDatabase } from "@/lib/queue/schema";
import type { PolitenessSettings } from "@/lib/services/context";
import { startIngestWorker } from "@/lib/services/ingest/worker";
import { pgProbeSharing, pruneProbeResults } from "@/lib/services/probe-cache/pg";
import { pruneUnchangedScans } from "@/lib/services/scans/report-store";
import { createScanTask, type Scanner } from "@/lib/services/scans/run-scan";
import { startWorker as startQueueWorker, type WorkerHandle } from "@/lib/services/worker";

export const APP_DATABASE = "mailposture";

const ORIGIN: Record<EmbeddedPostgres["origin"], string> = {
  started: "started",
  adopted: "taken over from a mailposture process that ended without stopping it",
  joined: "shared with another mailposture process",
};

export type DatabaseHandle = { url: string; embedded?: EmbeddedPostgres; stop(): Promise<void> };

/** The configured database, or an embedded PostgreSQL under `<root>/.data` when none is configured. */
export async function openDatabase(opts: { databaseUrl?: string; root: string; dataDir?: string; log?: (line: string) => void }): Promise<DatabaseHandle> {
  if (opts.databaseUrl) return { url: opts.databaseUrl, stop: async () => {} };
  const embedded = await startEmbeddedPostgres({
    dataDir: opts.dataDir ?? path.join(opts.root, ".data", "pg"),
    // Only our own notes (data moved, server taken over); PostgreSQL's log lines stay out of the terminal.
    onLog: (text) => {
      if (text.startsWith("note: ")) opts.log?.(text.trim());
    },
  });
  const admin = new pg.Client({ connectionString: embedded.url });
  await admin.connect();
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [APP_DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${APP_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = new URL(embedded.url);
  url.pathname = `/${APP_DATABASE}`;
  opts.log?.(`embedded PostgreSQL on 127.0.0.1:${embedded.port} (${ORIGIN[embedded.origin]}), data in ${embedded.dataDir}`);
  return { url: url.toString(), embedded, stop: () => embedded.stop() };
}

export { prepareDatabase, markShuttingDown, disconnectDb };

export type ScanWorkerOptions = {
  databaseUrl: string;
  db?: Db;
  scanner: Scanner;
  scannerVersion: string;
  concurrency: number;
  heartbeatMs: number;
  staleAfterMs: number;
  /** Shared SMTP observations and per-address limits across workers (docs/politeness.md). */
  politeness?: PolitenessSettings;
  /** Delete unchanged (reference) scans older than this many days; 0 or unset keeps them. */
  unchangedRetentionDays?: number;
  /** Sender reports parsed at once, in a runner of their own so they never take scan slots (docs/ingest.md). */
  ingestConcurrency?: number;
};

const HOUSEKEEPING_MS = 3_600_000;

export async function startScanWorker(o: ScanWorkerOptions): Promise<WorkerHandle> {
  const db = o.db ?? createDb(o.databaseUrl, Math.max(4, Math.min(o.concurrency + 2, 40)));
  const sharing = o.politeness ? pgProbeSharing(db, o.politeness.perAddress) : undefined;
  const scanTask = createScanTask({ db, scan: o.scanner, heartbeatMs: o.heartbeatMs, scannerVersion: o.scannerVersion, ...(sharing ? { sharing } : {}) });
  const handle = await startQueueWorker({ databaseUrl: o.databaseUrl, db, scanTask, concurrency: o.concurrency, staleAfterMs: o.staleAfterMs });
  const ingest = await startIngestWorker({ databaseUrl: o.databaseUrl, db, ...(o.ingestConcurrency ? { concurrency: o.ingestConcurrency } : {}) }).catch(async (err: unknown) => {
    await handle.stop();
    throw err;
  });
  // Hourly: observations past their TTL, and old unchanged scans when a retention is set.
  const housekeeping = setInterval(() => {
    const work = [
      ...(o.politeness ? [pruneProbeResults(db, o.politeness.ttlMs)] : []),
      ...(o.unchangedRetentionDays ? [pruneUnchangedScans(db, o.unchangedRetentionDays)] : []),
    ];
    Promise.all(work).catch((err: unknown) => console.error(`[worker] housekeeping: ${err instanceof Error ? err.message : String(err)}`));
  }, HOUSEKEEPING_MS);
  housekeeping.unref();
  return {
    async stop() {
      clearInterval(housekeeping);
      await ingest.stop();
      await handle.stop();
      if (!o.db) await db.$disconnect();
    },
  };
}

