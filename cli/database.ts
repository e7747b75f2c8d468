/**
 * The database for the CLI's account commands (`token create`, `user create`): DATABASE_URL when
 * set, else the embedded PostgreSQL of `npm start` (docs/architecture.md rule 40). While the app
 * runs, its process owns the embedded server (`<dataDir>.owner`) and the CLI joins it; when
 * nothing runs, the CLI starts it, migrates it, and stops it again on the way out.
 */
import path from "node:path";
import { createDb, type Db } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { openDatabase, prepareDatabase } from "@/lib/services/runtime";

const root = path.resolve(import.meta.dirname, "..");

export type CliDatabase = { db: Db; close(): Promise<void> };

export async function openCliDatabase(env: Env, dataDir?: string): Promise<CliDatabase> {
  // Notes (data moved, an orphan taken over) go to stderr: stdout carries only the command's answer.
  const handle = await openDatabase({ databaseUrl: env.DATABASE_URL, root, dataDir: dataDir && path.resolve(dataDir), log: (line) => process.stderr.write(`mailposture: ${line}\n`) });
  try {
    // A server this process owns has no app beside it that migrated it (the app migrates at start).
    if (handle.embedded?.owned) await prepareDatabase(handle.url);
  } catch (err) {
    await handle.stop();
    throw err;
  }
  const db = createDb(handle.url, 2);
  return {
    db,
    async close() {
      await db.$disconnect();
      await handle.stop();
    },
  };
}
