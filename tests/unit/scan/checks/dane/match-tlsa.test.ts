import { createHash, X509Certificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { matchTlsa } from "@/lib/scan/checks/dane/match-tlsa";
import { extractSpkiDer } from "@/lib/scan/x509";
import type { TlsaRecord } from "@/lib/scan/checks/dane/tlsa-record";
import { createTestCa, type IssuedCertificate, type TestCa } from "@/tests/helpers/test-ca";

const DAY = 86_400_000;
const HOST = "mx1.example.test";
const NOW = new Date();

// Expected association data computed independently of the code under test: Node's key export
// for selector 1, the raw DER for selector 0 (RFC 6698 §2.1.2).
const spkiOf = (pem: string | Buffer) => new X509Certificate(pem).publicKey.export({ type: "spki", format: "der" });
const certOf = (pem: string | Buffer) => new X509Certificate(pem).raw;
const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const sha512 = (data: Buffer) => createHash("sha512").update(data).digest("hex");
const rec = (usage: number, selector: number, matchingType: number, data: string): TlsaRecord => ({ usage, selector, matchingType, data });
const text = (r: TlsaRecord) => `${r.usage} ${r.selector} ${r.matchingType} ${r.data}`;

let ca: TestCa;
let impostor: TestCa; // same names as `ca`, other keys
let leaf: IssuedCertificate; // via the intermediate, intermediate sent
let rsaLeaf: IssuedCertificate;

beforeAll(async () => {
  [ca, impostor] = await Promise.all([createTestCa(), createTestCa()]);
  [leaf, rsaLeaf] = await Promise.all([ca.issue({ names: [HOST] }), ca.issue({ names: [HOST], keyType: "rsa" })]);
});

const eeSpki256 = (c: IssuedCertificate) => rec(3, 1, 1, sha256(spkiOf(c.certPem)));
const taSpki256 = (pem: string) => rec(2, 1, 1, sha256(spkiOf(pem)));
const match = (records: TlsaRecord[], chain: Buffer[], mxHost = HOST) => matchTlsa(records, chain, { mxHost, now: NOW });

describe("extractSpkiDer (RFC 6698 §2.1.2 selector 1 = DER SubjectPublicKeyInfo)", () => {
  it("equals the exported key for EC and RSA certificates", () => {
    expect(extractSpkiDer(leaf.der)?.equals(spkiOf(leaf.certPem))).toBe(true);
    expect(extractSpkiDer(rsaLeaf.der)?.equals(spkiOf(rsaLeaf.certPem))).toBe(true);
    expect(extractSpkiDer(ca.intermediateDer)?.equals(spkiOf(ca.intermediatePem))).toBe(true);
  });

  it("returns null for data that is not an RFC 5280 certificate", () => {
    expect(extractSpkiDer(Buffer.from("not a certificate"))).toBeNull();
    expect(extractSpkiDer(leaf.der.subarray(0, 40))).toBeNull();
    expect(extractSpkiDer(Buffer.alloc(0))).toBeNull();
  });
});

describe("matchTlsa: DANE-EE(3) matches the leaf only (RFC 7672 §3.1.1)", () => {
  const eeCases: [string, (c: IssuedCertificate) => TlsaRecord][] = [
    ["3 1 1: SHA-256 of the leaf's SPKI (RFC 6698 §2.1)", (c) => rec(3, 1, 1, sha256(spkiOf(c.certPem)))],
    ["3 0 1: SHA-256 of the leaf certificate (RFC 6698 §2.1)", (c) => rec(3, 0, 1, sha256(certOf(c.certPem)))],
    ["3 1 2: SHA-512 of the leaf's SPKI (RFC 6698 §2.1.3)", (c) => rec(3, 1, 2, sha512(spkiOf(c.certPem)))],
    ["3 0 0: the full leaf certificate (RFC 6698 §2.1.3)", (c) => rec(3, 0, 0, certOf(c.certPem).toString("hex"))],
    ["3 1 0: the full SPKI (RFC 6698 §2.1.3)", (c) => rec(3, 1, 0, spkiOf(c.certPem).toString("hex"))],
  ];
  it.each(eeCases)("%s", (_name, make) => {
    const record = make(leaf);
    expect(match([record], leaf.chainDer)).toEqual({ matches: true, matched: [text(record)], rejected: [] });
  });

  it("3 1 1 for an RSA leaf (RFC 6698 §2.1.2)", () => {
    expect(match([eeSpki256(rsaLeaf)], rsaLeaf.chainDer).matches).toBe(true);
  });

  it("upper-case data in the record still matches (RFC 6698 §2.2: hex is case-insensitive)", () => {
    const record = eeSpki256(leaf);
    const result = match([{ ...record, data: record.data.toUpperCase() }], leaf.chainDer);
    expect(result.matched).toEqual([text(record)]);
  });

  it("3 1 1 with an expired leaf for another name still matches: no name or date check (RFC 7672 §3.1.1)", async () => {
    const stale = await ca.issue({ names: ["other.example.test"], notBefore: new Date(Date.now() - 90 * DAY), notAfter: new Date(Date.now() - DAY) });
    expect(match([eeSpki256(stale)], stale.chainDer).matches).toBe(true);
  });

  it("3 1 1 of a self-signed leaf matches: no chain is needed (RFC 7672 §3.1.1)", async () => {
    const self = await ca.issue({ names: [HOST], issuer: "self" });
    expect(match([eeSpki256(self)], self.chainDer).matches).toBe(true);
  });

  it("3 1 1 of the intermediate does not match: DANE-EE is for the end entity (RFC 6698 §2.1.1)", () => {
    expect(match([rec(3, 1, 1, sha256(spkiOf(ca.intermediatePem)))], leaf.chainDer).matches).toBe(false);
  });

  it("a digest of another key does not match (RFC 6698 §2.1)", async () => {
    const other = await ca.issue({ names: [HOST] });
    expect(match([eeSpki256(other)], leaf.chainDer)).toEqual({ matches: false, matched: [], rejected: [] });
  });
});

describe("matchTlsa: DANE-TA(2) (RFC 7672 §3.1.2, RFC 7671 §5.2)", () => {
  it("2 1 1 of the intermediate the server sends matches (RFC 7672 §3.1.2)", () => {
    const record = taSpki256(ca.intermediatePem);
    expect(match([record], leaf.chainDer)).toEqual({ matches: true, matched: [text(record)], rejected: [] });
  });

  it("2 0 1 of the intermediate certificate matches (RFC 6698 §2.1.2 selector 0)", () => {
    expect(match([rec(2, 0, 1, sha256(certOf(ca.intermediatePem)))], leaf.chainDer).matches).toBe(true);
  });

  it("2 0 1 of the root matches when the server sends the root (RFC 7672 §3.1.2: TA in the chain)", async () => {
    const withRoot = await ca.issue({ names: [HOST], includeRoot: true });
    expect(match([rec(2, 0, 1, sha256(certOf(ca.rootPem)))], withRoot.chainDer).matches).toBe(true);
  });

  it("2 1 1 of the root does not match when the root is not sent (RFC 7672 §3.1.2: servers MUST send the TA)", () => {
    expect(match([taSpki256(ca.rootPem)], leaf.chainDer).matches).toBe(false);
  });

  it("2 1 1 of the intermediate does not match when the server omits it (RFC 7672 §3.1.2)", async () => {
    const bare = await ca.issue({ names: [HOST], includeIntermediate: false });
    expect(match([taSpki256(ca.intermediatePem)], bare.chainDer).matches).toBe(false);
  });

  it("2 1 1 with a leaf for another name does not match: name checks apply (RFC 7672 §3.2.2)", async () => {
    const wrong = await ca.issue({ names: ["mx2.example.test"] });
    const record = taSpki256(ca.intermediatePem);
    expect(match([record], wrong.chainDer)).toEqual({ matches: false, matched: [], rejected: [{ record: text(record), reason: "name" }] });
  });

  it("2 1 1 with a wildcard leaf covering the MX host matches (RFC 7672 §3.2.3)", async () => {
    const wildcard = await ca.issue({ names: ["*.example.test"] });
    expect(match([taSpki256(ca.intermediatePem)], wildcard.chainDer).matches).toBe(true);
  });

  it("2 1 1 with an expired leaf does not match: only DANE-EE skips dates (RFC 7672 §3.1.1, RFC 5280 §6.1.3)", async () => {
    const expired = await ca.issue({ names: [HOST], notBefore: new Date(Date.now() - 90 * DAY), notAfter: new Date(Date.now() - DAY) });
    const record = taSpki256(ca.intermediatePem);
    expect(match([record], expired.chainDer).rejected).toEqual([{ record: text(record), reason: "validity" }]);
  });

  it("2 1 1 with a not-yet-valid leaf does not match (RFC 5280 §6.1.3)", async () => {
    const early = await ca.issue({ names: [HOST], notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 90 * DAY) });
    expect(match([taSpki256(ca.intermediatePem)], early.chainDer).matches).toBe(false);
  });

  it("a presented TA that did not sign the leaf does not match: signatures are checked (RFC 7671 §5.2.2)", () => {
    // The real leaf with an impostor intermediate of the same name: the TLSA names the impostor.
    const record = taSpki256(impostor.intermediatePem);
    const result = match([record], [leaf.der, impostor.intermediateDer]);
    expect(result).toEqual({ matches: false, matched: [], rejected: [{ record: text(record), reason: "chain" }] });
  });

  it("2 1 1 of a CA-issued leaf's own key does not match: a TA is an issuer (RFC 7671 §5.2.2)", () => {
    expect(match([rec(2, 1, 1, sha256(spkiOf(leaf.certPem)))], leaf.chainDer).matches).toBe(false);
  });

  it("a leaf sent twice cannot serve as its own TA (RFC 7671 §5.2.2)", () => {
    expect(match([rec(2, 0, 1, sha256(certOf(leaf.certPem)))], [leaf.der, leaf.der, ca.intermediateDer]).matches).toBe(false);
  });

  it("2 0 1 of a self-issued leaf for the MX host matches: it is its own TA (RFC 7671 §5.2.2)", async () => {
    const self = await ca.issue({ names: [HOST], issuer: "self" });
    expect(match([rec(2, 0, 1, sha256(certOf(self.certPem)))], self.chainDer).matches).toBe(true);
  });

  it("2 0 1 of a self-issued leaf for another name does not match (RFC 7672 §3.2.2)", async () => {
    const self = await ca.issue({ names: ["elsewhere.example.test"], issuer: "self" });
    expect(match([rec(2, 0, 1, sha256(certOf(self.certPem)))], self.chainDer).matches).toBe(false);
  });
});

