/**
 * Runs the real `mailposture` command (bin/mailposture.mjs) for the account commands, which need what
 * tests/helpers/cli.ts's runCli does not give: text on stdin (the password) and variables removed
 * from the inherited environment (DATABASE_URL, to reach the embedded database).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import type { CliRun } from "@/tests/helpers/cli";

const root = path.resolve(import.meta.dirname, "..", "..", "..");

/** `hangGuardMs` is a safety net so a hung CLI fails the test; it is not a duration assertion. */
export function runAdminCli(args: string[], opts: { env?: Record<string, string>; unset?: string[]; stdin?: string; hangGuardMs?: number } = {}): Promise<CliRun> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(childEnv)) if (key.startsWith("MAILPOSTURE_")) delete childEnv[key];
  for (const key of opts.unset ?? []) delete childEnv[key];
  Object.assign(childEnv, opts.env ?? {});
  const child = spawn(process.execPath, ["bin/mailposture.mjs", ...args], { cwd: root, env: childEnv, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
  child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  child.stdin.end(opts.stdin ?? "");
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`mailposture ${args.join(" ")} did not exit:\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.hangGuardMs ?? 60_000);
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
