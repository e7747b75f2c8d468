/**
 * The per-scan budget (docs/budgets.md) against real loopback servers: a domain with 500 MX
 * records and an MX host with 500 A records is scanned in bounded work, and each limit, when hit,
 * shows in the report. Connections are counted where they arrive: on the test SMTP server.
 */
import { freePortOn } from "../../helpers/free-port";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SCAN_LIMITS, type ScanLimits } from "@/lib/scan/budget";
import { createScanDeps } from "@/lib/scan/default-deps";
import { loadTrustAnchors } from "@/lib/scan/net/trust-store";
import { validateReport } from "@/lib/scan/report-schema";
import { scanDomain } from "@/lib/scan/scan-domain";
import type { ScanReport } from "@/lib/scan/types";
import { startDnsServer, type DnsServer, type Zone, type ZoneRecord } from "@/tests/helpers/dns-server";
import { startSmtpServer, type TestSmtpServer } from "@/tests/helpers/smtp-server";

/** 500 addresses in 127.1.0.0/16, none of them used elsewhere in the suite. */
const MANY_ADDRESSES = Array.from({ length: 500 }, (_, i) => `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`);
const SHARED = "127.0.0.2";
const pad = (i: number) => String(i).padStart(3, "0");

function bigZone(): Zone {
  const records: ZoneRecord[] = [];
  for (let i = 0; i < 500; i++) {
    records.push({ name: "@", type: "MX", data: { preference: 10 + i, exchange: `mx${pad(i)}.big.test` } });
    // mx000 (the lowest preference) has 500 addresses; every other host shares one.
    if (i > 0) records.push({ name: `mx${pad(i)}`, type: "A", data: SHARED });
  }
  for (const address of MANY_ADDRESSES) records.push({ name: "mx000", type: "A", data: address });
  records.push({ name: "@", type: "TXT", data: "v=spf1 mx -all" });
  return { origin: "big.test", dnssec: "unsigned", records };
}

/** Small domains, one per limit; their MX hosts live on 127.0.0.2–127.0.0.4. */
function smallZones(): Zone[] {
  const mx = (domain: string, hosts: { name: string; a: string[] }[]): Zone => ({
    origin: domain,
    dnssec: "unsigned",
    records: hosts.flatMap((h, i) => [
      { name: "@", type: "MX" as const, data: { preference: 10 * (i + 1), exchange: `${h.name}.${domain}` } },
      ...h.a.map((a) => ({ name: h.name, type: "A" as const, data: a })),
    ]),
  });
  return [
    mx("hosts.test", [{ name: "mx1", a: ["127.0.0.2"] }, { name: "mx2", a: ["127.0.0.3"] }, { name: "mx3", a: ["127.0.0.4"] }]),
    mx("addresses.test", [{ name: "mx1", a: ["127.0.0.2", "127.0.0.3", "127.0.0.4"] }]),
    mx("connections.test", [{ name: "mx1", a: ["127.0.0.2"] }, { name: "mx2", a: ["127.0.0.3"] }]),
    mx("questions.test", [{ name: "mx1", a: ["127.0.0.2"] }]),
  ];
}

let dns: DnsServer;
let smtp: TestSmtpServer;
let anchors: Awaited<ReturnType<typeof loadTrustAnchors>>["anchors"];

beforeAll(async () => {
  dns = await startDnsServer({ zones: [bigZone(), ...smallZones()] });
  // One server answers on every address the zones name, so every accepted connection is counted.
  const alsoOn = ["127.0.0.3", "127.0.0.4", ...MANY_ADDRESSES];
  for (let attempt = 0; ; attempt++) {
    try {
      smtp = await startSmtpServer("no-starttls", { listen: { host: SHARED, port: await freePortOn(SHARED), alsoOn } });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt > 10) throw error;
    }
  }
  anchors = (await loadTrustAnchors({ includeDefaultRoots: false, extraCaPem: [] })).anchors;
});

afterAll(async () => {
  await smtp?.close();
  await dns?.close();
});

/** One scan as the services run it: with a caller's abort signal. Returns the report and what it cost. */
async function scan(domain: string, limits?: Partial<ScanLimits>): Promise<{ report: ScanReport; connections: number; questions: Set<string> }> {
  const before = smtp.connections;
  dns.resetLog();
  const deps = createScanDeps({ resolvers: [dns.resolver], anchors, allowPrivate: true, httpsPort: 9 });
  const caller = new AbortController();
  const report = await scanDomain(domain, deps, { allowPrivate: true, smtpPort: smtp.port, signal: caller.signal, ...(limits ? { limits } : {}) });
  await smtp.waitForIdle(5_000);
  // Distinct questions the domain cost; resolver trust (the root and TLD SOA) and the policy
  // fetcher's own client are outside the domain's budget (docs/budgets.md).
  const questions = new Set(
    dns.queries.filter((q) => q.name !== "." && q.name !== "test" && !q.name.startsWith("mta-sts.")).map((q) => `${q.type} ${q.name}`),
  );
  return { report, connections: smtp.connections - before, questions };
}

