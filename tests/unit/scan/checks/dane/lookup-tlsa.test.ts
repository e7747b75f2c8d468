import { describe, expect, it } from "vitest";
import { lookupTlsa, formatTlsaOwnerName } from "@/lib/scan/checks/dane/lookup-tlsa";
import { zoneResolver } from "@/tests/helpers/zone-resolver";

const KEY = "0d6f".repeat(16);
const OTHER = "a1b2".repeat(16);

const dns = zoneResolver({
  "_25._tcp.mx.signed.test": { authenticated: true, TLSA: [{ usage: 3, selector: 1, matchingType: 1, data: KEY.toUpperCase() }, { usage: 2, selector: 1, matchingType: 1, data: OTHER }, { usage: 3, selector: 1, matchingType: 1, data: KEY }] },
  "mx.signed.test": { authenticated: true, A: ["192.0.2.1"] },
  "mx2.signed.test": { authenticated: true, A: ["192.0.2.2"] },
  "_25._tcp.mx2.signed.test": { authenticated: true, TXT: ["the name exists, but holds no TLSA"] },
  "_25._tcp.mx.unsigned.test": { TLSA: [{ usage: 3, selector: 1, matchingType: 1, data: KEY }] },
  "_25._tcp.mx.bogus.test": { bogus: true },
  "_25._tcp.mx.broken.test": { fail: "servfail" },
  "_25._tcp.mx.slow.test": { fail: { TLSA: "timeout" } },
  "_25._tcp.alias.signed.test": { authenticated: true, CNAME: "_25._tcp.mx.unsigned.test" },
});

describe("lookupTlsa (RFC 7672 §2.2.3)", () => {
  it("asks _25._tcp.<mx host> as given, lower case, without the trailing dot (RFC 7672 §2.2.3)", async () => {
    expect(formatTlsaOwnerName("MX.Example.COM.")).toBe("_25._tcp.mx.example.com");
    await lookupTlsa(dns, "MX.signed.test.");
    expect(dns.count("_25._tcp.mx.signed.test", "TLSA")).toBe(1);
  });

  it("present + secure: records as lower-case spec strings, duplicates removed (RFC 2181 §5)", async () => {
    const result = await lookupTlsa(dns, "mx.signed.test");
    expect(result).toMatchObject({ name: "_25._tcp.mx.signed.test", outcome: "present", dnssec: "secure" });
    expect(result.strings).toEqual([`3 1 1 ${KEY}`, `2 1 1 ${OTHER}`]);
    expect(result.records).toHaveLength(2);
  });

  it("present + insecure in an unsigned zone (RFC 7672 §2.2: not used by senders)", async () => {
    expect(await lookupTlsa(dns, "mx.unsigned.test")).toMatchObject({ outcome: "present", dnssec: "insecure", strings: [`3 1 1 ${KEY}`] });
  });

  it("NODATA at an existing name is absent, with the denial's DNSSEC state (RFC 4035 §3.1.3)", async () => {
    await expect(lookupTlsa(dns, "mx2.signed.test")).resolves.toMatchObject({ outcome: "absent", dnssec: "secure", records: [] });
  });

  it("NXDOMAIN is absent (RFC 7672 §2.2.3)", async () => {
    await expect(lookupTlsa(dns, "nowhere.unsigned.test")).resolves.toMatchObject({ outcome: "absent", records: [] });
  });

  it("bogus is its own outcome, never absent (RFC 4035 §5.5)", async () => {
    await expect(lookupTlsa(dns, "mx.bogus.test")).resolves.toMatchObject({ outcome: "bogus", dnssec: "bogus" });
  });

  it.each([
    ["servfail", "mx.broken.test"],
    ["timeout", "mx.slow.test"],
  ])("%s is unknown, not absent (RFC 7672 §2.1.1)", async (_kind, host) => {
    const result = await lookupTlsa(dns, host);
    expect(result).toMatchObject({ outcome: "unknown", dnssec: "insecure", records: [], strings: [] });
    expect(result.error).toBeTruthy();
  });

  it("a CNAME at the owner name is followed; the weakest link decides the DNSSEC state", async () => {
    const result = await lookupTlsa(dns, "alias.signed.test");
    expect(result).toMatchObject({ outcome: "present", dnssec: "insecure", cnames: ["_25._tcp.mx.unsigned.test"] });
  });
});
