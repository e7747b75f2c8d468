/**
 * checkStarttls: the STARTTLS area from probed endpoints, with the severity context MTA-STS and
 * DANE decide (spec "Context decides some severities") and the area status per MX outcome.
 */
import { describe, expect, it } from "vitest";
import type { MxHostObservation, MxObservation } from "@/lib/scan/checks/mx/lookup-mx";
import { checkStarttls, type HostEndpoints } from "@/lib/scan/checks/starttls";
import type { MtaStsMxCoverage } from "@/lib/scan/checks/mta-sts";
import type { CertificateSummary, Endpoint } from "@/lib/scan/types";

const NOW = new Date("2026-11-28T12:00:00.000Z");
const DAY = 86_400_000;
const HOST = "mx1.example.test";

function cert(overrides: Partial<CertificateSummary> = {}): CertificateSummary {
  return {
    subject: `CN=${HOST}`,
    issuer: "CN=Example CA",
    san: [HOST],
    notBefore: new Date(NOW.getTime() - 30 * DAY).toISOString(),
    notAfter: new Date(NOW.getTime() + 60 * DAY).toISOString(),
    spkiSha256: "ab".repeat(32),
    keyBits: 256,
    trusted: true,
    nameMatches: true,
    ...overrides,
  };
}

const endpoint = (certificate: CertificateSummary): Endpoint => ({
  address: "192.0.2.10",
  starttls: "ok",
  tls: { version: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384" },
  certificate,
  injectedBytes: 0,
});

const lookup = { outcome: "ok" as const, dnssec: "insecure" as const, addresses: ["192.0.2.10"] };
const mxHost: MxHostObservation = { host: HOST, preference: 10, implicit: false, dnssec: "insecure", ipv4: lookup, ipv6: { ...lookup, addresses: [] }, addresses: ["192.0.2.10"] };
const MX: MxObservation = { kind: "mx", dnssec: "insecure", hosts: [mxHost] };
const hosts = (e: Endpoint): HostEndpoints[] => [{ host: HOST, endpoints: [e], blockedAddresses: [] }];
type StsInput = { countsAsProtection: boolean; coverage: MtaStsMxCoverage[] };
const NO_STS: StsInput = { countsAsProtection: false, coverage: [] };
const ENFORCED: StsInput = { countsAsProtection: true, coverage: [{ host: HOST, pattern: HOST, matched: true, tlsOk: false, isProtected: false }] };

describe("checkStarttls", () => {
  const mismatch = endpoint(cert({ nameMatches: false }));

  it.each([
    ["no protection: the catalogue's severity", NO_STS, [], "medium"],
    ["covered by an enforced policy: senders refuse the host (RFC 8461 §4.2)", ENFORCED, [], "critical"],
    ["DANE-EE only: the name is not checked (RFC 7672 §3.1.1)", NO_STS, [{ host: HOST, daneEeOnly: true }], "info"],
    ["an enforced policy wins over DANE-EE", ENFORCED, [{ host: HOST, daneEeOnly: true }], "critical"],
  ] as [string, StsInput, { host: string; daneEeOnly: boolean }[], string][])("cert-name-mismatch, %s", (_name, mtaSts, dane, severity) => {
    const r = checkStarttls({ mx: MX, hosts: hosts(mismatch), now: NOW, mtaSts, dane });
    expect(r.findings.map((f) => [f.id, f.severity, f.host])).toEqual([["cert-name-mismatch", severity, HOST]]);
  });

  it("passes a host with valid TLS and says nothing", () => {
    expect(checkStarttls({ mx: MX, hosts: hosts(endpoint(cert())), now: NOW, mtaSts: NO_STS, dane: [] })).toEqual({ check: { status: "pass" }, messages: [], findings: [] });
  });

  it("is n/a for a null MX and an error, with the MX lookup's reason, when the MX set is unknown", () => {
    expect(checkStarttls({ mx: { kind: "null-mx", dnssec: "insecure" }, hosts: [], now: NOW, mtaSts: NO_STS, dane: [] }).check).toEqual({ status: "n/a" });
    const failed: MxObservation = { kind: "error", dnssec: "insecure", outcome: "servfail", error: "SERVFAIL from 192.0.2.53" };
    expect(checkStarttls({ mx: failed, hosts: [], now: NOW, mtaSts: NO_STS, dane: [] }).check).toEqual({ status: "error", error: "SERVFAIL from 192.0.2.53" });
  });

  it("names a host it had no address to probe", () => {
    const r = checkStarttls({ mx: MX, hosts: [{ host: HOST, endpoints: [], blockedAddresses: [] }], now: NOW, mtaSts: NO_STS, dane: [] });
    expect(r.messages).toEqual([expect.stringMatching(/^mx1\.example\.test: not probed, no address to connect to/)]);
  });
});
