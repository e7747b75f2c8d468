/**
 * A bulk run shares SMTP observations and per-address limits across its worker threads
 * (docs/politeness.md): runBulkScans with 2 threads, many domains naming the same two MX hosts, a
 * loopback SMTP server that counts sessions and a real DNS server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanReport } from "@/lib/scan/types";
import { runBulkScans } from "@/lib/services/bulk";
import type { ScannerSettings } from "@/lib/services/context";
import { startCountingSmtpServer, type CountingSmtpServer } from "@/tests/helpers/counting-smtp-server";
import { startDnsServer, type DnsServer } from "@/tests/helpers/dns-server";

const ADDRESSES = ["127.0.0.1", "127.0.0.2"];
const DOMAINS = Array.from({ length: 60 }, (_, i) => `b${i}.bulkshare.test`);

let dns: DnsServer;
let server: CountingSmtpServer;

beforeAll(async () => {
  dns = await startDnsServer({
    zones: [
      {
        origin: "bulkshare.test",
        dnssec: "unsigned",
        records: [
          ...["mx1", "mx2"].flatMap((h) => ADDRESSES.map((a) => ({ name: h, type: "A" as const, data: a }))),
          ...DOMAINS.flatMap((d) => {
            const name = d.replace(/\.bulkshare\.test$/, "");
            return [
              { name, type: "MX" as const, data: "10 mx1.bulkshare.test" },
              { name, type: "MX" as const, data: "20 mx2.bulkshare.test" },
            ];
          }),
        ],
      },
    ],
  });
  for (let attempt = 0; ; attempt++) {
    try {
      server = await startCountingSmtpServer({ addresses: ADDRESSES });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt > 10) throw error;
    }
  }
});

afterAll(async () => {
  await server?.close();
  await dns?.close();
});

describe("bulk runs share probes across threads", () => {
  it("2 threads, 60 domains, two shared MX hosts: one session per (host, address), at most 1 at a time per address", async () => {
    const settings: ScannerSettings = {
      resolvers: [dns.resolver],
      allowPrivate: true,
      smtpPort: server.port,
      httpsPort: 9,
      ehloName: "scanner.test.invalid",
      extraCaPem: [],
      politeness: { ttlMs: 3_600_000, perAddress: { concurrent: 1, windowMs: 60_000 } },
    };
    const reports: ScanReport[] = [];
    const errors: string[] = [];
    await runBulkScans({ domains: DOMAINS, concurrency: 12, threads: 2, settings, onReport: (r) => {
        // The text and the headline the CLI prints are the report's own.
        expect(JSON.parse(r.json)).toEqual(r.report);
        expect(r.headline.grade).toBe(r.report.grade);
        reports.push(r.report);
      }, onError: (d, m) => errors.push(`${d}: ${m}`) });
    expect(errors).toEqual([]);
    expect(reports).toHaveLength(DOMAINS.length);
    for (const address of ADDRESSES) {
      expect(server.count(address)).toBe(2);
      expect(server.peakConcurrent(address)).toBe(1);
    }
    const endpoints = reports.flatMap((r) => r.mx.flatMap((m) => m.endpoints));
    expect(endpoints).toHaveLength(DOMAINS.length * 4);
    expect(endpoints.filter((e) => e.reusedFrom === undefined)).toHaveLength(4);
    expect(endpoints.every((e) => e.starttls === "not-offered")).toBe(true);
  });
});
