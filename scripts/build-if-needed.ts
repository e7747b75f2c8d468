/**
 * Builds the Next.js app when no build exists or its sources changed since the last one, so that
 * `npm start` on a fresh clone or after a pull serves current code without a separate step.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const INPUTS = ["app", "components", "lib", "public", "next.config.ts", "proxy.ts", "postcss.config.mjs", "package-lock.json", "tsconfig.json"];
const SKIP = new Set(["node_modules", ".next", ".data", "generated"]);

function walk(p: string, out: string[]) {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return;
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(p).sort()) if (!SKIP.has(name)) walk(path.join(p, name), out);
  } else {
    out.push(`${p}:${st.size}:${st.mtimeMs}`);
  }
}

export function sourceFingerprint(root: string): string {
  const lines: string[] = [];
  for (const input of INPUTS) walk(path.join(root, input), lines);
  return createHash("sha256").update(lines.join("\n")).digest("hex");
}

export async function ensureBuild(root: string, log: (line: string) => void): Promise<void> {
  const stamp = path.join(root, ".next", "mailposture-build.txt");
  const fingerprint = sourceFingerprint(root);
  const built = fs.existsSync(path.join(root, ".next", "BUILD_ID")) && fs.readFileSync(stamp, { encoding: "utf8", flag: "a+" }) === fingerprint;
  if (built) return;
  log("building the web app (first start or sources changed; about a minute)…");
  await new Promise<void>((resolve, reject) => {
    const bin = path.join(root, "node_modules", "next", "dist", "bin", "next");
    const child = spawn(process.execPath, [bin, "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    // A stop during the build (SIGTERM to this process alone) must not leave the build running on.
    const stopBuild = () => child.kill("SIGTERM");
    process.once("exit", stopBuild);
    child.on("error", reject);
    child.on("close", (code) => {
      process.removeListener("exit", stopBuild);
      if (code === 0) resolve();
      else reject(new Error(`next build failed (exit ${code})`));
    });
  });
  fs.writeFileSync(stamp, fingerprint);
}
