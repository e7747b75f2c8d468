/**
 * TLSA lookups through the production DNS client against the loopback resolver: the DNSSEC state
 * comes from the AD flag on the wire, bogus from SERVFAIL plus a checking-disabled retry.
 */
import { createHash, X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateDane } from "@/lib/scan/checks/dane/evaluate-dane";
import { lookupTlsa } from "@/lib/scan/checks/dane/lookup-tlsa";
import { matchTlsa } from "@/lib/scan/checks/dane/match-tlsa";
import { createDnsClient, type DnsClientOptions } from "@/lib/scan/net/dns";
import { startDnsServer, type DnsServer, type Zone } from "@/tests/helpers/dns-server";
import { createTestCa, type IssuedCertificate } from "@/tests/helpers/test-ca";

const KEY = "0d6f".repeat(16);
const tlsa = (name: string, data: string, usage = 3) => ({ name, type: "TLSA" as const, data: { usage, selector: 1, matchingType: 1, data } });

let dns: DnsServer;
let plain: DnsServer; // a resolver that does not validate
let leaf: IssuedCertificate;
let leafSpki: string;

const fast: Partial<DnsClientOptions> = { attemptTimeoutMs: 1_000, deadlineMs: 5_000 };
const client = (server: DnsServer = dns) => createDnsClient({ resolvers: [server.resolver], ...fast });

beforeAll(async () => {
  const ca = await createTestCa();
  leaf = await ca.issue({ names: ["mx.signed.test"] });
  const spki = new X509Certificate(leaf.certPem).publicKey.export({ type: "spki", format: "der" });
  leafSpki = createHash("sha256").update(spki).digest("hex");
  const zones: Zone[] = [
    {
      origin: "signed.test",
      dnssec: "signed",
      records: [
        { name: "mx", type: "A", data: "192.0.2.10" },
        tlsa("_25._tcp.mx", leafSpki),
        { name: "bare", type: "A", data: "192.0.2.11" },
        { name: "_25._tcp.alias", type: "CNAME", data: "_25._tcp.mx.unsigned.test" },
      ],
    },
    { origin: "unsigned.test", dnssec: "unsigned", records: [{ name: "mx", type: "A", data: "192.0.2.20" }, tlsa("_25._tcp.mx", KEY)] },
    { origin: "bogus.test", dnssec: "bogus", records: [{ name: "mx", type: "A", data: "192.0.2.30" }, tlsa("_25._tcp.mx", KEY)] },
  ];
  [dns, plain] = await Promise.all([startDnsServer({ zones }), startDnsServer({ zones, validating: false })]);
});

afterAll(async () => {
  await Promise.all([dns?.close(), plain?.close()]);
});

describe("lookupTlsa over the wire (RFC 7672 §2.2.3)", () => {
  it("signed zone: present and secure, asked once at _25._tcp.<mx> with DO set (RFC 4035 §3.2.1)", async () => {
    const result = await lookupTlsa(client(), "mx.signed.test");
    expect(result).toMatchObject({ name: "_25._tcp.mx.signed.test", outcome: "present", dnssec: "secure", strings: [`3 1 1 ${leafSpki}`] });
    expect(dns.queries.filter((q) => q.name === "_25._tcp.mx.signed.test" && q.type === "TLSA").every((q) => q.dnssecOk)).toBe(true);
  });

  it("unsigned zone: present but insecure (RFC 7672 §2.2)", async () => {
    expect(await lookupTlsa(client(), "mx.unsigned.test")).toMatchObject({ outcome: "present", dnssec: "insecure", strings: [`3 1 1 ${KEY}`] });
  });

  it("bogus zone: bogus, with the checking-disabled data kept for the report (RFC 4035 §5.5)", async () => {
    const result = await lookupTlsa(client(), "mx.bogus.test");
    expect(result).toMatchObject({ outcome: "bogus", dnssec: "bogus" });
    expect(dns.count({ name: "_25._tcp.mx.bogus.test", type: "TLSA", checkingDisabled: true })).toBeGreaterThan(0);
  });

  it("absent: NXDOMAIN under a signed zone is a secure denial (RFC 4035 §3.1.3)", async () => {
    expect(await lookupTlsa(client(), "bare.signed.test")).toMatchObject({ outcome: "absent", dnssec: "secure", records: [] });
  });

  it("a CNAME into an unsigned zone makes the TLSA answer insecure (weakest link)", async () => {
    expect(await lookupTlsa(client(), "alias.signed.test")).toMatchObject({ outcome: "present", dnssec: "insecure", cnames: ["_25._tcp.mx.unsigned.test"] });
  });

  it("a name the resolver refuses is unknown, not absent (RFC 7672 §2.1.1)", async () => {
    expect(await lookupTlsa(client(), "mx.elsewhere.invalid")).toMatchObject({ outcome: "unknown", records: [] });
  });
});

describe("lookup → match → evaluate, end to end", () => {
  it("a signed 3 1 1 record for the presented key protects the host (RFC 7672 §3.1.1)", async () => {
    const dnsClient = client();
    const lookup = await lookupTlsa(dnsClient, "mx.signed.test");
    const address = await dnsClient.query("mx.signed.test", "A");
    const match = matchTlsa(lookup.records, leaf.chainDer, { mxHost: "mx.signed.test", now: new Date() });
    const result = evaluateDane({
      host: "mx.signed.test",
      addressDnssec: address.dnssec,
      tlsa: lookup,
      endpoints: [{ address: "192.0.2.10", starttls: "ok", match }],
      resolverValidating: await dnsClient.isValidating("test"),
    });
    expect(result.state).toBe("protected");
    expect(result.endpoints).toEqual([{ address: "192.0.2.10", dane: { matches: true, matched: [`3 1 1 ${leafSpki}`] } }]);
    expect(result.findings.map((f) => f.id)).toEqual(["dane-rollover-risk"]); // one record, pinning the current key
  });

  it("the same zone through a non-validating resolver is not judged (spec Resolver trust)", async () => {
    const dnsClient = client(plain);
    const lookup = await lookupTlsa(dnsClient, "mx.signed.test");
    expect(lookup).toMatchObject({ outcome: "present", dnssec: "insecure" });
    const validating = await dnsClient.isValidating("test");
    expect(validating).toBe(false);
    const result = evaluateDane({ host: "mx.signed.test", addressDnssec: "insecure", tlsa: lookup, endpoints: [], resolverValidating: validating });
    expect(result).toMatchObject({ state: "unverifiable", findings: [] });
  });
});
