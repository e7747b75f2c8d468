/**
 * The real `mailposture` command line as a child process (bin/mailposture.mjs), pointed
 * at a scenario lab through the documented environment variables only: output shapes (one JSON
 * document, readable text, NDJSON), exit statuses and one-line errors (docs/report-format.md,
 * "Command line").
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FINDING_CATALOGUE, isFindingId } from "@/lib/scan/findings";
import { validateReport } from "@/lib/scan/report-schema";
import type { ScanReport } from "@/lib/scan/types";
import { runCli } from "@/tests/helpers/cli";
import { startScenarioLab, type Scenario, type ScenarioLab } from "@/tests/helpers/scenario-lab";

/** Safety net only: a hung CLI fails the test instead of stalling the run. Not a duration assertion. */
const HANG_GUARD_MS = 50_000;

const SCENARIOS: Scenario[] = [
  {
    domain: "cli-good.test",
    dnssec: "signed",
    mx: [{ host: "mx1.cli-good.test", variant: "valid", tlsa: ["3 1 1", "2 1 1"] }],
    mtaSts: { policy: { mode: "enforce" } },
  },
  { domain: "cli-weak.test", mx: [{ host: "mx1.cli-weak.test", variant: "valid" }], mtaSts: { policy: { mode: "testing" } } },
  { domain: "cli-plain.test", mx: [{ host: "mx1.cli-plain.test", variant: "no-starttls" }], dmarc: null },
];


let lab: ScenarioLab;
let dir: string;

/** Runs the CLI with the lab's environment (plus `env`). */
const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { ...lab.env, ...env }, HANG_GUARD_MS);

const lines = (text: string) => text.split("\n").filter((l) => l !== "");
/** A stack trace has lines like "    at main (file:…)". */
const STACK_LINE = /^\s{4}at /m;

beforeAll(async () => {
  lab = await startScenarioLab(SCENARIOS);
  dir = await mkdtemp(path.join(tmpdir(), "mailposture-cli-"));
});

afterAll(async () => {
  await lab?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  // Every listener and socket of the lab is gone.
  expect(process.getActiveResourcesInfo().filter((r) => /^(TCPServerWrap|TCPSocketWrap|TLSWrap|UDPWrap)$/.test(r))).toEqual([]);
});

describe("mailposture scan <domain> --json", () => {
  it("prints exactly one JSON report that validates, nothing on stderr, exit 0", async () => {
    const run = await cli(["scan", "cli-good.test", "--json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    // JSON.parse takes exactly one document: a second one, or any other text, would throw.
    const report = JSON.parse(run.stdout) as ScanReport;
    expect(validateReport(report)).toEqual({ ok: true });
    expect(report).toMatchObject({ schemaVersion: 1, domain: "cli-good.test", grade: "A+", findings: [] });
    // It really went through the lab: DNSSEC from the resolver, the SMTP server, the policy host.
    expect(report.checks.dane).toMatchObject({ status: "pass", dnssec: "secure" });
    expect(report.mx[0]!.endpoints[0]).toMatchObject({ address: lab.mx("cli-good.test", "mx1.cli-good.test").address, starttls: "ok", certificate: { trusted: true } });
    expect(report.checks.mtaSts).toMatchObject({ status: "pass", policy: { mode: "enforce" } });
    expect(lab.mx("cli-good.test", "mx1.cli-good.test").server!.connections).toBeGreaterThan(0);
    expect(lab.policyHost("cli-good.test")!.server.connections).toBeGreaterThan(0);
  });

  it("normalizes the domain it is given (upper case, trailing dot)", async () => {
    const run = await cli(["scan", "CLI-Weak.Test.", "--json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ScanReport;
    expect(validateReport(report)).toEqual({ ok: true });
    expect(report.domain).toBe("cli-weak.test");
    expect(report.findings.map((f) => f.id).sort()).toEqual(["dnssec-missing", "mta-sts-testing", "starttls-stripping-exposure"]);
  });
});

describe("mailposture scan <domain> (readable)", () => {
  it("starts with the domain and its grade, lists every finding's title, and has no colour with NO_COLOR", async () => {
    const json = JSON.parse((await cli(["scan", "cli-weak.test", "--json"])).stdout) as ScanReport;
    const run = await cli(["scan", "cli-weak.test"], { NO_COLOR: "1" });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const first = lines(run.stdout)[0] ?? "";
    expect(first.startsWith(`cli-weak.test  Grade ${json.grade} (${json.score}/100)`), first).toBe(true);
    expect(json.findings.length).toBeGreaterThan(0);
    for (const f of json.findings) {
      expect(isFindingId(f.id)).toBe(true);
      expect(run.stdout).toContain(FINDING_CATALOGUE[f.id as keyof typeof FINDING_CATALOGUE].title);
    }
    expect(run.stdout).not.toContain("\x1b[");
  });
});

describe("mailposture scan --file", () => {
  it("scans the good lines as NDJSON (concurrency 2), reports the bad line on stderr and exits 2", async () => {
    const file = path.join(dir, "domains.txt");
    await writeFile(file, ["cli-good.test", "exa mple.com", "# a comment", "cli-weak.test", "", "cli-plain.test"].join("\n") + "\n");
    const run = await cli(["scan", "--file", file, "--json", "--concurrency", "2"]);

    expect(run.code).toBe(2);
    const out = lines(run.stdout);
    expect(out).toHaveLength(3);
    const reports = out.map((line) => JSON.parse(line) as ScanReport);
    for (const report of reports) expect(validateReport(report), report.domain).toEqual({ ok: true });
    // Completion order: any order of the three.
    expect(reports.map((r) => r.domain).sort()).toEqual(["cli-good.test", "cli-plain.test", "cli-weak.test"]);
    const plain = reports.find((r) => r.domain === "cli-plain.test")!;
    expect(plain.findings.map((f) => f.id)).toEqual(expect.arrayContaining(["starttls-not-offered", "dmarc-missing"]));

    const bad = lines(run.stderr).filter((l) => l.includes("exa mple.com"));
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(/line 2\b/);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.stderr).not.toContain("cli-good.test: internal error");
  });
});

describe("bad input: one line on stderr, no stack trace, exit 2", () => {
  it.each([
    ["a URL instead of a domain", ["scan", "http://x"], {}],
    ["a resolver that is not an address", ["scan", "cli-good.test", "--json"], { MAILPOSTURE_DNS: "not an address" }],
  ] as const)("%s", async (_name, args, env) => {
    const run = await cli([...args], env);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.stderr.startsWith("mailposture: ")).toBe(true);
  });

  it("names what was wrong", async () => {
    expect((await cli(["scan", "http://x"])).stderr).toMatch(/http:\/\/x.*not a URL/);
    expect((await cli(["scan", "cli-good.test"], { MAILPOSTURE_DNS: "not an address" })).stderr).toContain("not an address");
  });
});
