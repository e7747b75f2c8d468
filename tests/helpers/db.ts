/** Database access for integration tests: the run's migrated database (see global-db.ts). */
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import pg from "pg";
import { createDb, type Db } from "../../lib/db/client";
import { prepareDatabase } from "../../lib/queue/schema";

export function testDatabaseUrl(): string {
  return inject("databaseUrl");
}

export function openTestDb(max = 5): Db {
  return createDb(testDatabaseUrl(), max);
}

/** A domain name no other test uses, so each test owns its rows. */
export function uniqueDomain(label = "t"): string {
  return `${label}-${randomBytes(4).toString("hex")}.example`;
}

/** Jobs on the queue for one domain (graphile-worker's job key is `scan:<domainId>`). */
export async function queuedJobs(db: Db, domainId: string): Promise<number> {
  const rows = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE key = ${`scan:${domainId}`}`;
  return Number(rows[0]?.n ?? 0);
}

/**
 * A database of its own for tests whose workers consume every queued job (they would otherwise
 * take other test files' scans). Returns its URL and a function that drops it.
 */
export async function createIsolatedDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = inject("adminDatabaseUrl");
  const name = `mp_iso_${randomBytes(5).toString("hex")}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  await prepareDatabase(url.toString());
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
