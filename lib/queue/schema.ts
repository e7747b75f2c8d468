/** Makes a database ready: Prisma migrations for our tables, then graphile-worker's own schema. */
import { Logger, runMigrations } from "graphile-worker";
import { applyMigrations } from "@/lib/db/migrate";

/** graphile-worker logs every job at info level; we keep warnings and errors. */
export const quietLogger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") console.error(`[queue] ${level}: ${message}`);
});

export async function prepareDatabase(databaseUrl: string): Promise<void> {
  await applyMigrations(databaseUrl);
  await runMigrations({ connectionString: databaseUrl, logger: quietLogger });
}
