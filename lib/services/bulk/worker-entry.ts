/**
 * The file each bulk-scan thread starts from.
 *
 * A thread that registers tsx itself (worker-bootstrap.mjs) gets, on Node 20, a module-loader
 * thread of its own next to it: with two scan threads that was ~70 MB of the run's resident memory
 * (measured: two threads that load the scanner take 150 MB through tsx, 80 MB from plain
 * JavaScript), for loaders that sit idle once the modules are in. So the threads start from a
 * bundle of worker.ts (lib/runtime/bundle.mjs: one JavaScript file under node_modules/.cache,
 * named by its content). When it cannot be built or written (no esbuild, a read-only tree), the
 * threads register tsx as before: slower to start and larger, same scans.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { CACHE_DIR, tryBundleEntry, type EntryCode } from "@/lib/runtime/bundle.mjs";

/** Whether the threads run the bundle, or register tsx and why. */
export type WorkerEntry = EntryCode & { url: URL };

let built: Promise<WorkerEntry> | undefined;

/** The entry for this process's threads: bundled once per process, the loader fallback otherwise. */
export function workerEntry(): Promise<WorkerEntry> {
  built ??= buildWorkerEntry(CACHE_DIR);
  return built;
}

/** Bundles worker.ts into `cacheDir` (see above); never rejects: a failure gives the loader entry and why. */
export async function buildWorkerEntry(cacheDir: string): Promise<WorkerEntry> {
  const made = await tryBundleEntry(path.join(import.meta.dirname, "worker.ts"), "bulk-worker", cacheDir);
  return made.bundled
    ? { url: pathToFileURL(made.file), bundled: true }
    : { url: new URL("./worker-bootstrap.mjs", import.meta.url), bundled: false, reason: made.reason };
}
