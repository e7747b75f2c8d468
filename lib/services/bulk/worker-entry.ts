/**
 * The file each bulk-scan thread starts from.
 *
 * The scanner is TypeScript run through tsx. A thread that registers tsx itself
 * (worker-bootstrap.mjs) gets, on Node 20, a module-loader thread of its own next to it: with two
 * scan threads that was ~70 MB of the run's resident memory (measured: two threads that load the
 * scanner take 150 MB through tsx, 80 MB from plain JavaScript), for loaders that sit idle once
 * the modules are in. So the runner has esbuild (the compiler tsx itself runs on) bundle
 * worker.ts and the project modules it imports into one JavaScript file, and starts the threads
 * from that. Packages stay `import`s, so the file is written inside the project, under
 * node_modules/.cache, where they resolve; it is named by its content, so concurrent runs share
 * it and a changed source makes a new one. When it cannot be built or written (no esbuild, a
 * read-only tree), the threads register tsx as before: slower to start and larger, same scans.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** Whether the threads run the bundle, or register tsx and why. */
export type ThreadCode = { bundled: true } | { bundled: false; reason: string };
export type WorkerEntry = ThreadCode & { url: URL };

const HERE = import.meta.dirname;
const ROOT = path.resolve(HERE, "..", "..", "..");
const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "mailposture");
/** Bundles of other source versions are removed once this old. */
const STALE_MS = 86_400_000;

let built: Promise<WorkerEntry> | undefined;

/** The entry for this process's threads: bundled once per process, the loader fallback otherwise. */
export function workerEntry(): Promise<WorkerEntry> {
  built ??= buildWorkerEntry(CACHE_DIR);
  return built;
}

/** Bundles worker.ts into `cacheDir` (see above); never rejects: a failure gives the loader entry and why. */
export async function buildWorkerEntry(cacheDir: string): Promise<WorkerEntry> {
  try {
    return { url: pathToFileURL(await bundle(cacheDir)), bundled: true };
  } catch (error) {
    return { url: new URL("./worker-bootstrap.mjs", import.meta.url), bundled: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

async function bundle(cacheDir: string): Promise<string> {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: [path.join(HERE, "worker.ts")],
    bundle: true,
    write: false,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: path.join(ROOT, "tsconfig.json"),
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.contents;
  if (!code) throw new Error("esbuild produced no output");
  const name = `bulk-worker-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.mjs`;
  const file = path.join(cacheDir, name);
  await mkdir(cacheDir, { recursive: true });
  // Written whole under a temporary name, then renamed: a thread never loads half a file.
  const partial = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(partial, code);
  await rename(partial, file);
  await removeStale(cacheDir, name);
  return file;
}

async function removeStale(cacheDir: string, keep: string): Promise<void> {
  const now = Date.now();
  for (const entry of await readdir(cacheDir).catch(() => [])) {
    if (entry === keep || !entry.startsWith("bulk-worker-")) continue;
    const file = path.join(cacheDir, entry);
    const info = await stat(file).catch(() => null);
    if (info && now - info.mtimeMs > STALE_MS) await rm(file, { force: true });
  }
}
