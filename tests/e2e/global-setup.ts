/**
 * Starts what the browser tests need: a PostgreSQL of their own (embedded in a temp dir, or a new
 * database on TEST_DATABASE_URL's server), a mail lab on loopback, and the real app through
 * `scripts/start.ts` (which builds it when needed) with its in-process worker.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { labDomainZone, startLab } from "../helpers/lab";
import { startScript, stopProcess } from "../helpers/processes";
import { E2E_BULK, E2E_DOMAINS, E2E_MX } from "./domains";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mailposture-e2e-"));
  fs.chmodSync(tmp, 0o755);
  const embedded = process.env.TEST_DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: path.join(tmp, "pg") });
  const adminUrl = process.env.TEST_DATABASE_URL ?? embedded!.url;
  const dbName = `mp_e2e_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();

  const lab = await startLab({ mxHost: E2E_MX, zones: [...Object.values(E2E_DOMAINS), ...E2E_BULK].map((d) => labDomainZone(d, E2E_MX)) });
  const port = await freePort();
  const app = await startScript("start", { ...lab.env, DATABASE_URL: databaseUrl, PORT: String(port) }, /serving on http/, 300_000);

  process.env.E2E_BASE_URL = `http://localhost:${port}`;
  process.env.E2E_DATABASE_URL = databaseUrl;
  process.env.E2E_LAB_ENV = JSON.stringify(lab.env);

  return async () => {
    await stopProcess(app);
    await lab.close();
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await c.end();
    await embedded?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
}
