/**
 * Issue 10, item 1: one SPKI digest everywhere. For certificates whose SubjectPublicKeyInfo is
 * encoded unusually (tests/helpers/odd-spki.ts), the report's `spkiSha256`, DANE matching, the
 * suggested TLSA records and the what-if must all use the SHA-256 of the SPKI bytes *as they
 * appear in the certificate* (RFC 6698 §2.1.2, RFC 7671 §5.1), and so agree with each other. The
 * expected digests are computed here from the bytes the helper placed in the certificate.
 */
import { createHash, createPublicKey, X509Certificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { matchTlsa } from "@/lib/scan/checks/dane/match-tlsa";
import type { TlsaRecord } from "@/lib/scan/checks/dane/tlsa-record";
import { evaluateCertificateChain } from "@/lib/scan/checks/starttls/certificate";
import { suggestTlsaRecords } from "@/lib/scan/suggest";
import type { Endpoint, ScanReport } from "@/lib/scan/types";
import { evaluateDraftTlsa } from "@/lib/scan/what-if";
import { createTrustAnchors, extractSpkiDer, readCertificate } from "@/lib/scan/x509";
import { createOddChain, withBrokenOuterStructure, withUnreadableKey, type OddChain, type OddSpkiKind } from "@/tests/helpers/odd-spki";
import { createTestCa } from "@/tests/helpers/test-ca";
import { mxEntry, mxHost, reportWith } from "../suggest/fixtures";

const MX = "mx1.example.com";
const ADDRESS = "192.0.2.1";
const KINDS: OddSpkiKind[] = ["rsa-no-null", "ec-explicit", "ec-compressed"];
const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const sha512 = (data: Buffer) => createHash("sha512").update(data).digest("hex");
const rec = (text: string): TlsaRecord => {
  const [usage, selector, matchingType, data] = text.split(" ");
  return { usage: Number(usage), selector: Number(selector), matchingType: Number(matchingType), data: data! };
};

const chains = new Map<OddSpkiKind, OddChain>();

beforeAll(async () => {
  for (const kind of KINDS) chains.set(kind, await createOddChain(kind, MX));
}, 60_000);

function setup(kind: OddSpkiKind) {
  const chain = chains.get(kind)!;
  const now = new Date();
  const summary = evaluateCertificateChain(chain.chainDer, { host: MX, anchors: createTrustAnchors([chain.ca.der]) });
  const endpoint: Endpoint = { address: ADDRESS, starttls: "ok", tls: { version: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256" }, ...(summary ? { certificate: summary.certificate, chain: summary.chain } : {}) };
  const report: ScanReport = reportWith([mxEntry(MX, [endpoint])], "example.com", now);
  return {
    chain,
    now,
    summary,
    report,
    leafInCert: sha256(chain.leaf.spki),
    leafStandard: sha256(chain.leaf.standardSpki),
    caInCert: sha256(chain.ca.spki),
    caStandard: sha256(chain.ca.standardSpki),
  };
}

describe.each(KINDS)("SPKI digest agreement for %s", (kind) => {
  it("the certificates hold the odd encoding, and it differs from the common one", () => {
    const { chain, leafInCert, leafStandard } = setup(kind);
    expect(extractSpkiDer(chain.leaf.der)?.equals(chain.leaf.spki)).toBe(true);
    expect(extractSpkiDer(chain.ca.der)?.equals(chain.ca.spki)).toBe(true);
    expect(leafInCert).not.toBe(leafStandard);
    // Both encodings are the same key: the difference is encoding only.
    const a = createPublicKey({ key: chain.leaf.spki, format: "der", type: "spki" });
    const b = createPublicKey({ key: chain.leaf.standardSpki, format: "der", type: "spki" });
    expect(a.equals(b)).toBe(true);
  });

  it("the report's spkiSha256 (certificate and chain) is the digest of the bytes in the certificate", () => {
    const { summary, leafInCert, caInCert } = setup(kind);
    expect(summary?.certificate.spkiSha256).toBe(leafInCert);
    expect(summary?.chain.map((c) => c.spkiSha256)).toEqual([leafInCert, caInCert]);
    // Path building works with such keys: the odd CA as the only anchor makes the chain trusted.
    expect(summary?.certificate.trusted).toBe(true);
    expect(readCertificate(chains.get(kind)!.leaf.der).spkiSha256).toBe(leafInCert);
  });

  it("DANE matching accepts the in-certificate digest and rejects the common-encoding one (RFC 6698 §2.1.2)", () => {
    const { chain, now, leafInCert, leafStandard, caInCert, caStandard } = setup(kind);
    const match = (text: string) => matchTlsa([rec(text)], chain.chainDer, { mxHost: MX, now }).matches;
    expect(match(`3 1 1 ${leafInCert}`)).toBe(true);
    expect(match(`3 1 0 ${chain.leaf.spki.toString("hex")}`)).toBe(true);
    expect(match(`3 1 2 ${sha512(chain.leaf.spki)}`)).toBe(true);
    expect(match(`2 1 1 ${caInCert}`)).toBe(true);
    expect(match(`3 1 1 ${leafStandard}`)).toBe(false);
    expect(match(`3 1 0 ${chain.leaf.standardSpki.toString("hex")}`)).toBe(false);
    expect(match(`2 1 1 ${caStandard}`)).toBe(false);
  });

  it("the suggestion offers exactly those digests, and they match", () => {
    const { chain, now, leafInCert, caInCert } = setup(kind);
    const suggested = suggestTlsaRecords({ mx: [mxHost(MX, true, [chain.chainDer])], now });
    expect(suggested.records).toEqual([`_25._tcp.${MX}. IN TLSA 3 1 1 ${leafInCert}`, `_25._tcp.${MX}. IN TLSA 2 1 1 ${caInCert}`]);
  });

  it("the what-if agrees, from the stored report and from the presented chain", () => {
    const { chain, now, report, leafInCert, leafStandard, caInCert, caStandard } = setup(kind);
    const suggested = suggestTlsaRecords({ mx: [mxHost(MX, true, [chain.chainDer])], now });
    const draft = suggested.records.join("\n");
    const outcomes = (text: string, withChain: boolean) =>
      evaluateDraftTlsa(text, report, withChain ? { [MX]: { [ADDRESS]: chain.chainDer } } : undefined, { now }).hosts[0]?.endpoints[0]?.checks.map((c) => [c.record, c.outcome]);

    expect(outcomes(draft, false)).toEqual([[`3 1 1 ${leafInCert}`, "match"], [`2 1 1 ${caInCert}`, "match-unverified"]]);
    expect(outcomes(draft, true)).toEqual([[`3 1 1 ${leafInCert}`, "match"], [`2 1 1 ${caInCert}`, "match"]]);
    const wrong = `_25._tcp.${MX}. IN TLSA 3 1 1 ${leafStandard}\n_25._tcp.${MX}. IN TLSA 2 1 1 ${caStandard}`;
    expect(outcomes(wrong, false)).toEqual([[`3 1 1 ${leafStandard}`, "no-match"], [`2 1 1 ${caStandard}`, "no-match"]]);
    expect(outcomes(wrong, true)).toEqual([[`3 1 1 ${leafStandard}`, "no-match"], [`2 1 1 ${caStandard}`, "no-match"]]);
  });
});

describe("the case of the issue: Node's re-export changes the RSA SPKI", () => {
  it("re-exporting the key of an rsaEncryption SPKI without NULL parameters gives other bytes, and the scanner does not use them", () => {
    const { chain, summary, leafInCert } = setup("rsa-no-null");
    const reexported = new X509Certificate(chain.leaf.der).publicKey.export({ type: "spki", format: "der" });
    expect(reexported.equals(chain.leaf.spki)).toBe(false);
    expect(summary?.certificate.spkiSha256).toBe(leafInCert);
    expect(summary?.certificate.spkiSha256).not.toBe(sha256(reexported));
  });
});

describe("certificates OpenSSL cannot fully read are handled from their DER", () => {
  it("a key OpenSSL cannot read: the report still carries the in-certificate digest, DANE-EE and the suggestion agree", async () => {
    const ca = await createTestCa();
    const issued = await ca.issue({ names: [MX] });
    const odd = withUnreadableKey(issued.der);
    const chainDer = [odd.der, ...issued.chainDer.slice(1)];
    const now = new Date();
    expect(() => new X509Certificate(odd.der).publicKey).toThrow();
    const summary = evaluateCertificateChain(chainDer, { host: MX, anchors: createTrustAnchors([ca.rootPem]) });
    expect(summary?.certificate.spkiSha256).toBe(sha256(odd.spki));
    expect(summary?.certificate.keyBits).toBe(0);
    // The leaf's signature no longer verifies (its TBS changed): untrusted, yet DANE-EE matches.
    expect(summary?.certificate.trusted).toBe(false);
    expect(matchTlsa([rec(`3 1 1 ${sha256(odd.spki)}`)], chainDer, { mxHost: MX, now }).matches).toBe(true);
    const suggested = suggestTlsaRecords({ mx: [mxHost(MX, true, [chainDer])], now });
    expect(suggested.records).toEqual([`_25._tcp.${MX}. IN TLSA 3 1 1 ${sha256(odd.spki)}`]);
  });

  it("a certificate OpenSSL refuses: no summary, but DANE-EE still matches its SPKI bytes (RFC 7672 §3.1.1)", async () => {
    const ca = await createTestCa();
    const issued = await ca.issue({ names: [MX] });
    const broken = withBrokenOuterStructure(issued.der);
    expect(() => new X509Certificate(broken)).toThrow();
    const cert = readCertificate(broken);
    expect(cert.x509).toBeNull();
    expect(cert.spkiSha256).toBe(sha256(extractSpkiDer(issued.der)!));
    expect(evaluateCertificateChain([broken], { host: MX, anchors: createTrustAnchors([ca.rootPem]) })).toBeNull();
    const now = new Date();
    expect(matchTlsa([rec(`3 1 1 ${cert.spkiSha256}`)], [broken], { mxHost: MX, now }).matches).toBe(true);
    expect(matchTlsa([rec(`3 0 1 ${sha256(broken)}`)], [broken], { mxHost: MX, now }).matches).toBe(true);
    // DANE-TA needs signatures and names, so OpenSSL's parse: nothing to vouch with.
    expect(matchTlsa([rec(`2 1 1 ${cert.spkiSha256}`)], [broken], { mxHost: MX, now }).matches).toBe(false);
  });
});
