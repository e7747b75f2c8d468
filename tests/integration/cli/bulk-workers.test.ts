/**
 * Bulk mode over worker threads: the real CLI (bin/mailposture.mjs scan --file …) with
 * --threads 2 against a scenario lab, through the documented environment variables only. Every good
 * line gives one NDJSON report that validates, each domain exactly once; a bad line is reported on
 * stderr and skipped (exit 2); --threads 1 (in the main thread) scans the same set of domains.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateReport } from "@/lib/scan/report-schema";
import type { ScanReport } from "@/lib/scan/types";
import { runCli, type CliRun } from "@/tests/helpers/cli";
import { startScenarioLab, type Scenario, type ScenarioLab } from "@/tests/helpers/scenario-lab";

/** Safety net only: a hung CLI fails the test instead of stalling the run. Not a duration assertion. */
const HANG_GUARD_MS = 60_000;

/** Enough domains that both threads get several, with a mix of outcomes. */
const DOMAINS = Array.from({ length: 8 }, (_, i) => `bulk-${i}.test`);
const SCENARIOS: Scenario[] = DOMAINS.map((domain, i) =>
  i % 3 === 0
    ? { domain, mx: [{ host: `mx1.${domain}`, variant: "valid" }], mtaSts: { policy: { mode: "enforce" } } }
    : i % 3 === 1
      ? { domain, mx: [{ host: `mx1.${domain}`, variant: "valid" }] }
      : { domain, mx: [{ host: `mx1.${domain}`, variant: "no-starttls" }], dmarc: null },
);
const BAD_LINE = "exa mple.com";

type Run = CliRun;

let lab: ScenarioLab;
let dir: string;
let file: string;

const cli = (args: string[]) => runCli(args, lab.env, HANG_GUARD_MS);

const lines = (text: string) => text.split("\n").filter((l) => l !== "");

function reportsOf(run: Run): ScanReport[] {
  return lines(run.stdout).map((line) => JSON.parse(line) as ScanReport);
}

beforeAll(async () => {
  lab = await startScenarioLab(SCENARIOS);
  dir = await mkdtemp(path.join(tmpdir(), "mailposture-bulk-"));
  file = path.join(dir, "domains.txt");
  // The bad line sits between good ones: it is skipped, the rest is still scanned.
  await writeFile(file, [...DOMAINS.slice(0, 3), BAD_LINE, "# a comment", ...DOMAINS.slice(3)].join("\n") + "\n");
});

afterAll(async () => {
  await lab?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("mailposture scan --file --threads", () => {
  let threaded: ScanReport[] = [];

  it("--threads 2: one valid NDJSON report per good line, each domain once, the bad line on stderr, exit 2", async () => {
    const run = await cli(["scan", "--file", file, "--json", "--threads", "2", "--concurrency", "4"]);
    expect(run.code, run.stderr).toBe(2);
    threaded = reportsOf(run);
    expect(threaded).toHaveLength(DOMAINS.length);
    for (const report of threaded) expect(validateReport(report), report.domain).toEqual({ ok: true });
    expect(threaded.map((r) => r.domain).sort()).toEqual([...DOMAINS].sort());
    // Real scans through the lab, from the worker threads: STARTTLS where the scenario offers it.
    const first = threaded.find((r) => r.domain === DOMAINS[0])!;
    expect(first.mx[0]!.endpoints[0]).toMatchObject({ starttls: "ok", certificate: { trusted: true } });
    expect(first.checks.mtaSts).toMatchObject({ policy: { mode: "enforce" } });

    const errors = lines(run.stderr).filter((l) => l.startsWith("mailposture:"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^mailposture: line 4: "exa mple\.com": .+; skipped$/);
    expect(run.stderr).not.toMatch(/internal error/);
    // Progress lines: one per domain, and the summary.
    expect(lines(run.stderr).filter((l) => /^\[\d+ done, [\d.]+ s\] bulk-\d\.test: grade /.test(l))).toHaveLength(DOMAINS.length);
    expect(run.stderr).toContain(`scanned ${DOMAINS.length} domains in`);
    expect(run.stderr).toContain("1 bad line skipped");
  });

  it("--threads 1 scans the same set of domains with the same grades", async () => {
    const run = await cli(["scan", "--file", file, "--json", "--threads", "1", "--concurrency", "4"]);
    expect(run.code, run.stderr).toBe(2);
    const single = reportsOf(run);
    for (const report of single) expect(validateReport(report), report.domain).toEqual({ ok: true });
    expect(single.map((r) => r.domain).sort()).toEqual([...DOMAINS].sort());
    const grades = (reports: ScanReport[]) => Object.fromEntries(reports.map((r) => [r.domain, r.grade]));
    expect(grades(single)).toEqual(grades(threaded));
  });

  it("rejects a bad --threads value as a usage error (exit 2)", async () => {
    const run = await cli(["scan", "--file", file, "--json", "--threads", "0"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(lines(run.stderr)).toEqual(["mailposture: --threads must be a whole number from 1 to 256"]);
  });
});
