/**
 * Shared SMTP observations and politeness per destination (docs/politeness.md), against a real
 * loopback SMTP server that counts sessions and a real DNS server: scanDomain with its production
 * prober behind shareProbe, the in-memory cache and limiter.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScanDeps } from "@/lib/scan/default-deps";
import { loadTrustAnchors } from "@/lib/scan/net/trust-store";
import { createMemoryLimiter, createMemoryProbeCache, shareProbe, type ProbeSharing } from "@/lib/scan/probe-cache";
import { validateReport } from "@/lib/scan/report-schema";
import { scanDomain } from "@/lib/scan/scan-domain";
import type { ScanReport } from "@/lib/scan/types";
import type { TrustAnchors } from "@/lib/scan/x509";
import { maxArrivalsWithin, startCountingSmtpServer, type CountingSmtpServer } from "@/tests/helpers/counting-smtp-server";
import { startDnsServer, type DnsServer, type Zone } from "@/tests/helpers/dns-server";

const ADDRESSES = ["127.0.0.1", "127.0.0.2"];
const DOMAINS = Array.from({ length: 300 }, (_, i) => `d${i}.shared.test`);
/** Names that each point at 127.0.0.1 only: distinct keys, one address (the politeness tests). */
const SOLO = Array.from({ length: 14 }, (_, i) => `solo${i}.shared.test`);

let dns: DnsServer;
let anchors: TrustAnchors;

function zones(): Zone[] {
  return [
    {
      origin: "shared.test",
      dnssec: "unsigned",
      records: [
        // Both MX hosts have both addresses: 2 hosts × 2 addresses = 2 keys per address.
        ...["mx1", "mx2"].flatMap((h) => ADDRESSES.map((a) => ({ name: h, type: "A" as const, data: a }))),
        ...DOMAINS.flatMap((d) => {
          const name = d.replace(/\.shared\.test$/, "");
          return [
            { name, type: "MX" as const, data: "10 mx1.shared.test" },
            { name, type: "MX" as const, data: "20 mx2.shared.test" },
          ];
        }),
        ...SOLO.flatMap((d) => {
          const name = d.replace(/\.shared\.test$/, "");
          return [
            { name, type: "MX" as const, data: `10 mx.${name}.shared.test` },
            { name: `mx.${name}`, type: "A" as const, data: "127.0.0.1" },
          ];
        }),
      ],
    },
  ];
}

async function startServer(options: { busyFirst?: number } = {}): Promise<CountingSmtpServer> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startCountingSmtpServer({ addresses: ADDRESSES, ...options });
    } catch (error) {
      // The port chosen on the first address may be taken on the second: pick another.
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt > 10) throw error;
    }
  }
}

function scanWith(server: CountingSmtpServer, sharing: ProbeSharing) {
  return async (domain: string): Promise<ScanReport> => {
    const deps = createScanDeps({ resolvers: [dns.resolver], anchors, allowPrivate: true, httpsPort: 9 });
    deps.probe = shareProbe(deps.probe, sharing);
    return scanDomain(domain, deps, { allowPrivate: true, smtpPort: server.port, signal: new AbortController().signal });
  };
}

/** Runs `work` over `items`, `limit` at a time (as the bulk runner does; one DNS server answers all). */
async function inPool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return results;
}

beforeAll(async () => {
  dns = await startDnsServer({ zones: zones() });
  anchors = (await loadTrustAnchors({ includeDefaultRoots: false, extraCaPem: [] })).anchors;
});

afterAll(async () => {
  await dns?.close();
});

