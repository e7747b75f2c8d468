/**
 * End-to-end scans through scanDomain over real loopback sockets (DNS, SMTP/STARTTLS, HTTPS), one
 * declarative scenario per posture (tests/helpers/scenario-lab.ts). Each scenario asserts the
 * exact finding ids (with the host they concern), the severities the spec lets context decide,
 * the exposure verdict, and that the report — as built and as JSON — validates against the
 * contract (lib/scan/report-schema.ts).
 *
 * Where every catalogue id is raised (checked by the last test: a scenario id must be raised by
 * that scenario's scan, a unit file must exist and name the id):
 *
 *   id                                   raised by
 *   mx-null                              nullmx.test
 *   mx-missing                           nomx.test
 *   mx-host-unresolvable                 unresolvable.test, cname-loop.test (a CNAME loop named in the detail)
 *   mx-truncated                         many-mx.test (11 MX hosts, 10 probed)
 *   mx-unreachable                       busy.test (421 greeting), weak.test (silent server)
 *   target-private-address               private.test (MX host and policy host)
 *   starttls-not-offered                 plaintext.test
 *   starttls-failed                      weak.test
 *   starttls-injection                   injection.test (after the STARTTLS 220), pipelined.test (behind the greeting)
 *   tls-legacy-only                      weak.test
 *   cert-untrusted                       weak.test
 *   cert-name-mismatch                   dane-ee.test (info under DANE-EE)
 *   cert-expired                         expired.test (critical under enforce)
 *   cert-expiring-soon                   nomx.test (on the implicit MX), weak.test
 *   starttls-stripping-exposure          testing.test and most others
 *   starttls-stripping-partial           dane-ee.test, dane-missing.test, protected.test via a non-validating resolver
 *   mta-sts-missing                      plaintext.test
 *   mta-sts-record-invalid               bad-record.test
 *   mta-sts-policy-unavailable           policy-404.test
 *   mta-sts-policy-redirect              redirect.test
 *   mta-sts-policy-cert-invalid          policy-cert.test
 *   mta-sts-policy-invalid               policy-broken.test
 *   mta-sts-policy-content-type          html-policy.test
 *   mta-sts-policy-without-record        no-record.test
 *   mta-sts-testing                      testing.test
 *   mta-sts-mode-none                    opt-out.test
 *   mta-sts-max-age-short                opt-out.test
 *   mta-sts-mx-mismatch                  partial-policy.test (critical in enforce)
 *   mta-sts-mx-tls-invalid               expired.test (critical in enforce)
 *   tls-rpt-missing                      no-auth.test
 *   tls-rpt-invalid                      reports.test
 *   dnssec-unverifiable                  protected.test via a non-validating resolver
 *   dnssec-missing                       testing.test and the other unsigned zones
 *   dnssec-bogus                         bogus.test (domain and MX host)
 *   dane-missing                         dane-missing.test
 *   dane-tlsa-insecure                   insecure-tlsa.test
 *   dane-tlsa-unusable                   unusable-tlsa.test
 *   dane-tlsa-mismatch                   tlsa-mismatch.test
 *   dane-rollover-risk                   dane-ee.test
 *   dmarc-missing                        no-auth.test
 *   dmarc-invalid                        unit: tests/unit/scan/checks/dmarc/check.test.ts
 *   dmarc-inherited                      unit: tests/unit/scan/checks/dmarc/check.test.ts (needs an organizational domain zone)
 *   dmarc-policy-none                    nullmx.test
 *   dmarc-pct-partial                    reports.test
 *   dmarc-subdomain-weaker               reports.test
 *   dmarc-no-rua                         reports.test
 *   dmarc-rua-unauthorized               unit: tests/unit/scan/checks/dmarc/check.test.ts (needs a second organizational domain)
 *   spf-missing                          no-auth.test
 *   spf-invalid                          unit: tests/unit/scan/checks/spf/check.test.ts
 *   spf-multiple                         unit: tests/unit/scan/checks/spf/check.test.ts
 *   spf-permissive                       reports.test
 *   spf-too-many-lookups                 unit: tests/unit/scan/checks/spf/check.test.ts
 *   spf-void-lookups                     unit: tests/unit/scan/checks/spf/check.test.ts
 *   spf-softfail                         nullmx.test
 *   mta-sts-policy-changed-id-unchanged  unit: tests/unit/services/history-findings.test.ts (history; never raised by a scan)
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FINDING_IDS, makeFinding, type FindingId } from "@/lib/scan/findings";
import { validateReport } from "@/lib/scan/report-schema";
import type { CheckStatus, ScanReport, Severity } from "@/lib/scan/types";
import { LAB_SCENARIOS } from "@/tests/helpers/lab-scenarios";
import { startScenarioLab, type LabScanOptions, type Scenario, type ScenarioLab } from "@/tests/helpers/scenario-lab";

const root = path.resolve(import.meta.dirname, "..", "..", "..");

const SCENARIOS: Scenario[] = LAB_SCENARIOS;

let lab: ScenarioLab;
const scans = new Map<string, Promise<ScanReport>>();

/** One scan per domain and options, shared by the scenario's test and the coverage test. */
function scan(domain: string, options: LabScanOptions = {}): Promise<ScanReport> {
  const key = `${domain} ${JSON.stringify(options)}`;
  let report = scans.get(key);
  if (!report) {
    report = lab.scan(domain, options);
    scans.set(key, report);
  }
  return report;
}

