/**
 * lib/runtime/bundle.mjs: a TypeScript entry bundled into content-named JavaScript files, modules
 * imported on demand kept in chunks of their own, and `import.meta` of each project module still
 * that of its source file (the CLI finds its migrations and its thread code relative to itself).
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleEntry, CACHE_DIR, entryCode } from "@/lib/runtime/bundle.mjs";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
let dir: string;
let src: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "mailposture-bundle-"));
  src = path.join(dir, "src");
  await mkdir(path.join(src, "deep"), { recursive: true });
  await writeFile(
    path.join(src, "entry.ts"),
    [
      'import { depth } from "./deep/helper";',
      "export const here: string = import.meta.dirname;",
      "export const self: string = import.meta.url;",
      "export const file: string = import.meta.filename;",
      "export const helperDepth = depth;",
      'export const later = () => import("./later");',
    ].join("\n"),
  );
  await writeFile(path.join(src, "deep", "helper.ts"), 'export const depth: string = new URL("..", import.meta.url).href;\n');
  await writeFile(path.join(src, "later.ts"), 'import { createHash } from "node:crypto";\nexport const where: string = import.meta.filename;\nexport const digest = createHash("sha256").update("x").digest("hex").slice(0, 8);\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("bundleEntry", () => {
  it("keeps each module's import.meta that of its source file, and an on-demand import in a chunk of its own", async () => {
    const cache = path.join(dir, "cache");
    const file = await bundleEntry(path.join(src, "entry.ts"), "fixture", cache);
    expect(path.dirname(file)).toBe(cache);
    expect(path.basename(file)).toMatch(/^fixture-[0-9A-Z]{8}\.mjs$/);
    const names = await readdir(cache);
    expect(names.filter((n) => /^fixture-chunk-[0-9A-Z]{8}\.mjs$/.test(n))).toHaveLength(1);
    // The module loaded on demand is not in the entry file: a command that never calls it never loads it.
    expect(await readFile(file, "utf8")).not.toContain("node:crypto");

    const mod = (await import(pathToFileURL(file).href)) as {
      here: string;
      self: string;
      file: string;
      helperDepth: string;
      later: () => Promise<{ where: string; digest: string }>;
    };
    expect(mod.here).toBe(src);
    expect(mod.self).toBe(pathToFileURL(path.join(src, "entry.ts")).href);
    expect(mod.file).toBe(path.join(src, "entry.ts"));
    // A module in another folder gets its own values, not the entry's.
    expect(mod.helperDepth).toBe(pathToFileURL(src).href + "/");
    const later = await mod.later();
    expect(later.where).toBe(path.join(src, "later.ts"));
    expect(later.digest).toMatch(/^[0-9a-f]{8}$/);
  });

  it("keeps import.meta of project JavaScript modules too (this module, inside the CLI's bundle, finds the checkout)", async () => {
    const entry = path.join(src, "uses-runtime.ts");
    await writeFile(entry, `export { CACHE_DIR } from ${JSON.stringify(path.join(ROOT, "lib", "runtime", "bundle.mjs"))};\n`);
    const file = await bundleEntry(entry, "runtime", path.join(dir, "runtime"));
    const mod = (await import(pathToFileURL(file).href)) as { CACHE_DIR: string };
    expect(mod.CACHE_DIR).toBe(CACHE_DIR);
    expect(CACHE_DIR).toBe(path.join(ROOT, "node_modules", ".cache", "mailposture"));
  });

  it("names files by content: the same sources give the same files, a changed source a new entry", async () => {
    const cache = path.join(dir, "names");
    const first = await bundleEntry(path.join(src, "entry.ts"), "fixture", cache);
    const again = await bundleEntry(path.join(src, "entry.ts"), "fixture", cache);
    expect(again).toBe(first);
    await writeFile(path.join(src, "deep", "helper.ts"), 'export const depth: string = "changed";\n');
    const changed = await bundleEntry(path.join(src, "entry.ts"), "fixture", cache);
    expect(changed).not.toBe(first);
    // The other run's files are a day from stale: both versions are there.
    expect((await readdir(cache)).filter((n) => !n.includes("-chunk-")).sort()).toEqual([path.basename(first), path.basename(changed)].sort());
  });

  it("rejects when the entry cannot be bundled, so the caller can fall back", async () => {
    await expect(bundleEntry(path.join(src, "missing.ts"), "fixture", path.join(dir, "none"))).rejects.toThrow();
  });
});

describe("entryCode", () => {
  it("is null in a process not started through runEntry", () => {
    expect(entryCode()).toBeNull();
  });
});
