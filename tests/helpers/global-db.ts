/**
 * Vitest globalSetup for the integration project: one PostgreSQL for the whole run (the embedded
 * one, or the server at TEST_DATABASE_URL), a fresh database migrated from prisma/migrations, and
 * its URL handed to tests through inject("databaseUrl"). Tests own their rows; nothing is wiped.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../lib/db/embedded";
import { prepareDatabase } from "../../lib/queue/schema";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated database owned by this test run. */
    databaseUrl: string;
    /** The same server's `postgres` database, for tests that create databases of their own. */
    adminDatabaseUrl: string;
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  let server: EmbeddedPostgres | undefined;
  let tmp: string | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mailposture-testdb-"));
    fs.chmodSync(tmp, 0o755);
    server = await startEmbeddedPostgres({ dataDir: path.join(tmp, "pg") });
    adminUrl = server.url;
  }
  const name = `mp_test_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const databaseUrl = withDatabase(adminUrl, name);
  await prepareDatabase(databaseUrl);
  project.provide("databaseUrl", databaseUrl);
  project.provide("adminDatabaseUrl", adminUrl);

  return async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
    await server?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  };
}
