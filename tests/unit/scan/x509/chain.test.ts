import { X509Certificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createTrustAnchors, isChainTrusted, readCertificate, splitPemBundle, type TrustAnchors } from "@/lib/scan/x509";
import { createTestCa, type TestCa } from "@/tests/helpers/test-ca";

const DAY = 86_400_000;
const NAME = "mx1.example.test";

let ca: TestCa;
let impostor: TestCa; // same names as `ca`, different keys
let otherCa: TestCa;
let anchors: TrustAnchors;

beforeAll(async () => {
  [ca, impostor, otherCa] = await Promise.all([createTestCa(), createTestCa(), createTestCa({ name: "other" })]);
  anchors = createTrustAnchors([ca.rootPem]);
});

const trusted = (ders: Buffer[], store: TrustAnchors = anchors) => isChainTrusted(ders.map((der) => readCertificate(der)), store);

describe("isChainTrusted (path building to an anchor, dates ignored)", () => {
  it("leaf + intermediate to a trusted root → trusted (RFC 5280 §6.1)", async () => {
    expect(trusted((await ca.issue({ names: [NAME] })).chainDer)).toBe(true);
  });

  it("leaf issued directly by the root → trusted", async () => {
    expect(trusted((await ca.issue({ names: [NAME], issuer: "root" })).chainDer)).toBe(true);
  });

  it("intermediate missing from the presented chain → untrusted (no AIA fetching, like MTAs)", async () => {
    expect(trusted((await ca.issue({ names: [NAME], includeIntermediate: false })).chainDer)).toBe(false);
  });

  it("chain sent out of order (root before intermediate) still builds", async () => {
    const leaf = await ca.issue({ names: [NAME] });
    expect(trusted([leaf.der, ca.rootDer, ca.intermediateDer])).toBe(true);
  });

  it("expired leaf from a trusted CA → still trusted: expiry is cert-expired, not trust (spec)", async () => {
    const leaf = await ca.issue({ names: [NAME], notBefore: new Date(Date.now() - 90 * DAY), notAfter: new Date(Date.now() - DAY) });
    expect(trusted(leaf.chainDer)).toBe(true);
  });

  it("not-yet-valid leaf from a trusted CA → still trusted", async () => {
    const leaf = await ca.issue({ names: [NAME], notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 90 * DAY) });
    expect(trusted(leaf.chainDer)).toBe(true);
  });

  it("self-signed leaf → untrusted", async () => {
    expect(trusted((await ca.issue({ names: [NAME], issuer: "self" })).chainDer)).toBe(false);
  });

  it("self-signed leaf that is itself a configured anchor → trusted (explicit trust)", async () => {
    const leaf = await ca.issue({ names: [NAME], issuer: "self" });
    expect(trusted(leaf.chainDer, createTrustAnchors([leaf.certPem]))).toBe(true);
  });

  it("a chain from an unknown CA → untrusted", async () => {
    expect(trusted((await otherCa.issue({ names: [NAME] })).chainDer)).toBe(false);
  });

  it("same issuer names but different keys → untrusted (signatures are checked, not just names)", async () => {
    expect(trusted((await impostor.issue({ names: [NAME] })).chainDer)).toBe(false);
  });

  it("a leaf whose EKU excludes serverAuth → untrusted (RFC 5280 §4.2.1.12)", async () => {
    const leaf = await ca.issue({ names: [NAME], extendedKeyUsage: ["1.3.6.1.5.5.7.3.2"] });
    expect(trusted(leaf.chainDer)).toBe(false);
  });

  it("an intermediate configured as an anchor terminates the path", async () => {
    const leaf = await ca.issue({ names: [NAME], includeIntermediate: false });
    expect(trusted(leaf.chainDer, createTrustAnchors([ca.intermediatePem]))).toBe(true);
  });

  it("no anchors → nothing is trusted", async () => {
    expect(trusted((await ca.issue({ names: [NAME] })).chainDer, createTrustAnchors([]))).toBe(false);
  });

  it("an empty chain is untrusted", () => {
    expect(trusted([])).toBe(false);
  });
});

describe("createTrustAnchors / splitPemBundle / readCertificate", () => {
  it("splits a PEM bundle, drops duplicates and unparsable entries", () => {
    const bundle = `${ca.rootPem}\n${otherCa.rootPem}\n${ca.rootPem}\n`;
    expect(splitPemBundle(bundle)).toHaveLength(3);
    const store = createTrustAnchors([...splitPemBundle(bundle), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"]);
    expect(store.certificates.map((c) => c.x509?.fingerprint256)).toEqual([
      new X509Certificate(ca.rootPem).fingerprint256,
      new X509Certificate(otherCa.rootPem).fingerprint256,
    ]);
  });

  it("readCertificate never throws: garbage has neither OpenSSL's parse nor SPKI bytes", () => {
    const garbage = readCertificate(Buffer.from("not a certificate"));
    expect(garbage.x509).toBeNull();
    expect(garbage.spki).toBeNull();
    expect(garbage.spkiSha256).toBeNull();
    const root = readCertificate(ca.rootDer);
    expect(root.x509?.subject).toContain("root");
    expect(root.sha256).toBe(new X509Certificate(ca.rootPem).fingerprint256.replace(/:/g, "").toLowerCase());
  });

  it("readCertificate returns the cached object for the same bytes, even from another buffer", () => {
    expect(readCertificate(Buffer.from(ca.rootDer))).toBe(readCertificate(Buffer.from(ca.rootDer)));
  });

  it("a Buffer changed after it was read is read again; the cached certificate keeps its own bytes", () => {
    const der = Buffer.from(ca.rootDer);
    const first = readCertificate(der);
    der[der.length - 1]! ^= 0xff;
    const second = readCertificate(der);
    expect(second).not.toBe(first);
    expect(second.sha256).not.toBe(first.sha256);
    expect(first.der.equals(ca.rootDer)).toBe(true);
  });

  it("a garbage chain entry after the leaf does not stop the path", async () => {
    const leaf = await ca.issue({ names: [NAME] });
    expect(trusted([leaf.chainDer[0]!, Buffer.from("junk"), ...leaf.chainDer.slice(1)])).toBe(true);
  });
});
