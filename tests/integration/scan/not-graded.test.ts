/**
 * Scans that cannot be graded, end to end over loopback sockets (scanDomain with the lab's SMTP,
 * HTTPS and wire DNS client): a domain that does not exist (`nxdomain.test`, a validated NXDOMAIN,
 * RFC 1035 §4.1.1 RCODE 3) and a resolver that drops every packet. Both get `notGraded`, the report
 * still validates against the contract, and a domain beside them in the lab is graded as before.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDnsClient } from "@/lib/scan/net/dns";
import { validateReport } from "@/lib/scan/report-schema";
import { scanDomain } from "@/lib/scan/scan-domain";
import type { DnsClient } from "@/lib/scan/net/dns-types";
import type { ScanReport } from "@/lib/scan/types";
import { startDnsServer, type DnsServer } from "@/tests/helpers/dns-server";
import { startScenarioLab, type ScenarioLab } from "@/tests/helpers/scenario-lab";

let lab: ScenarioLab;
/** A validating resolver with a signed `test.` zone holding nothing: every name under it is NXDOMAIN, authenticated. */
let emptyTld: DnsServer;
/** A resolver that never answers, over UDP or TCP. */
let silent: DnsServer;

beforeAll(async () => {
  [lab, emptyTld, silent] = await Promise.all([
    startScenarioLab([{ domain: "graded.test", mx: [{ host: "mx1.graded.test", variant: "valid" }], mtaSts: { policy: { mode: "enforce" } } }]),
    startDnsServer({ zones: [{ origin: "test", dnssec: "signed", records: [] }] }),
    startDnsServer({ zones: [], hostile: { "*": "never-answer" } }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([lab?.close(), emptyTld?.close(), silent?.close()]);
});

/** scanDomain with the lab's prober and fetcher and the given DNS client. */
function scanWith(domain: string, dns: DnsClient): Promise<ScanReport> {
  return scanDomain(domain, { ...lab.deps(), dns }, { allowPrivate: true, smtpPort: lab.smtpPort });
}

function expectValid(report: ScanReport): void {
  expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual({ ok: true });
}

describe("not graded", () => {
  it("nxdomain.test: the domain does not exist", async () => {
    const report = await scanWith("nxdomain.test", createDnsClient({ resolvers: [emptyTld.resolver] }));
    expect(report.notGraded).toBe("the domain does not exist (NXDOMAIN)");
    expect(report.mx).toEqual([]);
    // Nothing was connected to: there is no mail server to reach.
    expect(lab.connections("nxdomain.test")).toBe(0);
    expectValid(report);
  });

  it("every packet dropped: no lookup succeeded, each failure named", async () => {
    const dns = createDnsClient({ resolvers: [silent.resolver], attemptTimeoutMs: 100, retries: 0, deadlineMs: 400 });
    const report = await scanWith("graded.test", dns);
    expect(report.notGraded).toMatch(/^no lookup for the domain succeeded: MX \(.+\), _dmarc TXT \(.+\), SPF TXT \(.+\), _mta-sts TXT \(.+\), _smtp\._tls TXT \(.+\)$/);
    expect(report.notGraded).toMatch(/no reply from 127\.0\.0\.1/);
    // Unknown is not absent (rule 8): no "missing" finding for records nobody saw.
    expect(report.findings.map((f) => f.id).filter((id) => id.endsWith("-missing"))).toEqual([]);
    expect(silent.count({ name: "graded.test", type: "MX" })).toBeGreaterThan(0);
    expectValid(report);
  });

  it("the same domain through the lab's own resolver is graded", async () => {
    const report = await lab.scan("graded.test");
    expect(report.notGraded).toBeUndefined();
    expect(report.checks.dmarc.status).toBe("pass");
    expect(report.checks.mtaSts.status).toBe("pass");
    expectValid(report);
  });
});
