/**
 * The offline schema engine (scripts/schema-engine.mjs) driven by the real Prisma CLI, the way
 * `prisma migrate …` runs it in development, CI and `npm start`. Everything happens in a temporary
 * directory (its own schema, migrations folder and prisma.config.ts pointing at the shim) against a
 * database this file creates and drops, so prisma/migrations and the run's database are untouched.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const repoRoot = path.resolve(import.meta.dirname, "..", "..", "..");
const shim = path.join(repoRoot, "scripts", "schema-engine.mjs");
const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");

const adminUrl = inject("adminDatabaseUrl");
const dbName = `mp_engine_${randomBytes(5).toString("hex")}`;
const databaseUrl = withDatabase(adminUrl, dbName);
let dir = "";

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

type CliResult = { code: number; output: string };

/** Runs the Prisma CLI in the temp project; output is stdout and stderr together, as a person sees it. */
function prisma(args: string[], url = databaseUrl): Promise<CliResult> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1", NO_COLOR: "1" };
    delete env.PRISMA_SCHEMA_ENGINE_BINARY; // the temp config must be what selects the shim
    execFile(process.execPath, [prismaCli, ...args, "--config", path.join(dir, "prisma.config.ts")], { cwd: dir, env }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}\n${stderr}` });
    });
  });
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

function writeSchema(models: string): void {
  fs.writeFileSync(path.join(dir, "schema.prisma"), `datasource db {\n  provider = "postgresql"\n}\n\n${models}`);
}

/** Migration directory names in order (the CLI names them <timestamp>_<name>). */
function migrationNames(): string[] {
  return fs
    .readdirSync(path.join(dir, "migrations"), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

const shadowDatabases = async () =>
  (await query<{ datname: string }>(adminUrl, "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_shadow_%'")).map((r) => r.datname);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mp-schema-engine-"));
  fs.writeFileSync(
    path.join(dir, "prisma.config.ts"),
    [
      "// Test project: the repo's offline schema engine, this directory's schema and migrations.",
      `process.env.PRISMA_SCHEMA_ENGINE_BINARY = ${JSON.stringify(shim)};`,
      'export default { schema: "schema.prisma", migrations: { path: "migrations" }, datasource: { url: process.env.DATABASE_URL } };',
      "",
    ].join("\n"),
  );
  await query(adminUrl, `CREATE DATABASE "${dbName}"`);
});

afterAll(async () => {
  await query(adminUrl, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("schema engine shim under the Prisma CLI", () => {
  it("reports the engine version the CLI was built for", async () => {
    const { code, output } = await prisma(["--version"]);
    expect(code, output).toBe(0);
    const shimHash = /Schema Engine\s*: schema-engine-cli ([0-9a-f]{40})/.exec(output)?.[1];
    const cliHash = /Default Engines Hash\s*: ([0-9a-f]{40})/.exec(output)?.[1];
    expect(shimHash).toBeDefined();
    expect(shimHash).toBe(cliHash);
  });

  it("renders a schema as SQL with migrate diff", async () => {
    writeSchema('enum Kind {\n  a\n  b\n}\n\nmodel Item {\n  id   Int    @id @default(autoincrement())\n  kind Kind   @default(a)\n  name String\n}\n');
    const { code, output } = await prisma(["migrate", "diff", "--from-empty", "--to-schema", "schema.prisma", "--script"]);
    expect(code, output).toBe(0);
    expect(output).toContain(`CREATE TYPE "Kind" AS ENUM ('a', 'b');`);
    expect(output).toContain(`CREATE TABLE "Item"`);
  });

  it("creates and applies two successive migrations, the second altering a table", async () => {
    const first = await prisma(["migrate", "dev", "--name", "init", "--create-only"]);
    expect(first.code, first.output).toBe(0);
    // A hand-written CHECK constraint: introspecting it reads pg_constraint.contype, a `"char"`,
    // which the engine needs typed as a character (PostgreSQL 18 adds such rows for NOT NULL too).
    const [init] = migrationNames();
    fs.appendFileSync(path.join(dir, "migrations", init!, "migration.sql"), `\nALTER TABLE "Item" ADD CONSTRAINT "Item_name_check" CHECK (length("name") > 0);\n`);
    const deploy1 = await prisma(["migrate", "deploy"]);
    expect(deploy1.code, deploy1.output).toBe(0);
    expect(deploy1.output).toContain("All migrations have been successfully applied");

    // Generating the second migration replays the first in a shadow database: with adapter-pg's own
    // shadow database that replay hit the real database and failed ("relation already exists").
    writeSchema('enum Kind {\n  a\n  b\n}\n\nmodel Item {\n  id   Int     @id @default(autoincrement())\n  kind Kind    @default(a)\n  name String\n  note String?\n\n  @@index([name])\n}\n');
    const second = await prisma(["migrate", "dev", "--name", "add_note", "--create-only"]);
    expect(second.code, second.output).toBe(0);
    const names = migrationNames();
    expect(names).toHaveLength(2);
    expect(names[1]).toMatch(/_add_note$/);
    const sql = fs.readFileSync(path.join(dir, "migrations", names[1]!, "migration.sql"), "utf8");
    expect(sql).toMatch(/ALTER TABLE "Item" ADD COLUMN\s+"note" TEXT;/);
    expect(sql).toContain(`CREATE INDEX "Item_name_idx" ON "Item"("name");`);

    const deploy2 = await prisma(["migrate", "deploy"]);
    expect(deploy2.code, deploy2.output).toBe(0);
    const columns = await query<{ column_name: string }>(databaseUrl, "SELECT column_name FROM information_schema.columns WHERE table_name = 'Item' ORDER BY ordinal_position");
    expect(columns.map((c) => c.column_name)).toEqual(["id", "kind", "name", "note"]);
    const applied = await query<{ migration_name: string }>(databaseUrl, "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name");
    expect(applied.map((m) => m.migration_name)).toEqual(names);
  });

  it("reports the database up to date and the migrations in sync with the schema", async () => {
    const status = await prisma(["migrate", "status"]);
    expect(status.code, status.output).toBe(0);
    expect(status.output).toContain("Database schema is up to date!");

    const drift = await prisma(["migrate", "diff", "--from-migrations", "migrations", "--to-schema", "schema.prisma", "--exit-code"]);
    expect(drift.code, drift.output).toBe(0);
    expect(await shadowDatabases()).toEqual([]);
  });

  it("surfaces a failed migration as Prisma's P3018 and rolls the migration back", async () => {
    const name = "29990101000000_broken";
    fs.mkdirSync(path.join(dir, "migrations", name));
    // A semicolon inside a string literal and a comment: the script must reach the server whole.
    fs.writeFileSync(
      path.join(dir, "migrations", name, "migration.sql"),
      `-- step one; then step two\nCREATE TABLE "Partial" ("id" INTEGER, "label" TEXT DEFAULT 'a;b');\nALTER TABLE "Missing" ADD COLUMN "x" INTEGER;\n`,
    );
    const deploy = await prisma(["migrate", "deploy"]);
    expect(deploy.code).not.toBe(0);
    expect(deploy.output).toContain("P3018");
    expect(deploy.output).toContain(`Migration name: ${name}`);
    expect(deploy.output).toContain("Database error code: 42P01");
    expect(deploy.output).toContain(`relation "Missing" does not exist`);
    // PostgreSQL ran the script as one implicit transaction, as the native engine has it do.
    expect(await query(databaseUrl, `SELECT 1 FROM information_schema.tables WHERE table_name = 'Partial'`)).toEqual([]);

    const status = await prisma(["migrate", "status"]);
    expect(status.code).not.toBe(0);
    expect(status.output).toMatch(new RegExp(`Following migration have failed:\\s+${name}`));
  });

  it("reports an unreachable database server with Prisma's P1001 message", async () => {
    const { code, output } = await prisma(["migrate", "deploy"], "postgresql://postgres@127.0.0.1:1/nowhere");
    expect(code).not.toBe(0);
    expect(output).toContain("P1001");
    expect(output).toContain("Can't reach database server at `127.0.0.1:1`");
  });
});
