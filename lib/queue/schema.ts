/** Makes a database ready: Prisma migrations for our tables, then graphile-worker's own schema. */
import { Logger, runMigrations } from "graphile-worker";
import { applyMigrations } from "@/lib/db/migrate";

/**
 * What a connection reports when the server ends it or goes away: "terminating connection due to
 * administrator command" (SQLSTATE 57P01, PostgreSQL's fast shutdown), "the database system is
 * shutting down" (57P03), pg's "Connection terminated unexpectedly", a refused reconnect.
 */
const CONNECTION_CLOSED = /terminating connection due to administrator command|the database system is shutting down|Connection terminated|ECONNREFUSED|ECONNRESET|Client has encountered a connection error|Cannot use a pool after calling end/i;

let shuttingDown = false;

/**
 * Marks this process as stopping: from now on the queue's reports of connections closed by the
 * shutdown itself are expected and not printed. Every other error still is, and before this call
 * a dropped connection is a real problem (the database went away under a running process).
 */
export function markShuttingDown(): void {
  shuttingDown = true;
}

/** True for a message the logger keeps quiet: a closed connection while this process stops. */
export function isShutdownNoise(message: string): boolean {
  return shuttingDown && CONNECTION_CLOSED.test(message);
}

/** graphile-worker logs every job at info level; we keep warnings and errors. */
export const quietLogger = new Logger(() => (level, message) => {
  if ((level === "error" || level === "warning") && !isShutdownNoise(message)) console.error(`[queue] ${level}: ${message}`);
});

export async function prepareDatabase(databaseUrl: string): Promise<void> {
  await applyMigrations(databaseUrl);
  await runMigrations({ connectionString: databaseUrl, logger: quietLogger });
}
