import { describe, expect, it } from "vitest";
import {
  evaluateEndpoint,
  isLegacyTlsVersion,
  type EndpointObservation,
  type SeverityContext,
} from "@/lib/scan/checks/starttls/evaluate-endpoint";
import type { CertificateSummary } from "@/lib/scan/types";

const NOW = new Date("2026-11-28T12:00:00.000Z");
const DAY = 86_400_000;
const HOST = "mx1.example.com";

function cert(overrides: Partial<CertificateSummary> = {}): CertificateSummary {
  return {
    subject: "CN=mx1.example.com",
    issuer: "CN=Example CA",
    san: ["mx1.example.com"],
    notBefore: new Date(NOW.getTime() - 30 * DAY).toISOString(),
    notAfter: new Date(NOW.getTime() + 60 * DAY).toISOString(),
    spkiSha256: "ab".repeat(32),
    keyBits: 256,
    trusted: true,
    nameMatches: true,
    ...overrides,
  };
}

function ok(certificate: CertificateSummary | null = cert(), version = "TLSv1.3"): EndpointObservation {
  return { starttls: "ok", tls: { version, cipher: "TLS_AES_256_GCM_SHA384" }, ...(certificate ? { certificate } : {}) };
}

function ids(endpoint: EndpointObservation, severityContext: SeverityContext = "default") {
  return evaluateEndpoint({ host: HOST, endpoint, now: NOW, severityContext }).map((f) => [f.id, f.severity]);
}

