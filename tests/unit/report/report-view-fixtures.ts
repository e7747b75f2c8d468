/** Minimal reports for the lib/report unit tests. */
import { makeFinding, type FindingId } from "@/lib/scan/findings";
import type { Finding, ScanReport } from "@/lib/scan/types";

export function finding(id: FindingId, opts: { host?: string; severity?: Finding["severity"]; detail?: string } = {}): Finding {
  return makeFinding(id, { detail: opts.detail ?? `observed ${id}`, ...(opts.host ? { host: opts.host } : {}), ...(opts.severity ? { severity: opts.severity } : {}) });
}

export function report(overrides: Partial<ScanReport> = {}): ScanReport {
  return {
    schemaVersion: 1,
    domain: "example.com",
    startedAt: "2026-11-28T12:00:00.000Z",
    durationMs: 1834,
    grade: "A+",
    score: 100,
    scannerVersion: "0.2.0",
    rulesetVersion: 1,
    mx: [
      {
        host: "mx1.example.com",
        preference: 10,
        implicit: false,
        dnssec: "secure",
        endpoints: [{ address: "192.0.2.10", starttls: "ok", tls: { version: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384" } }],
      },
    ],
    checks: {
      mtaSts: { status: "pass" },
      tlsRpt: { status: "pass" },
      starttls: { status: "pass" },
      dane: { status: "pass", dnssec: "secure" },
      dmarc: { status: "pass", policy: "reject" },
      spf: { status: "pass" },
    },
    findings: [],
    ...overrides,
  };
}
