/** `npm run db:migrate`: applies committed migrations (and the queue's schema) to DATABASE_URL, or to the embedded database. */
import path from "node:path";
import { getEnv } from "@/lib/env";
import { openDatabase, prepareDatabase } from "@/lib/services/runtime";

const root = path.resolve(import.meta.dirname, "..");

async function main() {
  const database = await openDatabase({ databaseUrl: getEnv().DATABASE_URL, root, log: (l) => console.log(l) });
  try {
    await prepareDatabase(database.url);
    console.log("database schema is up to date");
  } finally {
    await database.stop();
  }
}

main().catch((err: unknown) => {
  console.error(`migration failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
