/**
 * Finds the Chrome/Chromium the browser tests drive, and on a Debian or Ubuntu machine run as root
 * installs Debian's `chromium` when there is none, so `npm test` works on a fresh machine without
 * manual steps. `npm test` runs it first (`npm run test:browser`: a missing browser is reported in
 * seconds, not after the integration tests), `npm run test:e2e` again before Playwright; and
 * playwright.config.ts uses `locateBrowser` to launch the same executable.
 *
 * We never download Playwright's own browser build (`npx playwright install`): the tests run in the
 * distribution's Chromium, and a browser already in Playwright's cache is only used when present.
 *
 * It also makes sure of Poppler's command-line tools, which the PDF report tests read PDFs with.
 *
 * The decisions (which paths, in which order; what to tell a person when nothing fits) are pure
 * functions of injected facts, so they are unit-tested without touching the machine.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type BrowserSource = "CHROMIUM_PATH" | "system" | "playwright";
export type BrowserCandidate = { path: string; source: BrowserSource };

/** What the search needs to know about the machine. */
export type MachineFacts = {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  /** True when `file` is an executable regular file (or a link to one). */
  isExecutable(file: string): boolean;
  /** Where Playwright's bundled Chromium would be in its cache, whether or not it was downloaded. */
  playwrightChromium(): string | undefined;
};

export type BrowserLookup = { found: BrowserCandidate; tried: BrowserCandidate[] } | { found: undefined; tried: BrowserCandidate[]; reason: string };

/** Executable names looked up on PATH, most specific first (Debian, Ubuntu/Fedora, Google's packages). */
const PATH_NAMES = ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome", "chrome"];

/** Well-known places that are often not on PATH. */
const FIXED_PATHS: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: ["/usr/lib/chromium/chromium", "/snap/bin/chromium", "/opt/google/chrome/chrome"],
  darwin: ["/Applications/Chromium.app/Contents/MacOS/Chromium", "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"],
};

/**
 * Candidates in the order they are tried: an explicit CHROMIUM_PATH is the only one (a person who
 * names a browser must not silently get another), else the system's browsers, then Playwright's cache.
 */
export function browserCandidates(facts: MachineFacts): BrowserCandidate[] {
  const explicit = facts.env.CHROMIUM_PATH?.trim();
  if (explicit) return [{ path: explicit, source: "CHROMIUM_PATH" }];
  const out: BrowserCandidate[] = [];
  const seen = new Set<string>();
  const add = (file: string, source: BrowserSource) => {
    if (!seen.has(file)) {
      seen.add(file);
      out.push({ path: file, source });
    }
  };
  const dirs = (facts.env.PATH ?? "").split(path.delimiter).filter((d) => path.isAbsolute(d));
  for (const name of PATH_NAMES) for (const dir of dirs) add(path.join(dir, name), "system");
  for (const file of FIXED_PATHS[facts.platform] ?? []) add(file, "system");
  const cached = facts.playwrightChromium();
  if (cached) add(cached, "playwright");
  return out;
}

export function locateBrowser(facts: MachineFacts = realFacts()): BrowserLookup {
  // Asking Playwright where its cache is means loading it; a system browser usually makes that moot.
  const systemOnly = browserCandidates({ ...facts, playwrightChromium: () => undefined });
  const system = systemOnly.find((c) => facts.isExecutable(c.path));
  if (system) return { found: system, tried: systemOnly };
  const tried = browserCandidates(facts);
  const found = tried.find((c) => facts.isExecutable(c.path));
  if (found) return { found, tried };
  const explicit = tried[0]?.source === "CHROMIUM_PATH";
  return { found: undefined, tried, reason: explicit ? `CHROMIUM_PATH=${tried[0]!.path} is not an executable file` : "no Chrome or Chromium found" };
}

