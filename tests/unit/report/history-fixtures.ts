/** Small, valid schemaVersion-1 reports for the report diff, history and trend tests. */
import type { Finding, MxHost, ScanReport, Severity } from "../../../lib/scan/types";

export const SPKI_A = "8d02536c887482bc34ff54e41d2ba659bf85b341a0a20afadb5813dcfbcf286d";
export const SPKI_B = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e9f8e";

export function finding(id: string, severity: Severity, host?: string): Finding {
  return { id, severity, title: `title of ${id}`, detail: `detail of ${id}`, fix: `fix for ${id}`, ...(host ? { host } : {}) };
}

export function mxHost(host: string, preference: number, opts: { address?: string; spki?: string; notAfter?: string; tlsa?: string[] } = {}): MxHost {
  const address = opts.address ?? "192.0.2.10";
  return {
    host,
    preference,
    implicit: false,
    dnssec: "secure",
    ...(opts.tlsa ? { tlsa: { records: opts.tlsa, dnssec: "secure" as const, usable: true } } : {}),
    endpoints: [
      {
        address,
        starttls: "ok",
        tls: { version: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384" },
        certificate: {
          subject: `CN=${host}`,
          issuer: "CN=Test CA",
          san: [host],
          notBefore: "2026-01-01T00:00:00.000Z",
          notAfter: opts.notAfter ?? "2026-12-31T00:00:00.000Z",
          spkiSha256: opts.spki ?? SPKI_A,
          keyBits: 256,
          trusted: true,
          nameMatches: true,
        },
      },
    ],
  };
}

export type ReportOptions = Partial<Omit<ScanReport, "checks">> & {
  mtaStsRecord?: string;
  policyText?: string;
  mode?: "enforce" | "testing" | "none";
  tlsRptRecord?: string;
  dmarcRecord?: string;
  dmarcPolicy?: string;
  spfRecord?: string;
  dnssec?: "secure" | "insecure" | "bogus";
  exposure?: ScanReport["exposure"];
};

export function report(o: ReportOptions = {}): ScanReport {
  const domain = o.domain ?? "example.com";
  const mode = o.mode;
  const policyText = o.policyText ?? (mode ? `version: STSv1\nmode: ${mode}\nmx: mx1.${domain}\nmax_age: 604800\n` : undefined);
  return {
    schemaVersion: 1,
    domain,
    startedAt: o.startedAt ?? "2026-11-28T12:00:00.000Z",
    durationMs: o.durationMs ?? 1800,
    grade: o.grade ?? "B",
    score: o.score ?? 84,
    scannerVersion: o.scannerVersion ?? "0.3.0",
    rulesetVersion: o.rulesetVersion ?? 1,
    exposure: o.exposure ?? { verdict: "partial", sentence: "Partially protected.", hosts: [] },
    mx: o.mx ?? [mxHost(`mx1.${domain}`, 10)],
    checks: {
      mtaSts: {
        status: mode ? (mode === "enforce" ? "pass" : "warn") : "missing",
        ...(o.mtaStsRecord ? { record: o.mtaStsRecord } : {}),
        ...(mode ? { policy: { version: "STSv1", mode, maxAge: 604800, mx: [`mx1.${domain}`] } } : {}),
        // As the scanner writes it: a served enforce policy that lists the one MX, which passes TLS.
        ...(mode ? { countsAsProtection: mode === "enforce", coverage: [{ host: `mx1.${domain}`, matched: true, tlsOk: true }] } : {}),
        ...(policyText !== undefined ? { policyText } : {}),
      },
      tlsRpt: { status: o.tlsRptRecord ? "pass" : "missing", ...(o.tlsRptRecord ? { record: o.tlsRptRecord } : {}) },
      starttls: { status: "pass" },
      dane: { status: "pass", dnssec: o.dnssec ?? "secure" },
      dmarc: { status: o.dmarcRecord ? "pass" : "missing", ...(o.dmarcRecord ? { record: o.dmarcRecord, policy: o.dmarcPolicy ?? "reject" } : {}) },
      spf: { status: o.spfRecord ? "pass" : "missing", ...(o.spfRecord ? { record: o.spfRecord } : {}) },
    },
    findings: o.findings ?? [],
  };
}
