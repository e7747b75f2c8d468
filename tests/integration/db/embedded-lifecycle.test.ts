/**
 * Who stops the embedded PostgreSQL. `npm start` (scripts/start.ts, here with `--no-web`: the
 * database, migrations and the in-process scan worker, without building Next.js) runs as a child
 * on a data directory of this file. The checks are on real processes: the postmaster's PID from
 * postmaster.pid, and every process whose command line names the data directory.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isProcessAlive } from "../../../lib/db/embedded";
import { startScript, type Proc } from "../../helpers/processes";

let tmp: string;
let dataDir: string;
const running: Proc[] = [];

const READY = /\[mailposture\] ready \(--no-web/;

function startApp(detached = false): Promise<Proc> {
  // Without DATABASE_URL, start.ts runs the embedded server: the code under test.
  return startScript("start", { MAILPOSTURE_WORKER_CONCURRENCY: "2" }, READY, 120_000, {
    args: ["--no-web", "--data-dir", dataDir],
    detached,
    unset: ["DATABASE_URL"],
  }).then((p) => (running.push(p), p));
}

/**
 * PIDs of live processes whose command line names our data directory: the postmaster (its backends
 * retitle themselves, and end with it).
 */
function postgresProcesses(): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (cmd.some((arg) => arg === dataDir) && isProcessAlive(Number(entry))) pids.push(Number(entry));
    } catch {
      // ended while we looked
    }
  }
  return pids;
}

function postmasterPid(): number {
  return Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
}

async function exitCode(p: Proc, timeoutMs = 60_000): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no exit within ${timeoutMs} ms:\n${p.output()}`)), timeoutMs)));
  try {
    return await Promise.race([p.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Lines a person would read as trouble. */
const errorLines = (output: string) => output.split("\n").filter((l) => /error|warn|fatal|unhandled|exception|terminating connection/i.test(l));

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mailposture-lifecycle-"));
  // Under root the server runs as `postgres`, which must be able to reach the data directory.
  fs.chmodSync(tmp, 0o755);
  dataDir = path.join(tmp, "pg");
});

afterAll(() => {
  for (const p of running) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
  // Whatever a failed test left behind: no server may outlive the run.
  for (const pid of postgresProcesses()) {
    try {
      process.kill(pid, "SIGQUIT");
    } catch {
      // gone
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("embedded PostgreSQL lifecycle under npm start", () => {
  it("stops quietly on a Ctrl-C to the whole process group, leaving no PostgreSQL", { timeout: 240_000 }, async () => {
    const app = await startApp(true);
    expect(app.output()).toMatch(/embedded PostgreSQL on 127\.0\.0\.1:\d+ \(started\)/);
    const postmaster = postmasterPid();
    expect(isProcessAlive(postmaster)).toBe(true);
    // Let the queue settle into its polling (LISTEN connection, pool) the way a running app is.
    await new Promise((r) => setTimeout(r, 1_500));

    // What a terminal does on Ctrl-C: SIGINT to every process of the foreground group.
    process.kill(-app.child.pid!, "SIGINT");
    expect(await exitCode(app)).toBe(0);
    expect(errorLines(app.output())).toEqual([]);
    expect(app.output()).toContain("SIGINT: stopping");
    expect(isProcessAlive(postmaster)).toBe(false);
    expect(postgresProcesses()).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, "postmaster.pid"))).toBe(false);
  });

  it("after the app is SIGKILLed, the next start takes the orphaned server over and its Ctrl-C stops it", { timeout: 240_000 }, async () => {
    const first = await startApp();
    const postmaster = postmasterPid();
    first.child.kill("SIGKILL");
    await exitCode(first);
    // The crash left the server running without its owner: the situation of the issue.
    expect(isProcessAlive(postmaster)).toBe(true);

    const second = await startApp(true);
    expect(second.output()).toContain(`took over PostgreSQL (pid ${postmaster})`);
    expect(second.output()).toMatch(/\(taken over from a mailposture process that ended without stopping it\)/);
    expect(postmasterPid()).toBe(postmaster);

    process.kill(-second.child.pid!, "SIGINT");
    expect(await exitCode(second)).toBe(0);
    expect(errorLines(second.output())).toEqual([]);
    expect(isProcessAlive(postmaster)).toBe(false);
    expect(postgresProcesses()).toEqual([]);
  });

  it("a second start while the first lives joins its server and leaves it running when it stops", { timeout: 240_000 }, async () => {
    const owner = await startApp();
    const postmaster = postmasterPid();
    const guest = await startApp();
    expect(guest.output()).toMatch(/\(shared with another mailposture process\)/);

    guest.child.kill("SIGINT");
    expect(await exitCode(guest)).toBe(0);
    expect(isProcessAlive(postmaster)).toBe(true);

    owner.child.kill("SIGINT");
    expect(await exitCode(owner)).toBe(0);
    expect(errorLines(owner.output())).toEqual([]);
    expect(postgresProcesses()).toEqual([]);
  });
});
