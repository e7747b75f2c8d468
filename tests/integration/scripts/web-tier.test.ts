/**
 * The multi-process web tier of `npm start` (scripts/web-server.ts, startWebTier) on real OS
 * processes: a primary (tests/fixtures/web-tier/primary.ts) with stand-in web processes that answer
 * with their PID. Several processes serve one port, a process that dies is replaced, SIGTERM stops
 * them all, and processes that keep dying stop the app.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePortOn } from "../../helpers/free-port";

const primaryScript = path.resolve(import.meta.dirname, "..", "..", "fixtures", "web-tier", "primary.ts");

type Primary = { pid: number; output: () => string; exited: Promise<number | null>; kill: (sig: NodeJS.Signals) => void };
const running: Primary[] = [];

async function startPrimary(env: Record<string, string>, ready: RegExp): Promise<Primary> {
  const child = spawn(process.execPath, ["--import", "tsx", primaryScript], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const p: Primary = { pid: child.pid!, output: () => out, exited, kill: (sig) => child.kill(sig) };
  running.push(p);
  const deadline = Date.now() + 30_000;
  while (!ready.test(out)) {
    if (child.exitCode !== null) throw new Error(`primary exited early:\n${out}`);
    if (Date.now() > deadline) throw new Error(`primary not ready:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return p;
}

afterEach(async () => {
  for (const p of running.splice(0)) {
    p.kill("SIGKILL");
    await p.exited;
  }
});

/** Concurrent requests; the PIDs that answered them. */
async function pidsAnswering(port: number, n: number): Promise<number[]> {
  const bodies = await Promise.all(Array.from({ length: n }, () => fetch(`http://127.0.0.1:${port}/`).then((r) => r.text())));
  return bodies.map(Number);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("web tier", () => {
  it("serves one port from several processes, replaces one that dies, and stops them all on SIGTERM", async () => {
    const port = await freePortOn();
    const primary = await startPrimary({ TIER_PORT: String(port), TIER_COUNT: "2" }, /tier ready/);

    const first = new Set(await pidsAnswering(port, 40));
    expect(first.size, "both web processes answered").toBe(2);
    expect(first.has(primary.pid)).toBe(false);

    const [victim] = [...first];
    process.kill(victim!, "SIGKILL");
    const deadline = Date.now() + 20_000;
    while (!/starting another/.test(primary.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(primary.output()).toMatch(new RegExp(`web process ${victim} exited \\(SIGKILL\\); starting another`));

    // The replacement listens once it has said ready; until then the survivor answers alone.
    let now = new Set<number>();
    while (Date.now() < deadline) {
      now = new Set(await pidsAnswering(port, 40));
      if (now.size === 2) break;
    }
    expect(now.size, "a replacement joined the survivor").toBe(2);
    expect(now.has(victim!)).toBe(false);

    primary.kill("SIGTERM");
    expect(await primary.exited).toBe(0);
    for (const pid of now) expect(alive(pid), `web process ${pid} stopped`).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });

  it("stops the app when web processes keep dying", async () => {
    const port = await freePortOn();
    const primary = await startPrimary({ TIER_PORT: String(port), TIER_COUNT: "2", TIER_CRASH: "1" }, /tier ready/);
    expect(await primary.exited).toBe(1);
    expect(primary.output()).toMatch(/fatal: 5 web processes died within a minute/);
  });
});
