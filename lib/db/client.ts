/** The Prisma client, one per process (kept across Next.js dev hot reloads). */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";

export type Db = PrismaClient;

const holder = globalThis as unknown as { mailpostureDb?: PrismaClient };

export function createDb(databaseUrl: string, max = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max }) });
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
