/**
 * An installation from before accounts upgrades in place: its database, at the last migration
 * without accounts and holding a domain with a finished scan, takes the new migrations, and the
 * first account created afterwards owns the workspace those domains live in.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../../lib/db/client";
import { prepareDatabase } from "../../../lib/queue/schema";
import { createAccount } from "../../../lib/services/auth/accounts";
import { createAuth } from "../../../lib/services/auth/create-auth";
import { listUserWorkspaces } from "../../../lib/services/workspaces";

const repoRoot = path.resolve(import.meta.dirname, "..", "..", "..");
const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
/** The last migration of the schema without accounts. */
const BEFORE_ACCOUNTS = "20261207110000_probe_cache_and_dedupe";

const adminUrl = inject("adminDatabaseUrl");
const dbName = `mp_upgrade_${randomBytes(5).toString("hex")}`;
const databaseUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
let dir = "";
let db: Db | undefined;

async function sql<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** `prisma migrate deploy` over a copy of the migrations up to BEFORE_ACCOUNTS (the old release). */
function deployOldRelease(): Promise<string> {
  const migrations = path.join(dir, "migrations");
  fs.mkdirSync(migrations);
  for (const name of fs.readdirSync(path.join(repoRoot, "prisma", "migrations"))) {
    const from = path.join(repoRoot, "prisma", "migrations", name);
    if (fs.statSync(from).isDirectory() ? name <= BEFORE_ACCOUNTS : true) fs.cpSync(from, path.join(migrations, name), { recursive: true });
  }
  fs.copyFileSync(path.join(repoRoot, "prisma", "schema.prisma"), path.join(dir, "schema.prisma"));
  fs.writeFileSync(
    path.join(dir, "prisma.config.ts"),
    `process.env.PRISMA_SCHEMA_ENGINE_BINARY = ${JSON.stringify(path.join(repoRoot, "scripts", "schema-engine.mjs"))};\n` +
      'export default { schema: "schema.prisma", migrations: { path: "migrations" }, datasource: { url: process.env.DATABASE_URL } };\n',
  );
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
    delete env.PRISMA_SCHEMA_ENGINE_BINARY;
    execFile(process.execPath, [prismaCli, "migrate", "deploy", "--config", path.join(dir, "prisma.config.ts")], { cwd: dir, env }, (error, stdout, stderr) =>
      error ? reject(new Error(`${stdout}\n${stderr}`)) : resolve(stdout),
    );
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mp-upgrade-"));
  await sql(adminUrl, `CREATE DATABASE "${dbName}"`);
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await sql(adminUrl, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("upgrading a database from before accounts", () => {
  it("keeps its domains and scans, and hands their workspace to the first account", async () => {
    await deployOldRelease();
    const tables = await sql<{ table_name: string }>(databaseUrl, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    expect(tables.map((t) => t.table_name)).not.toContain("User");

    // What the old release wrote: its default workspace, a domain, a finished scan.
    const [ws] = await sql<{ id: string }>(databaseUrl, `INSERT INTO "Workspace" (id, slug, name) VALUES (gen_random_uuid(), 'default', 'Default workspace') RETURNING id`);
    const [domain] = await sql<{ id: string }>(databaseUrl, `INSERT INTO "Domain" (id, "workspaceId", name) VALUES (gen_random_uuid(), $1, 'legacy.example') RETURNING id`, [ws!.id]);
    await sql(databaseUrl, `INSERT INTO "Scan" (id, "domainId", status, "finishedAt", grade, score) VALUES (gen_random_uuid(), $1, 'done', now(), 'B', 80)`, [domain!.id]);

    await prepareDatabase(databaseUrl);
    const scans = await sql<{ trigger: string }>(databaseUrl, `SELECT trigger FROM "Scan"`);
    expect(scans).toEqual([{ trigger: "user" }]);
    const tags = await sql<{ tags: string[] }>(databaseUrl, `SELECT tags FROM "Domain"`);
    expect(tags).toEqual([{ tags: [] }]);

    db = createDb(databaseUrl, 2);
    const auth = createAuth({ db, secret: randomBytes(32).toString("hex"), baseURL: "http://localhost:3000", trustedOrigins: ["http://localhost:3000"] });
    const first = await createAccount(auth, db, { name: "First Owner", email: "first@example.test", password: "a long enough password" });
    const firstWorkspaces = await listUserWorkspaces(db, first.userId);
    expect(firstWorkspaces).toEqual([{ id: ws!.id, slug: "default", name: "Default workspace", role: "owner" }]);
    expect(await db.domain.count({ where: { workspaceId: firstWorkspaces[0]!.id } })).toBe(1);

    // A second account inherits nothing.
    const second = await createAccount(auth, db, { name: "Second", email: "second@example.test", password: "another long password" });
    expect(await listUserWorkspaces(db, second.userId)).toEqual([]);
  }, 180_000);
});