describe("matchTlsa: record sets and malformed input", () => {
  it("unusable records never match, even when their data would (RFC 7672 §3.1.3)", () => {
    const spki = sha256(spkiOf(leaf.certPem));
    expect(match([rec(1, 1, 1, spki), rec(0, 1, 1, sha256(spkiOf(ca.intermediatePem))), rec(3, 1, 9, spki)], leaf.chainDer).matches).toBe(false);
  });

  it("lists every usable record that matched, once, in the given order (spec endpoints[].dane)", async () => {
    const next = await ca.issue({ names: [HOST] });
    const ee = eeSpki256(leaf);
    const ta = taSpki256(ca.intermediatePem);
    const result = match([ta, eeSpki256(next), ee, ee], leaf.chainDer);
    expect(result.matched).toEqual([text(ta), text(ee)]);
  });

  it("an empty chain or an unparsable leaf matches nothing", () => {
    expect(match([eeSpki256(leaf)], [])).toEqual({ matches: false, matched: [], rejected: [] });
    expect(match([eeSpki256(leaf)], [Buffer.from("garbage")]).matches).toBe(false);
  });

  it("an unparsable certificate after the leaf is skipped; the rest still counts", () => {
    expect(match([taSpki256(ca.intermediatePem)], [leaf.der, Buffer.from("junk"), ca.intermediateDer]).matches).toBe(true);
  });
});