/** Parses /etc/os-release into its fields (values unquoted). */
export function parseOsRelease(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) fields[m[1]!] = m[2]!.replace(/^(["'])(.*)\1$/, "$2");
  }
  return fields;
}

export type InstallFacts = { platform: NodeJS.Platform; isRoot: boolean; osRelease: string | undefined; hasAptGet: boolean };
export type InstallPlan = { action: "apt-get" } | { action: "fail"; message: string };

/** The distribution family from os-release: its ID and the IDs it is "like". */
function distroIds(osRelease: string | undefined): string[] {
  if (!osRelease) return [];
  const f = parseOsRelease(osRelease);
  return [f.ID ?? "", ...(f.ID_LIKE ?? "").split(/\s+/)].filter(Boolean).map((s) => s.toLowerCase());
}

/**
 * Whether we install the browser ourselves (Debian or Ubuntu, as root, with apt-get), and otherwise
 * the one line that tells a person exactly what to run.
 */
export function installPlan(facts: InstallFacts, reason = "no Chrome or Chromium found"): InstallPlan {
  const ids = facts.platform === "linux" ? distroIds(facts.osRelease) : [];
  const debianLike = ids.includes("debian") || ids.includes("ubuntu");
  if (debianLike && facts.isRoot && facts.hasAptGet) return { action: "apt-get" };
  const override = "or set CHROMIUM_PATH to a Chrome or Chromium executable";
  let command: string | undefined;
  if (debianLike) command = "sudo apt-get update && sudo apt-get install -y chromium";
  else if (ids.some((id) => ["fedora", "rhel", "centos"].includes(id))) command = "sudo dnf install -y chromium";
  else if (ids.includes("arch")) command = "sudo pacman -S chromium";
  else if (ids.includes("alpine")) command = "sudo apk add chromium";
  else if (ids.some((id) => id.startsWith("opensuse") || id === "suse")) command = "sudo zypper install chromium";
  else if (facts.platform === "darwin") command = "brew install --cask chromium";
  const message = command
    ? `browser tests need Chromium (${reason}): run \`${command}\`, ${override}`
    : `browser tests need Chromium (${reason}): install Chromium or Google Chrome, ${override}`;
  return { action: "fail", message };
}

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function playwrightCachePath(): string | undefined {
  try {
    // Playwright reports where its download would be; the search only uses it when it exists.
    const core = createRequire(import.meta.url)("playwright-core") as { chromium: { executablePath(): string } };
    return core.chromium.executablePath() || undefined;
  } catch {
    return undefined;
  }
}

export function realFacts(): MachineFacts {
  return { env: process.env, platform: process.platform, isExecutable: isExecutableFile, playwrightChromium: playwrightCachePath };
}

export function machineInstallFacts(): InstallFacts {
  let osRelease: string | undefined;
  try {
    osRelease = fs.readFileSync("/etc/os-release", "utf8");
  } catch {
    osRelease = undefined;
  }
  const hasAptGet = spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;
  return { platform: process.platform, isRoot: process.getuid?.() === 0, osRelease, hasAptGet };
}

/** Runs apt-get with its (long) output kept back, shown only when it fails. */
function aptGet(args: string[]): void {
  const result = spawnSync("apt-get", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`.split("\n").slice(-30).join("\n") + "\n");
    throw new Error(`\`apt-get ${args.join(" ")}\` failed (exit ${result.status ?? result.signal}); run it by hand or set CHROMIUM_PATH`);
  }
}

/**
 * Returns the browser to use, installing Debian's chromium first when that is possible; throws an
 * Error whose message is the one line to show otherwise. Prints nothing when a browser is present.
 */
export function ensureBrowser(log: (line: string) => void = (l) => console.log(`[browser] ${l}`)): BrowserCandidate {
  const lookup = locateBrowser();
  if (lookup.found) return lookup.found;
  const plan = installPlan(machineInstallFacts(), lookup.reason);
  // An explicit CHROMIUM_PATH that is wrong is a typo to fix, not a reason to install another browser.
  if (plan.action === "fail" || lookup.tried[0]?.source === "CHROMIUM_PATH") {
    throw new Error(plan.action === "fail" ? plan.message : `${lookup.reason}: fix or unset it`);
  }
  log("no Chrome or Chromium found: installing Debian's chromium (apt-get update, apt-get install chromium)…");
  aptGet(["update", "-qq"]);
  aptGet(["install", "-y", "-qq", "--no-install-recommends", "chromium"]);
  const after = locateBrowser();
  if (!after.found) throw new Error(`apt-get installed chromium but ${after.reason}; set CHROMIUM_PATH to its executable`);
  log(`installed ${after.found.path}`);
  return after.found;
}

/** True when `name` is an executable on PATH. */
function onPath(name: string): boolean {
  return (process.env.PATH ?? "").split(path.delimiter).some((dir) => path.isAbsolute(dir) && isExecutableFile(path.join(dir, name)));
}

/**
 * The PDF report tests read their output back with Poppler (pdfinfo, pdftotext, pdftoppm: Debian's
 * `poppler-utils`). Installed the same way as the browser, under the same conditions.
 */
export function ensurePdfTools(log: (line: string) => void = (l) => console.log(`[pdf-tools] ${l}`)): void {
  const tools = ["pdfinfo", "pdftotext", "pdftoppm"];
  if (tools.every(onPath)) return;
  const plan = installPlan(machineInstallFacts(), "no pdfinfo/pdftotext found");
  if (plan.action === "fail") throw new Error("PDF tests need Poppler's pdfinfo and pdftotext: install the package poppler-utils (Debian/Ubuntu: `sudo apt-get install -y poppler-utils`)");
  log("pdfinfo/pdftotext missing: installing Debian's poppler-utils (apt-get update, apt-get install poppler-utils)…");
  aptGet(["update", "-qq"]);
  aptGet(["install", "-y", "-qq", "--no-install-recommends", "poppler-utils"]);
  if (!tools.every(onPath)) throw new Error("apt-get installed poppler-utils but pdfinfo/pdftotext are still not on PATH");
  log("installed poppler-utils");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureBrowser();
    ensurePdfTools();
  } catch (err) {
    console.error(`[browser] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
