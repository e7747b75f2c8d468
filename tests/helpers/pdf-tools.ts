/**
 * Poppler's command-line tools for tests that read a PDF back (Debian package `poppler-utils`):
 * pdfinfo for the page count, pdftotext for the text, pdftoppm to rasterise pages for a look.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Throws one clear line when a Poppler tool is missing, instead of a spawn error deep in a test. */
export function requirePoppler(): void {
  for (const tool of ["pdfinfo", "pdftotext"]) {
    const probe = spawnSync(tool, ["-v"], { stdio: "ignore" });
    if (probe.error) throw new Error(`${tool} not found: install the Debian package poppler-utils (apt-get install poppler-utils)`);
  }
}

function withFile<T>(pdf: Buffer, fn: (file: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), "mp-pdf-"));
  try {
    const file = path.join(dir, "report.pdf");
    writeFileSync(file, pdf);
    return fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The page count pdfinfo reads. */
export function pdfPageCount(pdf: Buffer): number {
  const info = withFile(pdf, (file) => execFileSync("pdfinfo", [file], { encoding: "utf8" }));
  const m = /^Pages:\s+(\d+)$/m.exec(info);
  if (!m) throw new Error(`pdfinfo printed no page count:\n${info}`);
  return Number(m[1]);
}

/** The document's text in reading order (UTF-8), pages separated by form feeds. */
export function pdfText(pdf: Buffer): string {
  return withFile(pdf, (file) => execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }));
}

/** Text with every whitespace run removed: lines wrap anywhere a sentence may break. */
export function squeeze(text: string): string {
  return text.replace(/\s+/g, "");
}
