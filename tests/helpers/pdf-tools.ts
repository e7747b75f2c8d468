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

/** The text of each page, in order (pdftotext ends every page with a form feed). */
export function pdfPageTexts(pdf: Buffer): string[] {
  const pages = pdfText(pdf).split("\f");
  if (pages.length > 0 && pages[pages.length - 1]!.trim() === "") pages.pop();
  return pages;
}

/** Rasterises page `page` (1-based) to a PNG file at `file` (pdftoppm, 60 dpi): for looking at a page. */
export function rasterisePage(pdf: Buffer, page: number, file: string): void {
  withFile(pdf, (input) => execFileSync("pdftoppm", ["-png", "-r", "60", "-f", String(page), "-l", String(page), "-singlefile", input, file.replace(/\.png$/, "")]));
}

/** The rightmost edge any word reaches, as a share of the page width (pdftotext -bbox), over all pages. */
export function rightmostWordShare(pdf: Buffer): number {
  const html = withFile(pdf, (file) => execFileSync("pdftotext", ["-bbox", "-enc", "UTF-8", file, "-"], { encoding: "utf8", maxBuffer: 64 << 20 }));
  let share = 0;
  const pageRe = /<page width="([\d.]+)"[^>]*>([\s\S]*?)<\/page>/g;
  for (let p = pageRe.exec(html); p; p = pageRe.exec(html)) {
    const width = Number(p[1]);
    for (const w of p[2]!.matchAll(/xMax="([\d.]+)"/g)) share = Math.max(share, Number(w[1]) / width);
  }
  return share;
}
