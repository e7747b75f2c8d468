/** Shared builders for the suggestion and what-if unit tests. */
import { parseDmarcRecord } from "@/lib/scan/checks/dmarc/parse-record";
import { evaluateCertificateChain } from "@/lib/scan/checks/starttls/certificate";
import type { SuggestInput, SuggestMxHost } from "@/lib/scan/suggest";
import type { Endpoint, MxHost, ScanReport } from "@/lib/scan/types";
import { createTrustAnchors } from "@/lib/scan/x509";
import type { IssuedCertificate, TestCa } from "@/tests/helpers/test-ca";

export const NOW = new Date("2026-11-28T12:00:00.000Z");

export const mxHost = (host: string, tlsOk: SuggestMxHost["tlsOk"] = true, chains: Buffer[][] = []): SuggestMxHost => ({
  host,
  tlsOk,
  ...(tlsOk === false ? { reason: "192.0.2.1: certificate untrusted" } : {}),
  chains,
});

export function input(overrides: Partial<SuggestInput> = {}): SuggestInput {
  return {
    domain: "example.com",
    now: NOW,
    mail: "accepts",
    dnsBogus: false,
    mx: [mxHost("mx1.example.com")],
    mtaSts: {},
    tlsRpt: {},
    dmarc: { inherited: false },
    spf: {},
    ...overrides,
  };
}

/** The DMARC part of the input for a record published at the domain itself. */
export function ownDmarc(record: string): SuggestInput["dmarc"] {
  const parsed = parseDmarcRecord(record);
  if (parsed === null) throw new Error(`not a DMARC record: ${record}`);
  return { record, source: "example.com", inherited: false, parsed, ...(parsed.effectiveP ? { policy: parsed.effectiveP } : {}) };
}

/** A report endpoint as the scanner writes it for `chainDer`, presented at `address`. */
export function endpointFor(ca: TestCa, host: string, address: string, chainDer: readonly Buffer[]): Endpoint {
  const summary = evaluateCertificateChain(chainDer, { host, anchors: createTrustAnchors([ca.rootPem]) });
  if (!summary) throw new Error("unparsable chain");
  return { address, starttls: "ok", tls: { version: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384" }, certificate: summary.certificate, chain: summary.chain };
}

export function mxEntry(host: string, endpoints: Endpoint[], dnssec: MxHost["dnssec"] = "secure"): MxHost {
  return { host, preference: 10, implicit: false, dnssec, endpoints };
}

export function reportWith(mx: MxHost[], domain = "example.com", startedAt = new Date()): ScanReport {
  const check = { status: "pass" as const };
  return {
    schemaVersion: 1,
    domain,
    startedAt: startedAt.toISOString(),
    durationMs: 1,
    grade: "A",
    score: 90,
    mx,
    checks: { mtaSts: check, tlsRpt: check, starttls: check, dane: check, dmarc: check, spf: check },
    findings: [],
  };
}

export type Leaf = IssuedCertificate;
