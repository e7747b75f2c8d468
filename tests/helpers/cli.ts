/** Runs the real `mailposture` command (bin/mailposture.mjs: the CLI from its bundle) as a child process, hermetically. */
import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");

export type CliRun = { code: number | null; stdout: string; stderr: string };

/**
 * Only `env` configures the scanner: none of the caller's MAILPOSTURE_*, colour or CA settings leak
 * in. `hangGuardMs` is a safety net so a hung CLI fails the test instead of stalling the run; it is
 * not a duration assertion.
 */
export function runCli(args: string[], env: Record<string, string>, hangGuardMs = 60_000): Promise<CliRun> {
  const childEnv = { ...process.env };
  for (const key of Object.keys(childEnv)) {
    if (key.startsWith("MAILPOSTURE_") || ["FORCE_COLOR", "NO_COLOR", "NODE_EXTRA_CA_CERTS"].includes(key)) delete childEnv[key];
  }
  Object.assign(childEnv, env);
  const child = spawn(process.execPath, ["bin/mailposture.mjs", ...args], { cwd: root, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`mailposture ${args.join(" ")} did not exit:\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, hangGuardMs);
    child.on("error", (error) => {
      clearTimeout(guard);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}
