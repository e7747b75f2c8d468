/**
 * `mailposture token create` without DATABASE_URL, on the embedded PostgreSQL (docs/architecture.md
 * rule 40): with nothing running it starts the server on the data directory, migrates it, and
 * stops it again; while `npm start` runs (here `--no-web`) it joins the app's server and leaves it
 * running. Both tokens are then found in that database.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { isProcessAlive } from "@/lib/db/embedded";
import { APP_DATABASE } from "@/lib/services/runtime";
import { authenticateApiToken } from "@/lib/services/api-tokens/tokens";
import { startScript, stopProcess, type Proc } from "@/tests/helpers/processes";
import { runAdminCli } from "./run-admin";

let tmp: string;
let dataDir: string;
let app: Proc | undefined;
const TOKEN_LINE = /^mp_[A-Za-z0-9_-]{43}\n$/;

const cli = (args: string[]) => runAdminCli([...args, "--data-dir", dataDir], { unset: ["DATABASE_URL"], hangGuardMs: 180_000 });

function postmaster(): { pid: number; port: number } | null {
  const file = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(file)) return null;
  const lines = fs.readFileSync(file, "utf8").split("\n");
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mailposture-cli-embedded-"));
  // Under root the server runs as `postgres`, which must be able to reach the data directory.
  fs.chmodSync(tmp, 0o755);
  dataDir = path.join(tmp, "pg");
});

afterAll(async () => {
  if (app) await stopProcess(app);
  const left = postmaster();
  if (left && isProcessAlive(left.pid)) process.kill(left.pid, "SIGQUIT");
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("mailposture token create on the embedded database", () => {
  let first: string;

  it("with nothing running: starts the server, migrates, prints the token, and stops the server", { timeout: 240_000 }, async () => {
    const run = await cli(["token", "create", "--scope", "read", "--name", "offline"]);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(TOKEN_LINE);
    first = run.stdout.trim();
    // The CLI owned the server, so it stopped it on the way out.
    const pm = postmaster();
    expect(pm === null || !isProcessAlive(pm.pid)).toBe(true);
  });

  it("while the app runs: joins its server, leaves it running, and both tokens authenticate", { timeout: 240_000 }, async () => {
    app = await startScript("start", { MAILPOSTURE_WORKER_CONCURRENCY: "1" }, /\[mailposture\] ready \(--no-web/, 180_000, { args: ["--no-web", "--data-dir", dataDir], unset: ["DATABASE_URL"] });
    const server = postmaster();
    expect(server).not.toBeNull();

    const run = await cli(["token", "create", "--scope", "write", "--name", "online"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(TOKEN_LINE);
    expect(isProcessAlive(server!.pid)).toBe(true);

    const password = fs.readFileSync(`${dataDir}.password`, "utf8").trim();
    const db = createDb(`postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${server!.port}/${APP_DATABASE}`, 1);
    try {
      await expect(authenticateApiToken(first, db)).resolves.toMatchObject({ role: "viewer", actor: { name: "offline" } });
      await expect(authenticateApiToken(run.stdout.trim(), db)).resolves.toMatchObject({ role: "editor", actor: { name: "online" } });
    } finally {
      await db.$disconnect();
    }
  });
});
