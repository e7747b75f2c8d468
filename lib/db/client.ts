/** The Prisma client, one per process (kept across Next.js dev hot reloads). */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";

export type Db = PrismaClient;

const holder = globalThis as unknown as { mailpostureDb?: PrismaClient };

/**
 * Session settings for every connection the app opens. `jit=off`: the app's statements are short
 * aggregates over at most a workspace's domains, but their planner costs can pass PostgreSQL's JIT
 * thresholds (the portfolio's per-domain stale probe is costed as a heap scan per domain), and
 * compiling them with LLVM took ~270 ms of a query that runs in ~30 ms (docs/benchmarks.md,
 * "Dashboard under load"). A DATABASE_URL that sets its own `options` keeps them: node-postgres
 * lets the URL's parameters win, and an operator who sets them has chosen.
 */
const SESSION_OPTIONS = "-c jit=off";

export function createDb(databaseUrl: string, max = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max, options: SESSION_OPTIONS }) });
}

export function getDb(): PrismaClient {
  if (!holder.mailpostureDb) {
    const url = getEnv().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set (npm start sets it when it starts the embedded database)");
    holder.mailpostureDb = createDb(url);
  }
  return holder.mailpostureDb;
}

/**
 * Closes the process's shared client, if one was made (the web app's). Called on shutdown before
 * the embedded server stops, so no pooled connection is cut by the server's own shutdown.
 */
export async function disconnectDb(): Promise<void> {
  const db = holder.mailpostureDb;
  holder.mailpostureDb = undefined;
  await db?.$disconnect();
}
