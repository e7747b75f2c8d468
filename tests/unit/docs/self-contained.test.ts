/**
 * The repository stands on its own: no file that is (or is about to be) committed points at the
 * team's private notes folder outside the checkout. Comments and docs cite `docs/` instead.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..", "..", "..");
// Built from parts so that this file does not match itself.
const FORBIDDEN = ["shared", "/"].join("");

/** Tracked files plus new files not ignored by .gitignore (node_modules, .next, .data are ignored). */
function projectFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return out.split("\0").filter((f) => f !== "" && !f.startsWith("node_modules/"));
}

describe("self-contained repository", () => {
  it(`no project file mentions "${FORBIDDEN}"`, () => {
    const files = projectFiles();
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain("docs/report-format.md");
    const hits: string[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(path.join(root, file), "utf8");
      } catch {
        continue; // listed by git but deleted in the working tree
      }
      text.split("\n").forEach((line, i) => {
        if (line.includes(FORBIDDEN)) hits.push(`${file}:${i + 1}: ${line.trim().slice(0, 120)}`);
      });
    }
    expect(hits).toEqual([]);
  });
});
