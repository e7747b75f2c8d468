/**
 * TypeScript entries run as one bundled JavaScript file (plain JavaScript, so that the `mailposture`
 * command can load it before any TypeScript loader exists).
 *
 * Why: on Node 20, tsx's loader runs module hooks in a loader thread of its own, which stays next
 * to the program once the modules are in: measured, a process that has loaded the scanner through
 * tsx holds 91 MB resident, from a bundle 53 MB; a bulk-scan thread that registers tsx costs the
 * same again. So the CLI and the bulk runner's threads start from a bundle: esbuild (the compiler
 * tsx itself runs on) puts the entry and the project modules it imports into one file; packages
 * stay `import`s, so the file is written inside the project, under node_modules/.cache, where they
 * resolve. Files are named by their content: concurrent runs share them, changed sources make new
 * ones, and files of other sources older than a day are removed.
 *
 * A bundled module no longer sits where its source does, so `import.meta.url`, `.dirname` and
 * `.filename` in the project's modules are replaced by the source file's own values: paths a
 * module finds relative to itself (migrations, the thread code, the test servers) stay right.
 */
import { mkdir, readFile, readdir, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "mailposture");
/** Bundles of other source versions are removed once this old (a run started yesterday may still load its own). */
const STALE_MS = 86_400_000;
const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

// Spelled in pieces: the plugin rewrites its own file too (it is a project module in the CLI's
// bundle), and the rewrite is textual, so written whole these strings would be replaced as well.
const META = ["import", "meta"].join(".");

/**
 * esbuild plugin: a project module's `import.meta` values are those of its source file. Textual,
 * so a string literal spelling one of them out whole would be rewritten too; none in the project
 * does (this file spells them in pieces).
 */
const sourceImportMeta = {
  name: "source-import-meta",
  setup(build) {
    // JavaScript too: this very file is a project module inside the CLI's bundle.
    build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
      if (args.path.includes(NODE_MODULES)) return undefined;
      const text = await readFile(args.path, "utf8");
      if (!text.includes(META)) return undefined;
      const contents = text
        .replaceAll(`${META}.dirname`, JSON.stringify(path.dirname(args.path)))
        .replaceAll(`${META}.filename`, JSON.stringify(args.path))
        .replaceAll(`${META}.url`, JSON.stringify(pathToFileURL(args.path).href));
      const ts = /\.[cm]?tsx?$/.test(args.path);
      return { contents, loader: args.path.endsWith("x") ? (ts ? "tsx" : "jsx") : ts ? "ts" : "js" };
    });
  },
};

/**
 * Bundles `entry` (an absolute path) into `cacheDir` and returns the entry file's path:
 * `<prefix>-<hash>.mjs`, with a `<prefix>-chunk-<hash>.mjs` for each module the program imports
 * only on demand (`await import(…)`), so a command that never takes that path never loads its
 * packages. Rejects when esbuild is missing or a file cannot be written.
 */
export async function bundleEntry(entry, prefix, cacheDir = CACHE_DIR) {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    write: false,
    outdir: cacheDir,
    // esbuild's [hash] covers a file's content and the files it imports.
    entryNames: `${prefix}-[hash]`,
    chunkNames: `${prefix}-chunk-[hash]`,
    outExtension: { ".js": ".mjs" },
    metafile: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: path.join(ROOT, "tsconfig.json"),
    logLevel: "silent",
    plugins: [sourceImportMeta],
  });
  const entryOut = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint)?.[0];
  const file = entryOut && path.resolve(cacheDir, path.basename(entryOut));
  const entryOutput = result.outputFiles.find((o) => o.path === file);
  if (!file || !entryOutput) throw new Error("esbuild produced no entry file");
  await mkdir(cacheDir, { recursive: true });
  // Chunks before the entry, so nothing ever loads an entry whose chunks are not there yet.
  for (const out of result.outputFiles) if (out !== entryOutput) await place(out.path, out.contents);
  await place(file, entryOutput.contents);
  await removeStale(cacheDir, prefix, new Set(result.outputFiles.map((o) => path.basename(o.path))));
  return file;
}

/**
 * A file whose name is its content is written once: written whole under a temporary name, then
 * renamed, so nothing loads half a file. When it is already there, its age is renewed instead, so
 * a file still in use is never stale.
 */
async function place(file, contents) {
  const now = new Date();
  try {
    await utimes(file, now, now);
    return;
  } catch {
    // Not there yet.
  }
  const partial = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(partial, contents);
  await rename(partial, file);
}

async function removeStale(cacheDir, prefix, keep) {
  const now = Date.now();
  for (const entry of await readdir(cacheDir).catch(() => [])) {
    if (keep.has(entry) || !entry.startsWith(`${prefix}-`)) continue;
    const file = path.join(cacheDir, entry);
    const info = await stat(file).catch(() => null);
    if (info && now - info.mtimeMs > STALE_MS) await rm(file, { force: true });
  }
}

const ENTRY_CODE = Symbol.for("mailposture.entryCode");

/** `bundleEntry`, or why not: `{ bundled: true, file }` or `{ bundled: false, reason }`; never rejects. */
export async function tryBundleEntry(entry, prefix, cacheDir = CACHE_DIR) {
  try {
    return { bundled: true, file: await bundleEntry(entry, prefix, cacheDir) };
  } catch (error) {
    return { bundled: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Runs `entry` (an absolute path to a TypeScript module) in this process: from its bundle, or,
 * when the bundle cannot be made, through tsx's loader (slower to start and larger, same program).
 * Which of the two ran is kept for `entryCode()`. An error of the program itself is not a reason
 * to fall back: it propagates.
 */
export async function runEntry(entry, prefix) {
  const made = await tryBundleEntry(entry, prefix);
  globalThis[ENTRY_CODE] = made.bundled ? { bundled: true } : { bundled: false, reason: made.reason };
  if (made.bundled) return import(pathToFileURL(made.file).href);
  const { register } = await import("tsx/esm/api");
  register();
  return import(pathToFileURL(entry).href);
}

/** How this process's entry runs (runEntry), or null when it was started some other way. */
export function entryCode() {
  return globalThis[ENTRY_CODE] ?? null;
}
