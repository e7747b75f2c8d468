/**
 * The bulk runner's thread code (lib/services/bulk/worker-entry.ts): worker.ts and the project
 * modules it imports bundled into one JavaScript file, named by its content, so threads start
 * without a TypeScript loader each; and the loader entry, with the reason, when that fails.
 */
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkerEntry, workerEntry } from "@/lib/services/bulk/worker-entry";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "mailposture-worker-entry-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("buildWorkerEntry", () => {
  it("writes one JavaScript file that imports packages and Node built-ins only", async () => {
    const cache = path.join(dir, "cache");
    const entry = await buildWorkerEntry(cache);
    expect(entry).toMatchObject({ bundled: true });
    const file = fileURLToPath(entry.url);
    expect(path.dirname(file)).toBe(cache);
    expect(path.basename(file)).toMatch(/^bulk-worker-[0-9A-Z]{8}\.mjs$/);
    const code = readFileSync(file, "utf8");
    const specifiers = [...code.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]!);
    expect(specifiers.length).toBeGreaterThan(0);
    // No TypeScript and no project path left to load: every import is node:* or a package.
    expect(specifiers.filter((s) => s.startsWith(".") || s.startsWith("/") || s.startsWith("@/") || s.endsWith(".ts"))).toEqual([]);
    expect(specifiers).toContain("node:worker_threads");
    // The scanner itself is inside (its DNS client's code, for one).
    expect(code).toContain("parentPort");
  });

  it("names the file by its content: a second build reuses it, and an old bundle of other sources is removed", async () => {
    const cache = path.join(dir, "reuse");
    await mkdir(cache, { recursive: true });
    const old = path.join(cache, "bulk-worker-0000000000000000.mjs");
    const recent = path.join(cache, "bulk-worker-1111111111111111.mjs");
    const unrelated = path.join(cache, "other-tool.json");
    for (const file of [old, recent, unrelated]) await writeFile(file, "x");
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    await utimes(old, twoDaysAgo, twoDaysAgo);
    await utimes(unrelated, twoDaysAgo, twoDaysAgo);

    const first = await buildWorkerEntry(cache);
    const second = await buildWorkerEntry(cache);
    expect(second.url.href).toBe(first.url.href);
    const names = (await readdir(cache)).sort();
    // A run started yesterday with other sources may still be loading its file: only old ones go.
    expect(names).toEqual([path.basename(fileURLToPath(first.url)), path.basename(recent), path.basename(unrelated)].sort());
  });

  it("falls back to the loader entry, saying why, when the bundle cannot be written", async () => {
    const blocker = path.join(dir, "not-a-directory");
    await writeFile(blocker, "x");
    const entry = await buildWorkerEntry(path.join(blocker, "cache"));
    expect(entry.bundled).toBe(false);
    expect(entry.url.href).toMatch(/\/lib\/services\/bulk\/worker-bootstrap\.mjs$/);
    expect(entry.bundled === false && entry.reason).toMatch(/ENOTDIR|EEXIST/);
  });
});

describe("workerEntry", () => {
  it("bundles once per process, inside the project where the packages resolve", async () => {
    const entry = await workerEntry();
    expect(entry).toMatchObject({ bundled: true });
    expect(fileURLToPath(entry.url)).toContain(path.join("node_modules", ".cache", "mailposture", "bulk-worker-"));
    expect(await workerEntry()).toBe(entry);
  });
});