describe("shared per-MX results", () => {
  it("300 domains naming the same two MX hosts cost 2 sessions per address; a Rescan probes again", async () => {
    const server = await startServer();
    try {
      const cache = createMemoryProbeCache();
      const limiter = createMemoryLimiter({ concurrent: 8, windowMs: 60_000 });
      const scan = scanWith(server, { cache, limiter, maxAgeMs: 3_600_000 });
      const reports = await inPool(DOMAINS, 30, scan);

      // One session per (host, address, port): the host name is part of the key (it is the SNI).
      for (const address of ADDRESSES) expect(server.count(address)).toBe(2);
      expect(server.count()).toBe(4);
      const endpoints = reports.flatMap((r) => r.mx.flatMap((m) => m.endpoints));
      expect(endpoints).toHaveLength(300 * 4);
      expect(endpoints.every((e) => e.starttls === "not-offered")).toBe(true);
      // The 4 probes' own scans carry no reuse stamp; every other endpoint says from when it is.
      const fresh = endpoints.filter((e) => e.reusedFrom === undefined);
      expect(fresh).toHaveLength(4);
      const stamps = new Set(endpoints.flatMap((e) => (e.reusedFrom ? [e.reusedFrom] : [])));
      expect(stamps.size).toBeGreaterThanOrEqual(1);
      expect(stamps.size).toBeLessThanOrEqual(4);
      for (const r of reports.slice(0, 20)) expect(validateReport(r).ok).toBe(true);
      // TLSA/DANE still evaluated per domain: every report has its own DANE check.
      expect(reports.every((r) => r.checks.dane.status !== undefined)).toBe(true);

      // Within the TTL another scheduled scan reuses; a person's Rescan opens fresh sessions.
      await scan(DOMAINS[7]!);
      expect(server.count()).toBe(4);
      const rescanned = await scanWith(server, { cache, limiter, maxAgeMs: 3_600_000, refresh: true })(DOMAINS[7]!);
      expect(server.count()).toBe(8);
      expect(rescanned.mx.flatMap((m) => m.endpoints).every((e) => e.reusedFrom === undefined)).toBe(true);
      // ... and refreshes the shared result: the next scan reuses the new observation.
      const after = await scan(DOMAINS[8]!);
      expect(server.count()).toBe(8);
      const newest = after.mx.flatMap((m) => m.endpoints).map((e) => Date.parse(e.reusedFrom!));
      const first = Math.max(...[...stamps].map((s) => Date.parse(s)));
      expect(Math.min(...newest)).toBeGreaterThanOrEqual(first);
    } finally {
      await server.close();
    }
  });

  it("an observation older than the TTL is probed again", async () => {
    const server = await startServer();
    try {
      let clock = Date.parse("2026-12-07T10:00:00Z");
      const cache = createMemoryProbeCache({ now: () => new Date(clock) });
      const scan = scanWith(server, { cache, maxAgeMs: 60_000 });
      await scan(DOMAINS[0]!);
      expect(server.count()).toBe(4);
      clock += 30_000;
      await scan(DOMAINS[1]!);
      expect(server.count()).toBe(4);
      clock += 31_000;
      await scan(DOMAINS[2]!);
      expect(server.count()).toBe(8);
    } finally {
      await server.close();
    }
  });
});

describe("politeness per destination", () => {
  it("1 concurrent and 6 new sessions per window to one address, whatever the scans in flight", async () => {
    const server = await startServer();
    try {
      const windowMs = 1_000;
      const limiter = createMemoryLimiter({ concurrent: 1, perWindow: 6, windowMs });
      // No cache: every SOLO name is its own key, all on 127.0.0.1, all scanned at once.
      const scan = scanWith(server, { limiter });
      const reports = await Promise.all(SOLO.map(scan));
      expect(reports.every((r) => r.mx[0]!.endpoints[0]!.starttls === "not-offered")).toBe(true);
      expect(server.count("127.0.0.1")).toBe(SOLO.length);
      expect(server.peakConcurrent("127.0.0.1")).toBe(1);
      // Arrivals are timed by the server, a few ms after the limiter let each session start, so a
      // window shortened by that jitter must still hold at most 6 (and 14 sessions need 3 windows).
      expect(maxArrivalsWithin(server.arrivals, windowMs - 50)).toBeLessThanOrEqual(6);
      const span = server.arrivals.at(-1)!.at - server.arrivals[0]!.at;
      expect(span).toBeGreaterThanOrEqual(2 * windowMs - 100);
    } finally {
      await server.close();
    }
  });

  it("a 421 greeting backs the address off and retries; the probe then completes", async () => {
    const server = await startServer({ busyFirst: 2 });
    try {
      const limiter = createMemoryLimiter({ concurrent: 1, windowMs: 60_000 });
      const scan = scanWith(server, { limiter, backoff: { initialMs: 50, maxMs: 200, maxRetries: 3 } });
      const report = await scan(SOLO[0]!);
      expect(report.mx[0]!.endpoints[0]!.starttls).toBe("not-offered");
      expect(server.count("127.0.0.1")).toBe(3);
      // Exponential: the second wait is at least as long as the first.
      const [a, b, c] = server.arrivals.map((x) => x.at);
      expect(b! - a!).toBeGreaterThanOrEqual(45);
      expect(c! - b!).toBeGreaterThanOrEqual(95);
    } finally {
      await server.close();
    }
  });

  it("when the retries run out the endpoint is rate-limited, never 'no STARTTLS', and is not shared", async () => {
    const server = await startServer({ busyFirst: 100 });
    try {
      const cache = createMemoryProbeCache();
      const limiter = createMemoryLimiter({ concurrent: 1, windowMs: 60_000 });
      const scan = scanWith(server, { cache, limiter, backoff: { initialMs: 20, maxMs: 40, maxRetries: 2 } });
      const report = await scan(SOLO[1]!);
      const endpoint = report.mx[0]!.endpoints[0]!;
      expect(endpoint.starttls).toBe("rate-limited");
      expect(endpoint.detail).toMatch(/421/);
      expect(report.findings.map((f) => f.id)).not.toContain("starttls-not-offered");
      expect(server.count("127.0.0.1")).toBe(3);
      // A rate-limited answer is not an observation: the next scan asks again.
      await scan(SOLO[1]!);
      expect(server.count("127.0.0.1")).toBe(6);
    } finally {
      await server.close();
    }
  });
});
