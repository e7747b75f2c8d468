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
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
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
  if (!entryOut || result.outputFiles.length === 0) throw new Error("esbuild produced no output");
  await mkdir(cacheDir, { recursive: true });
  // Chunks first, each written whole under a temporary name, then renamed: nothing ever loads half
  // a file or an entry whose chunks are not there yet. Rewriting a file of the same name and
  // content also renews its age, so a file still in use is never stale.
  const files = [...result.outputFiles].sort((a, b) => Number(a.path.endsWith(path.basename(entryOut))) - Number(b.path.endsWith(path.basename(entryOut))));
  for (const out of files) {
    const partial = `${out.path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(partial, out.contents);
    await rename(partial, out.path);
  }
  const file = path.join(cacheDir, path.basename(entryOut));
  await removeStale(cacheDir, prefix, new Set(result.outputFiles.map((o) => path.basename(o.path))));
  return file;
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

/**
 * Runs `entry` (an absolute path to a TypeScript module) in this process: from its bundle, or,
 * when the bundle cannot be made, through tsx's loader (slower to start and larger, same program).
 * Which of the two ran is kept for `entryCode()`. An error of the program itself is not a reason
 * to fall back: it propagates.
 */
export async function runEntry(entry, prefix) {
  let file;
  try {
    file = await bundleEntry(entry, prefix);
  } catch (error) {
    globalThis[ENTRY_CODE] = { bundled: false, reason: error instanceof Error ? error.message : String(error) };
    const { register } = await import("tsx/esm/api");
    register();
    return import(pathToFileURL(entry).href);
  }
  globalThis[ENTRY_CODE] = { bundled: true };
  return import(pathToFileURL(file).href);
}

/** How this process's entry runs (runEntry), or null when it was started some other way. */
export function entryCode() {
  return globalThis[ENTRY_CODE] ?? null;
}