/** "id" or "id@host", sorted: the finding multiset a scenario asserts exactly. */
const keys = (report: ScanReport): string[] => report.findings.map((f) => (f.host ? `${f.id}@${f.host}` : f.id)).sort();
const severityOf = (report: ScanReport, id: FindingId, host?: string): Severity | undefined =>
  report.findings.find((f) => f.id === id && (host === undefined || f.host === host))?.severity;
const statuses = (report: ScanReport): Record<string, CheckStatus> => Object.fromEntries(Object.entries(report.checks).map(([k, v]) => [k, v.status]));

beforeAll(async () => {
  // A silent server would hold a scan for the scanner's 30 s greeting deadline; 3 s is plenty on loopback.
  lab = await startScenarioLab(SCENARIOS, { smtpDeadlines: { greetingMs: 3_000 } });
});

afterAll(async () => {
  await lab?.close();
  // Every listener and socket of the lab (and of the scans) is gone.
  expect(process.getActiveResourcesInfo().filter((r) => /^(TCPServerWrap|TCPSocketWrap|TLSWrap|UDPWrap)$/.test(r))).toEqual([]);
});

type Expectation = {
  domain: string;
  options?: LabScanOptions;
  /** Exact finding multiset, as "id" or "id@host". */
  findings: string[];
  /** Severities the spec lets context decide (or that the scenario is about). */
  severities?: [id: FindingId, host: string | undefined, severity: Severity][];
  verdict: NonNullable<ScanReport["exposure"]>["verdict"];
  checks?: Partial<Record<keyof ScanReport["checks"], CheckStatus>>;
  more?: (report: ScanReport) => void | Promise<void>;
};

