import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluateEndpointCertificate, evaluateCertificateChain } from "@/lib/scan/checks/starttls/certificate";
import { createTrustAnchors, parseSanDnsNames, type TrustAnchors } from "@/lib/scan/x509";
import { createTestCa, type TestCa } from "@/tests/helpers/test-ca";

const HOST = "mx1.example.test";

let ca: TestCa;
let anchors: TrustAnchors;

beforeAll(async () => {
  ca = await createTestCa();
  anchors = createTrustAnchors([ca.rootPem]);
});

/** SPKI digest computed independently, from @peculiar/x509's DER SubjectPublicKeyInfo. */
function independentSpki(der: Buffer): string {
  return createHash("sha256").update(Buffer.from(new x509.X509Certificate(new Uint8Array(der)).publicKey.rawData)).digest("hex");
}

describe("evaluateCertificateChain", () => {
  it("fills every CertificateSummary field from a presented EC chain", async () => {
    const notBefore = new Date("2026-01-02T03:04:05.000Z");
    const notAfter = new Date("2027-01-02T03:04:05.000Z");
    const leaf = await ca.issue({ names: [HOST, "*.example.test", "192.0.2.7"], notBefore, notAfter });
    const summary = evaluateCertificateChain(leaf.chainDer, { host: HOST, anchors });
    expect(summary?.certificate).toEqual({
      subject: `CN=${HOST}, O=mailposture tests`,
      issuer: "CN=mailposture test intermediate CA, O=mailposture tests",
      san: [HOST, "*.example.test"],
      notBefore: "2026-01-02T03:04:05.000Z",
      notAfter: "2027-01-02T03:04:05.000Z",
      spkiSha256: independentSpki(leaf.der),
      keyBits: 256,
      trusted: true,
      nameMatches: true,
    });
    expect(summary?.chain).toEqual([
      { subject: `CN=${HOST}, O=mailposture tests`, spkiSha256: independentSpki(leaf.der) },
      { subject: "CN=mailposture test intermediate CA, O=mailposture tests", spkiSha256: independentSpki(ca.intermediateDer) },
    ]);
  });

  it("reports RSA modulus bits", async () => {
    const leaf = await ca.issue({ names: [HOST], keyType: "rsa" });
    expect(evaluateCertificateChain(leaf.chainDer, { host: HOST, anchors })?.certificate.keyBits).toBe(2048);
  });

  it("ignores the CN: a CN-only certificate does not match (RFC 9525 §6.2)", async () => {
    const leaf = await ca.issue({ names: ["other.example.test"], commonName: HOST });
    const cert = evaluateCertificateChain(leaf.chainDer, { host: HOST, anchors })?.certificate;
    expect(cert?.subject).toContain(`CN=${HOST}`);
    expect(cert?.nameMatches).toBe(false);
  });

  it("wildcard covers exactly one label (RFC 9525 §6.3)", async () => {
    const leaf = await ca.issue({ names: ["*.example.test"] });
    expect(evaluateCertificateChain(leaf.chainDer, { host: HOST, anchors })?.certificate.nameMatches).toBe(true);
    expect(evaluateCertificateChain(leaf.chainDer, { host: `a.${HOST}`, anchors })?.certificate.nameMatches).toBe(false);
  });

  it("untrusted when the intermediate is missing; chain lists only what was presented", async () => {
    const leaf = await ca.issue({ names: [HOST], includeIntermediate: false });
    const summary = evaluateCertificateChain(leaf.chainDer, { host: HOST, anchors });
    expect(summary?.certificate.trusted).toBe(false);
    expect(summary?.chain).toHaveLength(1);
  });

  it("self-signed: untrusted, issuer equals subject", async () => {
    const leaf = await ca.issue({ names: [HOST], issuer: "self" });
    const cert = evaluateCertificateChain(leaf.chainDer, { host: HOST, anchors })?.certificate;
    expect(cert?.trusted).toBe(false);
    expect(cert?.issuer).toBe(cert?.subject);
    expect(cert?.nameMatches).toBe(true);
  });

  it("null for an empty or unparsable leaf", () => {
    expect(evaluateCertificateChain([], { host: HOST, anchors })).toBeNull();
    expect(evaluateCertificateChain([Buffer.from("junk")], { host: HOST, anchors })).toBeNull();
  });
});

describe("parseSanDnsNames (Node's subjectAltName text)", () => {
  it.each([
    [undefined, []],
    ["DNS:a.example", ["a.example"]],
    ["DNS:a.example, DNS:*.b.example", ["a.example", "*.b.example"]],
    ["IP Address:192.0.2.1, DNS:a.example, email:x@y.example", ["a.example"]],
    // Since CVE-2021-44532 Node quotes values with unsafe characters as JSON strings.
    ['DNS:"a\\u002c b.example", DNS:c.example', ["a, b.example", "c.example"]],
    ['URI:"http://x/\\"q\\"", DNS:d.example', ["d.example"]],
  ] as Array<[string | undefined, string[]]>)("%s", (text, expected) => {
    expect(parseSanDnsNames(text)).toEqual(expected);
  });

  it("reads a comma inside a DNS name from a real certificate without splitting it", async () => {
    const leaf = await ca.issue({ names: ["a,b.example.test", HOST] });
    expect(evaluateCertificateChain(leaf.chainDer, { host: HOST, anchors })?.certificate.san).toEqual(["a,b.example.test", HOST]);
  });
});

describe("evaluateEndpointCertificate (observed endpoint + presented chain → report endpoint)", () => {
  it("adds certificate and chain after the observed TLS fields and keeps later fields after them", async () => {
    const leaf = await ca.issue({ names: [HOST] });
    const observed = { address: "192.0.2.1", starttls: "ok" as const, tls: { version: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256" }, injectedBytes: 0 };
    const judged = evaluateEndpointCertificate(observed, leaf.chainDer, { host: HOST, anchors });
    expect(Object.keys(judged)).toEqual(["address", "starttls", "tls", "certificate", "chain", "injectedBytes"]);
    expect(judged.certificate?.trusted).toBe(true);
    expect(judged.certificate?.spkiSha256).toBe(independentSpki(leaf.der));
    expect(judged.chain).toHaveLength(2);
  });

  it("leaves an endpoint without TLS, or without a parsable leaf, as observed", async () => {
    const leaf = await ca.issue({ names: [HOST] });
    const failed = { address: "192.0.2.1", starttls: "failed" as const, detail: "tls: handshake failed" };
    expect(evaluateEndpointCertificate(failed, leaf.chainDer, { host: HOST, anchors })).toBe(failed);
    const junk = { address: "192.0.2.1", starttls: "ok" as const };
    expect(evaluateEndpointCertificate(junk, [Buffer.from("junk")], { host: HOST, anchors })).toBe(junk);
  });
});
