/** Child processes of the real entry points (workers, the app), for tests that need several. */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");

export type Proc = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

export type ScriptOptions = {
  /** Command-line arguments after the script. */
  args?: string[];
  /** Its own process group (leader = the script), as a shell's foreground job is: `process.kill(-pid, sig)` signals it all. */
  detached?: boolean;
  /** Variables of this process's environment the script must not inherit. */
  unset?: string[];
};

/** Starts `scripts/<script>.ts` and resolves once a line matching `ready` appears on its output. */
export async function startScript(script: string, env: Record<string, string>, ready: RegExp, timeoutMs = 60_000, opts: ScriptOptions = {}): Promise<Proc> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const name of opts.unset ?? []) delete childEnv[name];
  // One process (no tsx CLI wrapper in between), so a signal reaches the program itself.
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", `${script}.ts`), ...(opts.args ?? [])], {
    cwd: root,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: opts.detached ?? false,
  });
  let out = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not ready in time: stop it (it also stops any database it started) rather than leave it running.
      child.kill("SIGTERM");
      reject(new Error(`${script} not ready after ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready:\n${out}`));
    });
  });
  return { child, output: () => out, exited };
}

export function startWorkerProcess(env: Record<string, string>): Promise<Proc> {
  return startScript("worker", env, /\[worker\] pid \d+ running/);
}

/** SIGTERM, then SIGKILL if it does not exit within `graceMs`. */
export async function stopProcess(p: Proc, graceMs = 10_000): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill("SIGTERM");
  const timer = setTimeout(() => p.child.kill("SIGKILL"), graceMs);
  await p.exited;
  clearTimeout(timer);
}