const EXPECTATIONS: Expectation[] = [
  {
    domain: "protected.test",
    findings: [],
    verdict: "protected",
    checks: { mtaSts: "pass", tlsRpt: "pass", starttls: "pass", dane: "pass", dmarc: "pass", spf: "pass" },
    more: (r) => {
      expect(r.grade).toBe("A+");
      expect(r.findings.filter((f) => f.severity === "critical" || f.severity === "high")).toEqual([]);
      const mx = r.mx[0]!;
      expect(mx).toMatchObject({ host: "mx1.protected.test", preference: 10, implicit: false, dnssec: "secure", tlsa: { dnssec: "secure", usable: true } });
      expect(mx.tlsa?.records).toHaveLength(2);
      const endpoint = mx.endpoints[0]!;
      expect(endpoint).toMatchObject({ address: lab.mx("protected.test", "mx1.protected.test").address, starttls: "ok", certificate: { trusted: true, nameMatches: true } });
      expect(["TLSv1.2", "TLSv1.3"]).toContain(endpoint.tls?.version);
      // A clean server: nothing unasked, and the evidence says so with 0.
      expect(endpoint.injectedBytes).toBe(0);
      // Both the DANE-EE and the DANE-TA record match (RFC 7672 §3.1.1, §3.1.2).
      expect(endpoint.dane).toEqual({ matches: true, matched: expect.arrayContaining(mx.tlsa!.records) });
      expect(r.checks.mtaSts.policy).toEqual({ version: "STSv1", mode: "enforce", maxAge: 604_800, mx: ["mx1.protected.test"] });
      expect(r.checks.dane.dnssec).toBe("secure");
      expect(r.checks.dmarc).toMatchObject({ policy: "reject", source: "protected.test" });
      expect(lab.policyHost("protected.test")!.server.serverNames).toContain("mta-sts.protected.test");
    },
  },
  {
    domain: "testing.test",
    findings: ["dnssec-missing", "mta-sts-testing", "starttls-stripping-exposure"],
    verdict: "exposed",
    checks: { mtaSts: "warn", starttls: "pass", dane: "missing" },
  },
  {
    domain: "plaintext.test",
    findings: ["dnssec-missing", "mta-sts-missing", "starttls-not-offered@mx1.plaintext.test", "starttls-stripping-exposure"],
    verdict: "exposed",
    checks: { starttls: "fail", mtaSts: "missing" },
    more: (r) => expect(r.mx[0]!.endpoints[0]).toMatchObject({ starttls: "not-offered" }),
  },
  {
    domain: "expired.test",
    findings: ["cert-expired@mx1.expired.test", "dnssec-missing", "mta-sts-mx-tls-invalid@mx1.expired.test", "starttls-stripping-exposure"],
    severities: [
      ["cert-expired", "mx1.expired.test", "critical"],
      ["mta-sts-mx-tls-invalid", "mx1.expired.test", "critical"],
    ],
    verdict: "exposed",
    checks: { mtaSts: "fail" },
    more: (r) => {
      expect(r.grade).toBe("F");
      // Expiry is its own finding: the chain still builds (spec "Certificate fields").
      expect(r.mx[0]!.endpoints[0]!.certificate).toMatchObject({ trusted: true, nameMatches: true });
    },
  },
  {
    domain: "dane-ee.test",
    findings: ["cert-name-mismatch@mx1.dane-ee.test", "dane-rollover-risk@mx1.dane-ee.test", "mta-sts-missing", "starttls-stripping-partial"],
    severities: [["cert-name-mismatch", "mx1.dane-ee.test", "info"]],
    verdict: "partial",
    checks: { dane: "pass", starttls: "pass" },
    more: (r) => {
      const endpoint = r.mx[0]!.endpoints[0]!;
      expect(endpoint.certificate).toMatchObject({ nameMatches: false, san: ["mail.elsewhere.test"] });
      expect(endpoint.dane).toEqual({ matches: true, matched: r.mx[0]!.tlsa!.records });
    },
  },
  {
    domain: "tlsa-mismatch.test",
    findings: ["dane-tlsa-mismatch@mx1.tlsa-mismatch.test", "mta-sts-missing", "starttls-stripping-exposure"],
    severities: [["dane-tlsa-mismatch", "mx1.tlsa-mismatch.test", "critical"]],
    verdict: "exposed",
    checks: { dane: "fail" },
    more: (r) => {
      expect(r.mx[0]!.tlsa).toMatchObject({ dnssec: "secure", usable: true });
      expect(r.mx[0]!.endpoints[0]!.dane).toEqual({ matches: false, matched: [] });
    },
  },
  {
    domain: "bogus.test",
    // Answers from a bogus zone are what validating senders never see: the policy records are
    // unknown (error), never "missing".
    findings: ["dnssec-bogus", "dnssec-bogus@mx1.bogus.test", "starttls-stripping-exposure"],
    severities: [
      ["dnssec-bogus", undefined, "critical"],
      ["dnssec-bogus", "mx1.bogus.test", "critical"],
    ],
    verdict: "exposed",
    checks: { dane: "fail", mtaSts: "error", tlsRpt: "error", dmarc: "error", spf: "error" },
    more: (r) => {
      expect(r.checks.dane.dnssec).toBe("bogus");
      expect(r.mx[0]!.dnssec).toBe("bogus");
      // The checking-disabled retry is how bogus is told from a plain failure (RFC 4035 §3.2.2).
      expect(lab.dns.count({ name: "bogus.test", type: "MX", checkingDisabled: true })).toBeGreaterThan(0);
    },
  },
  {
    domain: "protected.test",
    options: { resolver: "non-validating" },
    // Spec "Resolver trust": only dnssec-unverifiable; DANE does not count, so MTA-STS alone protects.
    findings: ["dnssec-unverifiable", "starttls-stripping-partial"],
    verdict: "partial",
    checks: { dane: "error", mtaSts: "pass", starttls: "pass" },
    more: (r) => {
      expect(r.findings.filter((f) => /^(dnssec|dane)-/.test(f.id)).map((f) => f.id)).toEqual(["dnssec-unverifiable"]);
      expect(r.checks.dane).not.toHaveProperty("dnssec");
      expect(r.mx[0]!.endpoints[0]).toMatchObject({ starttls: "ok" });
    },
  },
  {
    domain: "nullmx.test",
    // Transport-wise only mx-null: no mta-sts-missing or tls-rpt-missing although neither is published.
    findings: ["dmarc-policy-none", "mx-null", "spf-softfail"],
    verdict: "no-inbound-mail",
    checks: { starttls: "n/a", dane: "n/a", mtaSts: "n/a", tlsRpt: "n/a", dmarc: "warn" },
    more: (r) => {
      expect(r.mx).toEqual([]);
      expect(r.checks.spf).toMatchObject({ record: "v=spf1 ~all" });
      expect(lab.policyHost("nullmx.test")).toBeUndefined();
    },
  },
  {
    domain: "nomx.test",
    findings: ["cert-expiring-soon@nomx.test", "dnssec-missing", "mta-sts-missing", "mx-missing", "starttls-stripping-exposure"],
    severities: [["cert-expiring-soon", "nomx.test", "low"]],
    verdict: "exposed",
    // The implicit MX gets the same transport checks: its certificate warning counts.
    checks: { starttls: "warn" },
    more: async (r) => {
      expect(r.mx).toHaveLength(1);
      expect(r.mx[0]).toMatchObject({ host: "nomx.test", preference: 0, implicit: true });
      expect(r.mx[0]!.endpoints).toEqual([expect.objectContaining({ address: lab.mx("nomx.test", "nomx.test").address, starttls: "ok" })]);
      // The server notes the SNI when its side of the handshake completes, which may be after the
      // scan returned (the probe does not wait for the QUIT reply).
      await expect.poll(() => lab.mx("nomx.test", "nomx.test").server!.serverNames).toContain("nomx.test");
    },
  },
  {
    domain: "unresolvable.test",
    findings: ["dnssec-missing", "mta-sts-missing", "mx-host-unresolvable@mx1.unresolvable.test", "starttls-stripping-exposure"],
    verdict: "exposed",
    more: (r) => expect(r.mx[0]).toMatchObject({ host: "mx1.unresolvable.test", endpoints: [] }),
  },
  {
    domain: "cname-loop.test",
    findings: ["dnssec-missing", "mta-sts-missing", "mx-host-unresolvable@mx1.cname-loop.test", "starttls-stripping-exposure"],
    verdict: "exposed",
    checks: { starttls: "error" },
    more: (r) => {
      expect(r.mx[0]).toMatchObject({ host: "mx1.cname-loop.test", endpoints: [] });
      expect(r.findings.find((f) => f.id === "mx-host-unresolvable")!.detail).toMatch(/CNAME loop at (loop\.)?mx1\.cname-loop\.test/);
      // The area's "error" says why: the host had no address to probe, because of the loop.
      expect(r.checks.starttls.messages).toEqual([expect.stringMatching(/^mx1\.cname-loop\.test: not probed, no address to connect to: A error \(CNAME loop at /)]);
    },
  },
  {
    domain: "many-mx.test",
    findings: [
      "dnssec-missing",
      "mta-sts-missing",
      "mx-truncated",
      ...Array.from({ length: 10 }, (_, i) => `starttls-not-offered@mx${String(i + 1).padStart(2, "0")}.many-mx.test`),
      "starttls-stripping-exposure",
    ],
    severities: [["mx-truncated", undefined, "info"]],
    verdict: "exposed",
    more: (r) => {
      expect(r.mx).toHaveLength(10);
      expect(r.findings.find((f) => f.id === "mx-truncated")!.detail).toMatch(/names 11 MX hosts; the scan probed the 10 with the lowest preference and skipped 1: mx11\.many-mx\.test \(preference 110\)/);
      // The skipped host was never contacted.
      expect(lab.mx("many-mx.test", "mx11.many-mx.test").server!.connections).toBe(0);
    },
  },
  {
    domain: "injection.test",
    findings: ["dnssec-missing", "mta-sts-missing", "starttls-injection@mx1.injection.test", "starttls-stripping-exposure"],
    severities: [["starttls-injection", "mx1.injection.test", "medium"]],
    verdict: "exposed",
    checks: { starttls: "warn" },
    more: (r) => {
      // TLS completed after the plaintext was dropped; the count is the endpoint's evidence.
      expect(r.mx[0]!.endpoints[0]).toMatchObject({ starttls: "ok", injectedBytes: "250 injected\r\n".length, certificate: { trusted: true } });
    },
  },
  {
    domain: "pipelined.test",
    findings: ["dnssec-missing", "mta-sts-missing", "starttls-injection@mx1.pipelined.test", "starttls-not-offered@mx1.pipelined.test", "starttls-stripping-exposure"],
    verdict: "exposed",
    checks: { starttls: "fail" },
    more: (r) => {
      // The pipelined "250 STARTTLS" was not taken for the EHLO reply, which offers none.
      expect(r.mx[0]!.endpoints[0]).toMatchObject({ starttls: "not-offered", injectedBytes: "250 STARTTLS\r\n".length });
      expect(lab.mx("pipelined.test", "mx1.pipelined.test").server!.commands).not.toContain("STARTTLS");
    },
  },
  {
    domain: "busy.test",
    findings: ["dnssec-missing", "mta-sts-missing", "mx-unreachable@mx1.busy.test", "starttls-stripping-exposure"],
    severities: [["mx-unreachable", "mx1.busy.test", "info"]],
    verdict: "exposed",
    // Inconclusive, not a failure (spec mx-unreachable).
    checks: { starttls: "error" },
    more: (r) => {
      expect(r.mx[0]!.endpoints[0]).toMatchObject({ starttls: "rate-limited" });
      expect(lab.mx("busy.test", "mx1.busy.test").server!.connections).toBeGreaterThan(0);
    },
  },
  {
    domain: "private.test",
    options: { allowPrivate: false },
    // Both guarded targets are named; the policy host's replaces mta-sts-policy-unavailable.
    findings: ["dnssec-missing", "starttls-stripping-exposure", "target-private-address@mta-sts.private.test", "target-private-address@mx1.private.test"],
    verdict: "exposed",
    more: (r) => {
      expect(r.mx[0]!.endpoints).toEqual([expect.objectContaining({ address: lab.mx("private.test", "mx1.private.test").address, starttls: "blocked" })]);
      expect(lab.mx("private.test", "mx1.private.test").server!.connections).toBe(0);
      expect(lab.policyHost("private.test")!.server.connections).toBe(0);
    },
  },
  {
    domain: "redirect.test",
    findings: ["dnssec-missing", "mta-sts-policy-redirect", "starttls-stripping-exposure"],
    verdict: "exposed",
    checks: { mtaSts: "fail" },
    // RFC 8461 §3.3: the redirect is not followed, so exactly one request reached the policy host.
    more: () => expect(lab.policyHost("redirect.test")!.server.requests.map((q) => q.path)).toEqual(["/.well-known/mta-sts.txt"]),
  },
  {
    domain: "weak.test",
    findings: [
      "cert-expiring-soon@mx2.weak.test",
      "cert-untrusted@mx1.weak.test",
      "dnssec-missing",
      "mta-sts-missing",
      "mx-unreachable@mx5.weak.test",
      "starttls-failed@mx4.weak.test",
      "starttls-stripping-exposure",
      "tls-legacy-only@mx3.weak.test",
    ],
    severities: [
      ["cert-untrusted", "mx1.weak.test", "medium"],
      ["cert-expiring-soon", "mx2.weak.test", "low"],
    ],
    verdict: "exposed",
    checks: { starttls: "fail" },
    more: (r) => {
      expect(r.mx.map((m) => m.endpoints[0]?.starttls)).toEqual(["ok", "ok", "ok", "failed", "unreachable"]);
      expect(r.mx[2]!.endpoints[0]!.tls?.version).toBe("TLSv1");
    },
  },
  {
    domain: "partial-policy.test",
    // An enforce policy that misses an MX does not protect it: the weakest MX decides.
    findings: ["dnssec-missing", "mta-sts-mx-mismatch@mx2.partial-policy.test", "starttls-stripping-exposure"],
    severities: [["mta-sts-mx-mismatch", "mx2.partial-policy.test", "critical"]],
    verdict: "exposed",
    more: (r) => expect(r.exposure?.hosts.map((h) => [h.host, h.mtaSts])).toEqual([["mx1.partial-policy.test", true], ["mx2.partial-policy.test", false]]),
  },
  {
    domain: "html-policy.test",
    // A policy served as text/html does not count as protection (RFC 8461 §3.2).
    findings: ["dnssec-missing", "mta-sts-policy-content-type", "starttls-stripping-exposure"],
    verdict: "exposed",
  },
  {
    domain: "no-record.test",
    findings: ["dnssec-missing", "mta-sts-policy-without-record", "starttls-stripping-exposure"],
    verdict: "exposed",
  },
  {
    domain: "policy-cert.test",
    findings: ["dnssec-missing", "mta-sts-policy-cert-invalid", "starttls-stripping-exposure"],
    verdict: "exposed",
    // The certificate is judged before the request: nothing was asked of the host.
    more: () => expect(lab.policyHost("policy-cert.test")!.server.requests).toEqual([]),
  },
  {
    domain: "policy-404.test",
    findings: ["dnssec-missing", "mta-sts-policy-unavailable", "starttls-stripping-exposure"],
    verdict: "exposed",
  },
  {
    domain: "policy-broken.test",
    findings: ["dnssec-missing", "mta-sts-policy-invalid", "starttls-stripping-exposure"],
    verdict: "exposed",
  },
  {
    domain: "opt-out.test",
    findings: ["dnssec-missing", "mta-sts-max-age-short", "mta-sts-mode-none", "starttls-stripping-exposure"],
    verdict: "exposed",
  },
  {
    domain: "bad-record.test",
    // The policy itself is fine, but an invalid record means senders never look for it.
    findings: ["dnssec-missing", "mta-sts-record-invalid", "starttls-stripping-exposure"],
    verdict: "exposed",
  },
  {
    domain: "dane-missing.test",
    findings: ["dane-missing@mx1.dane-missing.test", "starttls-stripping-partial"],
    verdict: "partial",
    checks: { dane: "missing", mtaSts: "pass" },
  },
  {
    domain: "insecure-tlsa.test",
    findings: ["dane-tlsa-insecure@mx1.insecure-tlsa.test", "dnssec-missing", "mta-sts-missing", "starttls-stripping-exposure"],
    verdict: "exposed",
    // Senders ignore unsigned TLSA records (RFC 7672 §2.2), so they protect nothing; the match is
    // still shown as evidence.
    more: (r) => {
      expect(r.mx[0]!.tlsa).toMatchObject({ dnssec: "insecure", usable: false });
      expect(r.mx[0]!.endpoints[0]!.dane).toEqual({ matches: true, matched: r.mx[0]!.tlsa!.records });
    },
  },
  {
    domain: "unusable-tlsa.test",
    findings: ["dane-tlsa-unusable@mx1.unusable-tlsa.test", "starttls-stripping-partial"],
    verdict: "partial",
    checks: { dane: "warn" },
    more: (r) => expect(r.mx[0]!.tlsa).toMatchObject({ dnssec: "secure", usable: false }),
  },
  {
    domain: "reports.test",
    findings: ["dmarc-no-rua", "dmarc-pct-partial", "dmarc-subdomain-weaker", "dnssec-missing", "spf-permissive", "starttls-stripping-partial", "tls-rpt-invalid"],
    verdict: "partial",
    checks: { tlsRpt: "warn", dmarc: "warn", spf: "fail" },
  },
  {
    domain: "no-auth.test",
    findings: ["dmarc-missing", "dnssec-missing", "spf-missing", "starttls-stripping-partial", "tls-rpt-missing"],
    verdict: "partial",
    checks: { dmarc: "missing", spf: "missing", tlsRpt: "missing" },
  },
  {
    domain: "dane-unreached.test",
    findings: ["mta-sts-missing", "mx-unreachable@mx1.dane-unreached.test", "starttls-stripping-partial"],
    verdict: "partial",
    checks: { starttls: "error", dane: "error" },
    more: (r) => {
      const mx = r.mx[0]!;
      expect(mx.tlsa).toMatchObject({ dnssec: "secure", usable: true });
      expect(mx.endpoints.map((e) => e.starttls)).toEqual(["unreachable"]);
      // Nothing was compared with the records: no endpoint says it matched or not.
      expect(mx.endpoints.every((e) => e.dane === undefined)).toBe(true);
      expect(r.checks.dane.error).toBe("no connection to mx1.dane-unreached.test succeeded, so the TLSA records were not compared with a presented certificate");
      // Spec: protection is judged from what is published and valid, not from reachability — the
      // published, authenticated, usable set counts, but is never called "matching".
      const host = r.exposure!.hosts[0]!;
      expect(host.why).toContain("DANE: TLSA published but not checked (no connection)");
      expect(host.why).not.toContain("matching");
      expect(host.reasons?.[0]).toMatchObject({ path: "dane", state: "protected-unverified", broken: false });
      expect(r.findings.some((f) => f.id.startsWith("dane-"))).toBe(false);
    },
  },
];

describe("end-to-end scenarios (scanDomain over loopback DNS, SMTP and HTTPS)", () => {
  it.each(EXPECTATIONS.map((e) => [`${e.domain}${e.options ? ` ${JSON.stringify(e.options)}` : ""}`, e] as const))("%s", async (_name, e) => {
    const report = await scan(e.domain, e.options);

    expect(keys(report)).toEqual([...e.findings].sort());
    for (const [id, host, severity] of e.severities ?? []) expect(severityOf(report, id, host), `${id}@${host ?? e.domain}`).toBe(severity);
    expect(report.exposure?.verdict).toBe(e.verdict);
    if (e.checks) expect(statuses(report)).toMatchObject(e.checks);

    // The contract, on the object and on what a consumer reads.
    expect(validateReport(report)).toEqual({ ok: true });
    expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual({ ok: true });
    expect(report.domain).toBe(e.domain);
    // No finding twice for the same host: the same id on several addresses is merged.
    expect(new Set(keys(report)).size).toBe(report.findings.length);
    await e.more?.(report);
    // Everything the scan opened is closed again.
    await lab.waitForIdle();
  });
});

describe("grades order the lab's postures (docs/scoring.md)", () => {
  it("fully protected outranks MTA-STS testing only, which outranks plaintext only", async () => {
    const [full, testing, plaintext] = await Promise.all([scan("protected.test"), scan("testing.test"), scan("plaintext.test")]);
    const order = ["A+", "A", "B", "C", "D", "F"];
    expect(full.score).toBeGreaterThan(testing.score);
    expect(testing.score).toBeGreaterThan(plaintext.score);
    expect(order.indexOf(full.grade)).toBeLessThan(order.indexOf(testing.grade));
    expect(order.indexOf(testing.grade)).toBeLessThan(order.indexOf(plaintext.grade));
  });
});

describe("the report contract rejects what the spec rules out (real reports, altered)", () => {
  type Altered = { base: string; options?: LabScanOptions; alter: (r: ScanReport & Record<string, unknown>) => void; issue: RegExp };
  const finding = (id: FindingId, host?: string) => makeFinding(id, { detail: "added by the test", ...(host ? { host } : {}) });
  const cases: [string, Altered][] = [
    ["an id outside the catalogue", { base: "testing.test", alter: (r) => r.findings.push({ ...finding("mx-null"), id: "mx-nul" }), issue: /^findings\.\d+\.id: not an id of the finding catalogue/ }],
    ["a fixed severity changed", { base: "testing.test", alter: (r) => (r.findings.find((f) => f.id === "dnssec-missing")!.severity = "high"), issue: /dnssec-missing has severity medium, not high/ }],
    ["a context severity the spec does not allow", { base: "dane-ee.test", alter: (r) => (r.findings.find((f) => f.id === "cert-name-mismatch")!.severity = "low"), issue: /cert-name-mismatch has severity medium or critical or info, not low/ }],
    ["mta-sts-mx-* at info", { base: "expired.test", alter: (r) => (r.findings.find((f) => f.id === "mta-sts-mx-tls-invalid")!.severity = "info"), issue: /mta-sts-mx-tls-invalid has severity medium or critical/ }],
    ["an unknown grade", { base: "testing.test", alter: (r) => ((r as Record<string, unknown>).grade = "A-"), issue: /^grade: / }],
    ["an unknown STARTTLS state", { base: "testing.test", alter: (r) => ((r.mx[0]!.endpoints[0] as Record<string, unknown>).starttls = "maybe"), issue: /^mx\.0\.endpoints\.0\.starttls: / }],
    ["a domain that is not normalized", { base: "testing.test", alter: (r) => (r.domain = "Testing.test."), issue: /^domain: not a normalized domain/ }],
    ["a check without its status", { base: "testing.test", alter: (r) => delete (r.checks.spf as Record<string, unknown>).status, issue: /^checks\.spf\.status: / }],
    ["a missing area", { base: "testing.test", alter: (r) => delete (r.checks as Record<string, unknown>).dmarc, issue: /^checks\.dmarc: / }],
    ["a finding with an extra field", { base: "testing.test", alter: (r) => Object.assign(r.findings[0]!, { note: "x" }), issue: /^findings\.0: Unrecognized key/ }],
    ["a finding without its fix", { base: "testing.test", alter: (r) => delete (r.findings[0] as Record<string, unknown>).fix, issue: /^findings\.0\.fix: / }],
    ["an implicit MX that is not the domain at preference 0", { base: "nomx.test", alter: (r) => (r.mx[0]!.preference = 10), issue: /^mx\.0: an implicit MX has host nomx\.test and preference 0/ }],
    ["dane on an endpoint of a host without TLSA records", { base: "testing.test", alter: (r) => (r.mx[0]!.endpoints[0]!.dane = { matches: false, matched: [] }), issue: /without TLSA records has no dane field/ }],
    ["dane.matches without a matched record", { base: "tlsa-mismatch.test", alter: (r) => (r.mx[0]!.endpoints[0]!.dane = { matches: true, matched: [] }), issue: /matches is true exactly when some record matched/ }],
    ["usable TLSA records that are not authenticated", { base: "insecure-tlsa.test", alter: (r) => (r.mx[0]!.tlsa!.usable = true), issue: /usable TLSA records are DNSSEC-authenticated/ }],
    ["a dane-* finding beside dnssec-unverifiable", { base: "protected.test", options: { resolver: "non-validating" }, alter: (r) => r.findings.push(finding("dane-missing", "mx1.protected.test")), issue: /dane-missing is not raised beside dnssec-unverifiable/ }],
    ["the generic policy finding beside the redirect", { base: "redirect.test", alter: (r) => r.findings.push(finding("mta-sts-policy-unavailable")), issue: /mta-sts-policy-unavailable is not raised beside mta-sts-policy-redirect/ }],
    ["mta-sts-missing beside mta-sts-policy-without-record", { base: "no-record.test", alter: (r) => r.findings.push(finding("mta-sts-missing")), issue: /mta-sts-missing is not raised beside mta-sts-policy-without-record/ }],
    ["a DMARC policy finding without a usable record", { base: "no-auth.test", alter: (r) => r.findings.push(finding("dmarc-no-rua")), issue: /dmarc-no-rua is not raised beside dmarc-missing/ }],
    ["starttls-injection without discarded bytes as evidence", { base: "injection.test", alter: (r) => (r.mx[0]!.endpoints[0]!.injectedBytes = 0), issue: /starttls-injection needs an endpoint of mx1\.injection\.test with injectedBytes above 0/ }],
    ["mx-unreachable for an unresolvable host", { base: "unresolvable.test", alter: (r) => r.findings.push(finding("mx-unreachable", "mx1.unresolvable.test")), issue: /mx-unreachable is not raised for mx1\.unresolvable\.test/ }],
    ["malformed suggestions", { base: "testing.test", alter: (r) => (r.suggestions = { mtaStsPolicy: "mode: enforce", mtaStsRecord: "", tlsRptRecord: "", dmarcRecord: "", tlsa: ["3 1 1 abc"] }), issue: /^suggestions\.mtaStsPolicy: / }],
  ];

  it.each(cases)("%s", async (_name, c) => {
    const altered = structuredClone(await scan(c.base, c.options)) as ScanReport & Record<string, unknown>;
    c.alter(altered);
    const result = validateReport(altered);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues).toEqual(expect.arrayContaining([expect.stringMatching(c.issue)]));
  });

  it("accepts suggestions of the spec's shape", async () => {
    const report = structuredClone(await scan("testing.test"));
    report.suggestions = {
      mtaStsPolicy: "version: STSv1\nmode: testing\nmx: mx1.testing.test\nmax_age: 86400\n",
      mtaStsRecord: '_mta-sts.testing.test. IN TXT "v=STSv1; id=20261128T120000"',
      tlsRptRecord: '_smtp._tls.testing.test. IN TXT "v=TLSRPTv1; rua=mailto:tlsrpt@testing.test"',
      dmarcRecord: '_dmarc.testing.test. IN TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc@testing.test"',
      tlsa: [`_25._tcp.mx1.testing.test. IN TLSA 3 1 1 ${report.mx[0]!.endpoints[0]!.certificate!.spkiSha256}`],
    };
    expect(validateReport(report)).toEqual({ ok: true });
  });
});