describe("evaluateEndpoint", () => {
  it("raises nothing for a clean TLS 1.3 endpoint with a valid, trusted, matching certificate", () => {
    expect(ids(ok())).toEqual([]);
  });

  // [case, endpoint, expected [id, severity][] in the default context, spec/RFC reason]
  const cases: Array<[string, EndpointObservation, Array<[string, string]>]> = [
    ["not offered (spec starttls-not-offered; RFC 3207 §4)", { starttls: "not-offered", detail: "STARTTLS not advertised" }, [["starttls-not-offered", "high"]]],
    ["STARTTLS failed (spec starttls-failed; RFC 3207 §4.1)", { starttls: "failed", detail: "TLS handshake failed" }, [["starttls-failed", "high"]]],
    ["unreachable is inconclusive (spec: never a failure)", { starttls: "unreachable" }, []],
    ["rate-limited is inconclusive (RFC 5321 §4.2.1 4yz is transient)", { starttls: "rate-limited" }, []],
    ["blocked by the guard is not judged here", { starttls: "blocked" }, []],
    ["skipped is not judged", { starttls: "skipped" }, []],
    ["TLS 1.0 best version (RFC 8996)", ok(cert(), "TLSv1"), [["tls-legacy-only", "high"]]],
    ["TLS 1.1 best version (RFC 8996)", ok(cert(), "TLSv1.1"), [["tls-legacy-only", "high"]]],
    ["TLS 1.2 is acceptable (RFC 8996 §1)", ok(cert(), "TLSv1.2"), []],
    ["untrusted chain (spec cert-untrusted)", ok(cert({ trusted: false })), [["cert-untrusted", "medium"]]],
    ["no certificate at all (spec cert-untrusted)", ok(null), [["cert-untrusted", "medium"]]],
    ["name mismatch (spec cert-name-mismatch; RFC 9525 §6.3)", ok(cert({ nameMatches: false, san: ["other.example.net"] })), [["cert-name-mismatch", "medium"]]],
    ["expired yesterday (spec cert-expired; RFC 5280 §4.1.2.5)", ok(cert({ notAfter: new Date(NOW.getTime() - DAY).toISOString() })), [["cert-expired", "medium"]]],
    ["not yet valid (spec cert-expired covers not-yet-valid; RFC 5280 §4.1.2.5)", ok(cert({ notBefore: new Date(NOW.getTime() + DAY).toISOString() })), [["cert-expired", "medium"]]],
    ["expires in 5 days (spec cert-expiring-soon, 14 days)", ok(cert({ notAfter: new Date(NOW.getTime() + 5 * DAY).toISOString() })), [["cert-expiring-soon", "low"]]],
    ["expires in exactly 14 days (within the window)", ok(cert({ notAfter: new Date(NOW.getTime() + 14 * DAY).toISOString() })), [["cert-expiring-soon", "low"]]],
    ["expires in 15 days (outside the window)", ok(cert({ notAfter: new Date(NOW.getTime() + 15 * DAY).toISOString() })), []],
    [
      "everything wrong at once on TLS 1.0",
      ok(cert({ trusted: false, nameMatches: false, notAfter: new Date(NOW.getTime() - DAY).toISOString() }), "TLSv1"),
      [["tls-legacy-only", "high"], ["cert-untrusted", "medium"], ["cert-name-mismatch", "medium"], ["cert-expired", "medium"]],
    ],
  ];
  it.each(cases)("%s", (_name, endpoint, expected) => {
    expect(ids(endpoint)).toEqual(expected);
  });

  describe("context severities (spec: Context decides some severities)", () => {
    const broken = ok(cert({ trusted: false, nameMatches: false, notAfter: new Date(NOW.getTime() + 3 * DAY).toISOString() }), "TLSv1.1");
    const expired = ok(cert({ notAfter: new Date(NOW.getTime() - DAY).toISOString() }));

    it("MTA-STS enforce makes every certificate problem critical (RFC 8461 §5); fixed ids stay high", () => {
      expect(ids(broken, "mta-sts-enforce")).toEqual([
        ["tls-legacy-only", "high"],
        ["cert-untrusted", "critical"],
        ["cert-name-mismatch", "critical"],
        ["cert-expiring-soon", "critical"],
      ]);
      expect(ids(expired, "mta-sts-enforce")).toEqual([["cert-expired", "critical"]]);
    });

    it("DANE-EE-only makes certificate problems info (RFC 7672 §3.1.1); fixed ids stay high", () => {
      expect(ids(broken, "dane-ee-only")).toEqual([
        ["tls-legacy-only", "high"],
        ["cert-untrusted", "info"],
        ["cert-name-mismatch", "info"],
        ["cert-expiring-soon", "info"],
      ]);
      expect(ids(expired, "dane-ee-only")).toEqual([["cert-expired", "info"]]);
    });

    it("starttls-not-offered and starttls-failed are high in every context (fixed severities)", () => {
      for (const context of ["mta-sts-enforce", "dane-ee-only", "default"] as const) {
        expect(ids({ starttls: "not-offered" }, context)).toEqual([["starttls-not-offered", "high"]]);
        expect(ids({ starttls: "failed" }, context)).toEqual([["starttls-failed", "high"]]);
      }
    });
  });

  it("carries the host and a one-line detail on every finding", () => {
    const findings = evaluateEndpoint({
      host: HOST,
      endpoint: ok(cert({ nameMatches: false, san: ["a.example.net"], notAfter: "2026-11-30T00:00:00.000Z" })),
      now: NOW,
      severityContext: "default",
    });
    expect(findings).toEqual([
      { id: "cert-name-mismatch", severity: "medium", host: HOST, detail: expect.stringContaining("a.example.net") },
      { id: "cert-expiring-soon", severity: "low", host: HOST, detail: expect.stringContaining("2026-11-30T00:00:00.000Z") },
    ]);
    for (const finding of findings) expect(finding.detail).not.toContain("\n");
  });

  it("passes the probe's detail through for STARTTLS failures", () => {
    const [finding] = evaluateEndpoint({ host: HOST, endpoint: { starttls: "failed", detail: "STARTTLS rejected: 454 later" }, now: NOW, severityContext: "default" });
    expect(finding?.detail).toBe("STARTTLS rejected: 454 later");
  });
});

describe("isLegacyTlsVersion (RFC 8996)", () => {
  it.each([
    ["SSLv3", true],
    ["TLSv1", true],
    ["TLSv1.1", true],
    ["TLSv1.2", false],
    ["TLSv1.3", false],
  ])("%s → %s", (version, expected) => {
    expect(isLegacyTlsVersion(version)).toBe(expected);
  });
});
