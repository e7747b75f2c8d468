/**
 * The browser search and install decision of scripts/ensure-browser.ts, with the machine's facts
 * (environment, platform, which files exist, os-release, root or not) injected.
 */
import { describe, expect, it } from "vitest";
import { browserCandidates, installPlan, locateBrowser, parseOsRelease, type MachineFacts } from "@/scripts/ensure-browser";

const PLAYWRIGHT = "/home/u/.cache/ms-playwright/chromium-1/chrome-linux64/chrome";

function facts(over: { env?: Record<string, string | undefined>; platform?: NodeJS.Platform; files?: string[]; playwright?: () => string | undefined }): MachineFacts {
  const files = new Set(over.files ?? []);
  return {
    env: over.env ?? { PATH: "/usr/local/bin:/usr/bin:/bin" },
    platform: over.platform ?? "linux",
    isExecutable: (file) => files.has(file),
    playwrightChromium: over.playwright ?? (() => PLAYWRIGHT),
  };
}

const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nID=debian\n';
const UBUNTU = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID="24.04"\n';
const FEDORA = 'NAME="Fedora Linux"\nID=fedora\n';
const ALPINE = "NAME=\"Alpine Linux\"\nID=alpine\n";

describe("browserCandidates", () => {
  it("tries PATH names in order (chromium before Chrome), then fixed places, then Playwright's cache last", () => {
    const list = browserCandidates(facts({ env: { PATH: "/usr/local/bin:/usr/bin" } }));
    expect(list.slice(0, 4).map((c) => c.path)).toEqual(["/usr/local/bin/chromium", "/usr/bin/chromium", "/usr/local/bin/chromium-browser", "/usr/bin/chromium-browser"]);
    const paths = list.map((c) => c.path);
    expect(paths.indexOf("/usr/bin/google-chrome-stable")).toBeGreaterThan(paths.indexOf("/usr/bin/chromium-browser"));
    expect(paths.indexOf("/snap/bin/chromium")).toBeGreaterThan(paths.indexOf("/usr/bin/chrome"));
    expect(list.at(-1)).toEqual({ path: PLAYWRIGHT, source: "playwright" });
    expect(list.filter((c) => c.source === "playwright")).toHaveLength(1);
  });

  it("makes CHROMIUM_PATH the only candidate", () => {
    expect(browserCandidates(facts({ env: { PATH: "/usr/bin", CHROMIUM_PATH: "/opt/b/chrome" } }))).toEqual([{ path: "/opt/b/chrome", source: "CHROMIUM_PATH" }]);
  });

  it("ignores relative PATH entries and lists macOS application bundles on darwin", () => {
    const list = browserCandidates(facts({ env: { PATH: "node_modules/.bin:/usr/bin" }, platform: "darwin" }));
    expect(list.some((c) => c.path.startsWith("node_modules"))).toBe(false);
    expect(list.map((c) => c.path)).toContain("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome");
    expect(list.map((c) => c.path)).not.toContain("/snap/bin/chromium");
  });
});

describe("locateBrowser", () => {
  it("prefers the system's chromium over Google Chrome and over Playwright's cache, without asking Playwright", () => {
    const f = facts({
      files: ["/usr/bin/google-chrome", "/usr/bin/chromium", PLAYWRIGHT],
      playwright: () => {
        throw new Error("Playwright was loaded although a system browser exists");
      },
    });
    expect(locateBrowser(f).found).toEqual({ path: "/usr/bin/chromium", source: "system" });
  });

  it("falls back to Playwright's cache when no system browser exists", () => {
    expect(locateBrowser(facts({ files: [PLAYWRIGHT] })).found).toEqual({ path: PLAYWRIGHT, source: "playwright" });
  });

  it("reports nothing found when no candidate exists", () => {
    const lookup = locateBrowser(facts({ files: [] }));
    expect(lookup.found).toBeUndefined();
    expect(lookup.found === undefined && lookup.reason).toBe("no Chrome or Chromium found");
  });

  it("does not fall back when CHROMIUM_PATH names a missing file", () => {
    const lookup = locateBrowser(facts({ env: { PATH: "/usr/bin", CHROMIUM_PATH: "/opt/typo" }, files: ["/usr/bin/chromium"] }));
    expect(lookup.found).toBeUndefined();
    expect(lookup.found === undefined && lookup.reason).toBe("CHROMIUM_PATH=/opt/typo is not an executable file");
  });

  it("uses CHROMIUM_PATH when it exists", () => {
    expect(locateBrowser(facts({ env: { CHROMIUM_PATH: "/opt/b/chrome" }, files: ["/opt/b/chrome", "/usr/bin/chromium"] })).found?.path).toBe("/opt/b/chrome");
  });
});

describe("installPlan", () => {
  it("installs with apt-get on Debian and Ubuntu as root", () => {
    expect(installPlan({ platform: "linux", isRoot: true, osRelease: DEBIAN, hasAptGet: true })).toEqual({ action: "apt-get" });
    expect(installPlan({ platform: "linux", isRoot: true, osRelease: UBUNTU, hasAptGet: true })).toEqual({ action: "apt-get" });
  });

  it("tells a non-root Debian user the exact apt-get command, in one line", () => {
    const plan = installPlan({ platform: "linux", isRoot: false, osRelease: DEBIAN, hasAptGet: true });
    expect(plan).toEqual({
      action: "fail",
      message: "browser tests need Chromium (no Chrome or Chromium found): run `sudo apt-get update && sudo apt-get install -y chromium`, or set CHROMIUM_PATH to a Chrome or Chromium executable",
    });
    expect(plan.action === "fail" && plan.message).not.toContain("\n");
    expect(plan.action === "fail" && plan.message).not.toContain("playwright install");
  });

  it("names each other system's package manager, and never runs it", () => {
    const msg = (osRelease: string | undefined, platform: NodeJS.Platform = "linux") => {
      const plan = installPlan({ platform, isRoot: true, osRelease, hasAptGet: false });
      return plan.action === "fail" ? plan.message : "(installs)";
    };
    expect(msg(FEDORA)).toContain("run `sudo dnf install -y chromium`");
    expect(msg(ALPINE)).toContain("run `sudo apk add chromium`");
    expect(msg(undefined, "darwin")).toContain("run `brew install --cask chromium`");
    expect(msg('ID="gentoo"\n')).toBe("browser tests need Chromium (no Chrome or Chromium found): install Chromium or Google Chrome, or set CHROMIUM_PATH to a Chrome or Chromium executable");
    // Debian without apt-get on PATH (a stripped image): advise, do not try.
    expect(msg(DEBIAN)).toContain("sudo apt-get update && sudo apt-get install -y chromium");
  });

  it("carries the lookup's reason into the message", () => {
    const plan = installPlan({ platform: "linux", isRoot: false, osRelease: DEBIAN, hasAptGet: true }, "CHROMIUM_PATH=/x is not an executable file");
    expect(plan.action === "fail" && plan.message).toMatch(/^browser tests need Chromium \(CHROMIUM_PATH=\/x is not an executable file\): run /);
  });
});

describe("parseOsRelease", () => {
  it("unquotes values and keeps ID_LIKE", () => {
    expect(parseOsRelease(UBUNTU)).toMatchObject({ NAME: "Ubuntu", ID: "ubuntu", ID_LIKE: "debian", VERSION_ID: "24.04" });
  });
});