describe("finding coverage table", () => {
  const header = readFileSync(import.meta.filename, "utf8").split("*/")[0]!;
  const rows = new Map(
    [...header.matchAll(/^ \* {3}([a-z0-9-]+) {2,}(.+)$/gm)].filter((m) => m[1] !== "id").map((m) => [m[1]!, m[2]!.trim()] as const),
  );

  it("names every catalogue id exactly once", () => {
    expect([...rows.keys()].sort()).toEqual([...FINDING_IDS].sort());
  });

  it("each id is raised by the scenario scans the table names, or named by the unit test file it cites", async () => {
    for (const [id, where] of rows) {
      const unit = /^unit: (\S+)/.exec(where);
      if (unit) {
        const file = path.join(root, unit[1]!);
        expect(existsSync(file), `${id}: ${unit[1]} exists`).toBe(true);
        expect(readFileSync(file, "utf8"), `${id} in ${unit[1]}`).toContain(`"${id}"`);
        continue;
      }
      const domains = [...where.matchAll(/\b([a-z0-9-]+\.test)\b/g)].map((m) => m[1]!);
      expect(domains.length, `${id}: a scenario domain`).toBeGreaterThan(0);
      for (const domain of domains) {
        const options: LabScanOptions = domain === "private.test" ? { allowPrivate: false } : /via a non-validating resolver/.test(where) && domain === "protected.test" ? { resolver: "non-validating" } : {};
        const report = await scan(domain, options);
        expect(report.findings.map((f) => f.id), `${id} raised by ${domain}`).toContain(id);
      }
    }
  });
});