describe("a domain with 500 MX records and a host with 500 A records", () => {
  it("probes at most 10 hosts and 2 addresses per family, says so, and stays small and quiet", async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on("warning", onWarning);
    let result: Awaited<ReturnType<typeof scan>>;
    try {
      result = await scan("big.test");
      // Warnings are emitted on the next tick: let them arrive before judging.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    const { report, connections, questions } = result;

    expect(report.mx.map((m) => m.host)).toEqual(Array.from({ length: 10 }, (_, i) => `mx${pad(i)}.big.test`));
    expect(report.mx[0]!.endpoints.map((e) => e.address)).toEqual(MANY_ADDRESSES.slice(0, 2));
    // 2 addresses of mx000 plus one for each of the 9 other hosts, counted on the server.
    expect(connections).toBe(11);
    expect(connections).toBeLessThanOrEqual(20);
    const truncated = report.findings.filter((f) => f.id === "mx-truncated");
    expect(truncated).toHaveLength(1);
    expect(truncated[0]!.severity).toBe("info");
    expect(truncated[0]!.detail).toMatch(/names 500 MX hosts; the scan probed the 10 with the lowest preference and skipped 490/);
    expect(truncated[0]!.detail).toContain("mx010.big.test (preference 20)");
    expect(truncated[0]!.detail).toMatch(/mx000\.big\.test has 500 addresses \(500 IPv4, 0 IPv6\); the scan probed 2 and skipped 498/);

    // Only the probed hosts were resolved: nothing was asked about mx010 and beyond.
    expect([...questions].filter((q) => /^A mx(\d+)\.big\.test$/.test(q))).toHaveLength(10);
    expect(questions.size).toBeLessThanOrEqual(DEFAULT_SCAN_LIMITS.maxDnsQueries);
    expect(JSON.stringify(report).length).toBeLessThan(64 * 1024);
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
    expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual({ ok: true });
  }, 60_000);
});

type BudgetCase = {
  limit: keyof ScanLimits;
  domain: string;
  limits: Partial<ScanLimits>;
  check: (r: { report: ScanReport; connections: number; questions: Set<string> }) => void;
};

const CASES: BudgetCase[] = [
  {
    limit: "maxMxHosts",
    domain: "hosts.test",
    limits: { maxMxHosts: 2 },
    check: ({ report, connections }) => {
      expect(report.mx.map((m) => m.host)).toEqual(["mx1.hosts.test", "mx2.hosts.test"]);
      expect(connections).toBe(2);
      expect(report.findings.find((f) => f.id === "mx-truncated")?.detail).toMatch(/names 3 MX hosts; the scan probed the 2 .* skipped 1: mx3\.hosts\.test \(preference 30\)\./);
    },
  },
  {
    limit: "maxAddressesPerFamily",
    domain: "addresses.test",
    limits: { maxAddressesPerFamily: 1 },
    check: ({ report, connections }) => {
      expect(report.mx[0]!.endpoints.map((e) => e.address)).toEqual(["127.0.0.2"]);
      expect(connections).toBe(1);
      expect(report.findings.find((f) => f.id === "mx-truncated")?.detail).toMatch(/mx1\.addresses\.test has 3 addresses .* probed 1 and skipped 2/);
    },
  },
  {
    limit: "maxConnections",
    // The policy fetch takes the first connection, mx1 the second; mx2 is never contacted.
    domain: "connections.test",
    limits: { maxConnections: 2 },
    check: ({ report, connections }) => {
      expect(connections).toBe(1);
      expect(report.mx.map((m) => m.endpoints[0]!.starttls)).toEqual(["not-offered", "skipped"]);
      expect(report.mx[1]!.endpoints[0]!.detail).toMatch(/connection budget of 2 is used up/);
      expect(report.checks.starttls.messages).toEqual(expect.arrayContaining([expect.stringMatching(/^connection budget of 2 per scan used up: 1 connection\(s\) not opened \(mx2\.connections\.test 127\.0\.0\.3\)/)]));
      // Skipped is inconclusive: no finding claims anything about mx2.
      expect(report.findings.filter((f) => f.host === "mx2.connections.test")).toEqual([]);
    },
  },
  {
    limit: "maxDnsQueries",
    domain: "questions.test",
    limits: { maxDnsQueries: 3 },
    check: ({ report, questions }) => {
      expect(questions.size).toBeLessThanOrEqual(3);
      expect(report.checks.starttls.messages).toEqual(expect.arrayContaining([expect.stringMatching(/^DNS budget of 3 distinct questions per scan used up: \d+ question\(s\) not asked/)]));
    },
  },
];

describe("each limit, when hit, shows in the report", () => {
  it.each(CASES.map((c) => [c.limit, c] as const))("%s", async (_limit, c) => {
    const result = await scan(c.domain, c.limits);
    c.check(result);
    expect(validateReport(JSON.parse(JSON.stringify(result.report)))).toEqual({ ok: true });
  }, 30_000);

  it("the defaults are the documented ones", () => {
    expect(DEFAULT_SCAN_LIMITS).toEqual({ maxMxHosts: 10, maxAddressesPerFamily: 2, maxConnections: 50, maxDnsQueries: 200 });
  });
});
