import { createHash, X509Certificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { matchTlsa } from "@/lib/scan/checks/dane/match-tlsa";
import { classifyTlsaRecord } from "@/lib/scan/checks/dane/tlsa-record";
import { readTlsaLine, suggestTlsaRecords } from "@/lib/scan/suggest";
import { createTestCa, type IssuedCertificate, type TestCa } from "@/tests/helpers/test-ca";
import { mxHost } from "./fixtures";

const DAY = 86_400_000;
const HOST = "mx1.example.com";
const now = new Date();

// Expected digests computed independently of the code under test, the way `openssl x509 -pubkey
// | openssl pkey -pubin -outform DER | openssl dgst -sha256` does: Node's own SPKI export.
const spkiSha256 = (pem: string | Buffer) =>
  createHash("sha256").update(new X509Certificate(pem).publicKey.export({ type: "spki", format: "der" })).digest("hex");

let ca: TestCa;
let other: TestCa;
let viaIntermediate: IssuedCertificate;
let noIntermediate: IssuedCertificate;
let selfSigned: IssuedCertificate;
let viaRoot: IssuedCertificate;
let withRoot: IssuedCertificate;
let rsa: IssuedCertificate;
let otherName: IssuedCertificate;
let expired: IssuedCertificate;
let mx2Leaf: IssuedCertificate;

beforeAll(async () => {
  [ca, other] = await Promise.all([createTestCa(), createTestCa()]);
  [viaIntermediate, noIntermediate, selfSigned, viaRoot, withRoot, rsa, otherName, expired, mx2Leaf] = await Promise.all([
    ca.issue({ names: [HOST] }),
    ca.issue({ names: [HOST], includeIntermediate: false }),
    ca.issue({ names: [HOST], issuer: "self" }),
    ca.issue({ names: [HOST], issuer: "root", includeRoot: true }),
    ca.issue({ names: [HOST], includeRoot: true }),
    ca.issue({ names: [HOST], keyType: "rsa" }),
    ca.issue({ names: ["other.example.net"] }),
    ca.issue({ names: [HOST], notBefore: new Date(Date.now() - 100 * DAY), notAfter: new Date(Date.now() - DAY) }),
    ca.issue({ names: ["mx2.example.com"] }),
  ]);
});

const suggest = (...hosts: ReturnType<typeof mxHost>[]) => suggestTlsaRecords({ mx: hosts, now });
const ee = (host: string, pem: string) => `_25._tcp.${host}. IN TLSA 3 1 1 ${spkiSha256(pem)}`;
const ta = (host: string, pem: string) => `_25._tcp.${host}. IN TLSA 2 1 1 ${spkiSha256(pem)}`;

describe("suggestTlsaRecords: 3 1 1 of the presented key, 2 1 1 of a sent issuing CA (RFC 7672 §3.1, RFC 7671 §8)", () => {
  type Case = { rfc: string; leaf: () => IssuedCertificate; expected: () => string[]; note?: string };
  const cases: Case[] = [
    {
      rfc: "RFC 7671 §8 the rollover pair: 3 1 1 of the leaf and 2 1 1 of the intermediate it was issued by",
      leaf: () => viaIntermediate,
      expected: () => [ee(HOST, viaIntermediate.certPem), ta(HOST, ca.intermediatePem)],
    },
    {
      rfc: "RFC 7672 §3.1.2 no CA certificate sent: 3 1 1 only",
      leaf: () => noIntermediate,
      expected: () => [ee(HOST, noIntermediate.certPem)],
      note: "RFC 7672 §3.1.2",
    },
    { rfc: "RFC 7671 §5.2.2 a self-signed leaf has no issuing CA: 3 1 1 only", leaf: () => selfSigned, expected: () => [ee(HOST, selfSigned.certPem)] },
    { rfc: "RFC 7672 §3.1.2 a leaf issued by the root, root sent: 2 1 1 of the root", leaf: () => viaRoot, expected: () => [ee(HOST, viaRoot.certPem), ta(HOST, ca.rootPem)] },
    {
      rfc: "RFC 7671 §8 intermediate and root sent: 2 1 1 only for the CA that issued the leaf",
      leaf: () => withRoot,
      expected: () => [ee(HOST, withRoot.certPem), ta(HOST, ca.intermediatePem)],
    },
    { rfc: "RFC 6698 §2.1.2 an RSA key: SPKI digest all the same", leaf: () => rsa, expected: () => [ee(HOST, rsa.certPem), ta(HOST, ca.intermediatePem)] },
    {
      rfc: "RFC 7672 §3.1.1 a certificate for another name still gets 3 1 1 (names are ignored); 2 1 1 would fail the name check (§3.2.2)",
      leaf: () => otherName,
      expected: () => [ee(HOST, otherName.certPem)],
      note: "not for this MX host name",
    },
    {
      rfc: "RFC 7672 §3.1.1 an expired certificate still gets 3 1 1 (dates are ignored); 2 1 1 would fail validity",
      leaf: () => expired,
      expected: () => [ee(HOST, expired.certPem)],
      note: "expired",
    },
  ];
  it.each(cases)("$rfc", ({ leaf, expected, note }) => {
    const chain = leaf().chainDer;
    const suggested = suggest(mxHost(HOST, true, [chain]));
    expect(suggested.records).toEqual(expected());
    // Round trip: each line reads back through our TLSA parser, is usable and matches the chain.
    for (const line of suggested.records) {
      const read = readTlsaLine(line);
      if (!read) throw new Error(`unreadable: ${line}`);
      expect(read.owner).toBe(`_25._tcp.${HOST}`);
      expect(classifyTlsaRecord(read.record).usable).toBe(true);
      expect(matchTlsa([read.record], chain, { mxHost: HOST, now }).matches).toBe(true);
    }
    if (note) expect(suggested.notes.join(" ")).toContain(note);
  });

  it("RFC 7672 §3.1.2 a CA certificate that did not issue the leaf gets no 2 1 1", () => {
    const chain = [noIntermediate.der, other.intermediateDer];
    expect(suggest(mxHost(HOST, true, [chain])).records).toEqual([ee(HOST, noIntermediate.certPem)]);
  });

  it("RFC 8446 §4.4.2 chains may arrive out of order: 2 1 1 is for the CA that signed the leaf, not the first CA sent", () => {
    const chain = [withRoot.der, ca.rootDer, ca.intermediateDer];
    expect(suggest(mxHost(HOST, true, [chain])).records).toEqual([ee(HOST, withRoot.certPem), ta(HOST, ca.intermediatePem)]);
  });

  it("RFC 2181 §5 an RRset is a set: the same chain on two addresses gives each record once", () => {
    const chain = viaIntermediate.chainDer;
    expect(suggest(mxHost(HOST, true, [chain, chain])).records).toEqual([ee(HOST, viaIntermediate.certPem), ta(HOST, ca.intermediatePem)]);
  });

  it("RFC 7672 §3 different keys on two addresses: both 3 1 1 records, every address matches the set", () => {
    const chains = [viaIntermediate.chainDer, rsa.chainDer];
    const suggested = suggest(mxHost(HOST, true, chains));
    expect(suggested.records).toEqual([ee(HOST, viaIntermediate.certPem), ee(HOST, rsa.certPem), ta(HOST, ca.intermediatePem)]);
    const records = suggested.records.map((l) => readTlsaLine(l)!.record);
    for (const chain of chains) expect(matchTlsa(records, chain, { mxHost: HOST, now }).matches).toBe(true);
  });

  it("RFC 7672 §2.2.3 one owner name per MX host", () => {
    const suggested = suggest(mxHost(HOST, true, [viaIntermediate.chainDer]), mxHost("mx2.example.com", true, [mx2Leaf.chainDer]));
    expect(suggested.records).toEqual([
      ee(HOST, viaIntermediate.certPem),
      ta(HOST, ca.intermediatePem),
      ee("mx2.example.com", mx2Leaf.certPem),
      ta("mx2.example.com", ca.intermediatePem),
    ]);
  });

  it("a host that presented no certificate gets no record; garbage is noted, not offered", () => {
    expect(suggest(mxHost(HOST, "unknown", [])).records).toEqual([]);
    const garbage = suggest(mxHost(HOST, true, [[Buffer.from("not a certificate")]]));
    expect(garbage.records).toEqual([]);
    expect(garbage.notes.join(" ")).toContain("could not be parsed");
  });
});
