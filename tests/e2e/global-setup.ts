/**
 * Starts what the browser tests need: a PostgreSQL of their own (embedded in a temp dir, or a new
 * database on TEST_DATABASE_URL's server), a mail lab on loopback, and the real app through
 * `scripts/start.ts` (which builds it when needed) with its in-process worker.
 *
 * The lab lives in this (the runner's) process; tests change a zone between two scans through a
 * control endpoint on loopback: POST {E2E_LAB_CONTROL}/variants {"drift":"after"} (domains.ts).
 */
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { installPlan, locateBrowser, machineInstallFacts } from "../../scripts/ensure-browser";
import { createDb } from "../../lib/db/client";
import { systemScope } from "../../lib/services/access/scope";
import { createApiToken } from "../../lib/services/api-tokens/tokens";
import { getDefaultWorkspace } from "../../lib/services/workspaces";
import { startLab, type Lab } from "../helpers/lab";
import { startScript, stopProcess } from "../helpers/processes";
import { e2eZones, E2E_MX, E2E_MX_HOSTS, E2E_POLICIES, INITIAL_VARIANTS, type Variants } from "./domains";

const SETUP_LINK = /http:\/\/localhost:\d+\/setup\/setup_[A-Za-z0-9_-]{43}/;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** The control endpoint: switches zone variants of the lab (loopback only, test runs only). */
async function startLabControl(lab: Lab): Promise<{ url: string; close(): Promise<void> }> {
  const variants: Variants = { ...INITIAL_VARIANTS };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/variants") return void res.writeHead(404).end();
      try {
        const change = JSON.parse(body) as Partial<Variants>;
        for (const [key, value] of Object.entries(change)) {
          if (!(key in variants) || (value !== "before" && value !== "after")) throw new Error(`unknown variant ${key}=${String(value)}`);
          variants[key as keyof Variants] = value;
        }
        lab.setZones(e2eZones(variants));
        res.writeHead(204).end();
      } catch (err) {
        res.writeHead(400, { "Content-Type": "text/plain" }).end(err instanceof Error ? err.message : String(err));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Fails fast, before anything starts, when there is no browser (`npx playwright test` run directly). */
function requireBrowser(): void {
  const lookup = locateBrowser();
  if (lookup.found) return;
  const plan = installPlan(machineInstallFacts(), lookup.reason);
  throw new Error(plan.action === "fail" ? plan.message : `${lookup.reason}: run \`npm run test:e2e\`, which installs Debian's chromium`);
}

export default async function globalSetup() {
  requireBrowser();
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

  // Everything started so far is stopped again if a later step fails (a broken build must not
  // leave a PostgreSQL or a lab running behind the failed run).
  const cleanups: (() => Promise<unknown>)[] = [
    async () => {
      await embedded?.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
    async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.end();
    },
  ];
  const teardown = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => console.error("[e2e teardown]", err));
  };
  try {
    const lab = await startLab({ mxHost: E2E_MX, mxHosts: E2E_MX_HOSTS, policies: E2E_POLICIES, zones: e2eZones(INITIAL_VARIANTS) });
    cleanups.push(() => lab.close());
    const control = await startLabControl(lab);
    cleanups.push(() => control.close());
    const port = await freePort();
    // The first start builds the app: minutes on a busy machine.
    // HOST and MAILPOSTURE_URL stay at their defaults whatever the runner's environment says: the
    // app listens on 127.0.0.1 and answers to http://localhost:PORT (hardening.spec.ts checks both).
    // Ready once it prints the first-run setup link (no account exists in a new database): the
    // browser signs up the first owner through it (auth.setup.ts).
    // The browser tests add and rescan far more than a person would in a minute: quotas up.
    // Tests also rescan a domain seconds after its last scan and expect a new one.
    const quotas = { MAILPOSTURE_SCAN_QUOTA_PER_MINUTE: "5000", MAILPOSTURE_SCAN_QUOTA_PER_DAY: "100000", MAILPOSTURE_RESCAN_REUSE_SECONDS: "0" };
    // Tests that queue scans through the services directly (foundation.spec.ts) run in this
    // process tree and read the same limits.
    Object.assign(process.env, quotas);
    const app = await startScript("start", { ...lab.env, ...quotas, DATABASE_URL: databaseUrl, PORT: String(port) }, SETUP_LINK, 600_000, {
      unset: ["HOST", "MAILPOSTURE_URL", "MAILPOSTURE_SECRET", "MAILPOSTURE_OIDC_ISSUER"],
    });
    cleanups.push(() => stopProcess(app));
    const setupUrl = SETUP_LINK.exec(app.output())![0];

    // The JSON API needs a bearer token: one write token of the workspace the owner will take over.
    const db = createDb(databaseUrl, 1);
    try {
      const workspace = await getDefaultWorkspace(db);
      const created = await createApiToken(systemScope(workspace.id, { kind: "cli", name: "e2e" }), { name: "e2e", scope: "write" }, db);
      process.env.E2E_API_TOKEN = created.token;
    } finally {
      await db.$disconnect();
    }
    process.env.E2E_SETUP_URL = setupUrl;

    process.env.E2E_BASE_URL = `http://localhost:${port}`;
    process.env.E2E_DATABASE_URL = databaseUrl;
    process.env.E2E_LAB_ENV = JSON.stringify(lab.env);
    process.env.E2E_LAB_CONTROL = control.url;
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}
