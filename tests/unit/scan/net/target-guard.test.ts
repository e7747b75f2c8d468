import { describe, expect, it } from "vitest";
import { classifyAddress, guardTarget, isPublicAddress, parseIpAddress } from "@/lib/scan/net/target-guard";

/** [address, expected category, why] — every one must be refused without allowPrivate. */
const BLOCKED: [string, string, string][] = [
  // IPv4 Special-Purpose Address Registry
  ["0.0.0.0", "unspecified", "RFC 1122 §3.2.1.3 this host; connects to localhost on Linux"],
  ["0.1.2.3", "this-network", "RFC 791 0.0.0.0/8"],
  ["10.0.0.1", "private", "RFC 1918 10/8"],
  ["10.255.255.255", "private", "RFC 1918 10/8, last address"],
  ["100.64.0.1", "cgnat", "RFC 6598 shared address space 100.64/10"],
  ["100.127.255.254", "cgnat", "RFC 6598, top of 100.64/10"],
  ["127.0.0.1", "loopback", "RFC 1122 127/8"],
  ["127.255.255.254", "loopback", "RFC 1122, anywhere in 127/8"],
  ["169.254.169.254", "link-local", "RFC 3927; the cloud metadata endpoint"],
  ["172.16.0.1", "private", "RFC 1918 172.16/12, bottom"],
  ["172.31.255.255", "private", "RFC 1918 172.16/12, top"],
  ["192.0.0.1", "ietf-protocol-assignments", "RFC 6890 192.0.0/24"],
  ["192.0.0.9", "ietf-protocol-assignments", "RFC 7723 PCP anycast, refused with the whole /24 by choice"],
  ["192.0.2.1", "documentation", "RFC 5737 TEST-NET-1"],
  ["192.88.99.1", "deprecated-6to4-relay", "RFC 7526"],
  ["192.168.1.1", "private", "RFC 1918 192.168/16"],
  ["198.18.0.1", "benchmarking", "RFC 2544 198.18/15, bottom"],
  ["198.19.255.255", "benchmarking", "RFC 2544 198.18/15, top"],
  ["198.51.100.7", "documentation", "RFC 5737 TEST-NET-2"],
  ["203.0.113.9", "documentation", "RFC 5737 TEST-NET-3"],
  ["224.0.0.1", "multicast", "RFC 5771 224/4"],
  ["239.255.255.250", "multicast", "RFC 5771, SSDP"],
  ["240.0.0.1", "reserved", "RFC 1112 §4 240/4"],
  ["255.255.255.255", "broadcast", "RFC 919 limited broadcast"],
  // IPv6 Special-Purpose Address Registry and Address Space
  ["::", "unspecified", "RFC 4291 §2.5.2"],
  ["0:0:0:0:0:0:0:0", "unspecified", "RFC 4291 §2.5.2, uncompressed"],
  ["::1", "loopback", "RFC 4291 §2.5.3"],
  ["0000:0000:0000:0000:0000:0000:0000:0001", "loopback", "RFC 4291 §2.5.3, leading zeros"],
  ["::ffff:127.0.0.1", "loopback", "RFC 4291 §2.5.5.2 IPv4-mapped: judged by the embedded IPv4"],
  ["::ffff:7f00:1", "loopback", "IPv4-mapped in hex groups (openstatus BLOCKED list)"],
  ["::ffff:169.254.169.254", "link-local", "IPv4-mapped metadata endpoint"],
  ["::ffff:10.1.2.3", "private", "IPv4-mapped RFC 1918"],
  ["::127.0.0.1", "ipv4-compatible", "RFC 4291 §2.5.5.1 deprecated IPv4-compatible"],
  ["::8.8.8.8", "ipv4-compatible", "IPv4-compatible, even with a public IPv4"],
  ["64:ff9b::127.0.0.1", "loopback", "RFC 6052 NAT64 well-known prefix: judged by the embedded IPv4"],
  ["64:ff9b::a00:1", "private", "RFC 6052 NAT64 embedding 10.0.0.1"],
  ["64:ff9b:1::1", "nat64-local", "RFC 8215 local-use NAT64 prefix"],
  ["100::1", "discard-only", "RFC 6666 100::/64"],
  ["100:0:0:1::1", "dummy-prefix", "RFC 9780 100:0:0:1::/64"],
  ["2001::1", "teredo", "RFC 4380 2001::/32"],
  ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "teredo", "RFC 4380 Teredo address with a server and client"],
  ["2001:2::1", "benchmarking", "RFC 5180 2001:2::/48"],
  ["2001:10::1", "orchid", "RFC 4843 ORCHID (deprecated)"],
  ["2001:20::1", "orchid", "RFC 7343 ORCHIDv2"],
  ["2001:100::1", "ietf-protocol-assignments", "RFC 2928 2001::/23, unassigned part"],
  ["2001:db8::1", "documentation", "RFC 3849"],
  ["2002:7f00:1::1", "loopback", "RFC 3056 6to4 embedding 127.0.0.1"],
  ["2002:c0a8:101::1", "private", "RFC 3056 6to4 embedding 192.168.1.1"],
  ["3fff::1", "documentation", "RFC 9637 3fff::/20"],
  ["5f00::1", "srv6-sid", "RFC 9602 5f00::/16"],
  ["fc00::1", "unique-local", "RFC 4193 fc00::/7"],
  ["fd12:3456:789a::1", "unique-local", "RFC 4193, the locally assigned half"],
  ["fe80::1", "link-local", "RFC 4291 §2.5.6"],
  ["febf:ffff::1", "link-local", "RFC 4291 fe80::/10, top"],
  ["fe80::1%eth0", "link-local", "RFC 4007 §11 zone index on a link-local address"],
  ["fec0::1", "site-local", "RFC 3879 deprecated site-local"],
  ["ff02::1", "multicast", "RFC 4291 §2.7"],
  ["4000::1", "reserved", "IANA IPv6 Address Space: outside 2000::/3"],
  ["::ffff:0:7f00:1", "reserved", "RFC 2765 IPv4-translated form: reserved space"],
  ["2001:4860:4860::8888%eth0", "scoped", "a zone index on a global address is not a target"],
  // Not an address at all
  ["", "invalid", "empty"],
  ["localhost", "invalid", "a name, not an address"],
  ["127.1", "invalid", "short IPv4 form: libraries disagree on it"],
  ["0x7f.0.0.1", "invalid", "hex IPv4 form"],
  ["010.0.0.1", "invalid", "leading zero: octal for some parsers"],
  ["256.1.1.1", "invalid", "octet out of range"],
  ["1.2.3.4.", "invalid", "trailing dot"],
  ["1::2::3", "invalid", "two '::'"],
  ["1:2:3:4:5:6:7:8:9", "invalid", "nine groups"],
  ["1:2:3:4:5:6:7", "invalid", "seven groups without '::'"],
  ["12345::1", "invalid", "group longer than four hex digits"],
  ["::1.2.3.4:5", "invalid", "dotted quad not at the end"],
  ["[::1]", "invalid", "brackets belong to URLs, not addresses"],
  ["fe80::1%", "invalid", "empty zone index"],
];

/** [address, why] — globally reachable unicast, allowed. */
const ALLOWED: [string, string][] = [
  ["8.8.8.8", "ordinary public IPv4"],
  ["1.1.1.1", "ordinary public IPv4"],
  ["100.63.255.255", "just below RFC 6598 100.64/10"],
  ["100.128.0.0", "just above RFC 6598 100.64/10"],
  ["172.15.255.255", "just below RFC 1918 172.16/12"],
  ["172.32.0.0", "just above RFC 1918 172.16/12"],
  ["192.0.1.255", "between 192.0.0/24 and 192.0.2/24"],
  ["192.31.196.1", "RFC 7535 AS112-v4: globally reachable"],
  ["192.175.48.1", "RFC 7534 AS112 direct delegation: globally reachable"],
  ["198.17.255.255", "just below RFC 2544 198.18/15"],
  ["198.20.0.0", "just above RFC 2544 198.18/15"],
  ["223.255.255.255", "just below multicast"],
  ["2001:4860:4860::8888", "global unicast 2000::/3"],
  ["2a00:1450:4001:82b::200e", "global unicast 2000::/3"],
  ["2606:4700:4700::1111", "global unicast, compressed"],
  ["2001:1::1", "RFC 7723 PCP anycast: globally reachable"],
  ["2001:3::1", "RFC 7450 AMT: globally reachable"],
  ["2001:4:112::1", "RFC 7535 AS112-v6: globally reachable"],
  ["2620:4f:8000::1", "RFC 7534 AS112 direct delegation"],
  ["::ffff:8.8.8.8", "IPv4-mapped public address: the socket reaches 8.8.8.8"],
  ["64:ff9b::808:808", "RFC 6052 NAT64 of a public address"],
  ["2002:808:808::1", "RFC 3056 6to4 of a public address"],
  ["2001:DB9::1", "upper-case hex, just past the documentation /32"],
];

describe("classifyAddress", () => {
  it.each(BLOCKED)("refuses %s as %s (%s)", (ip, category) => {
    expect(classifyAddress(ip)).toMatchObject({ allowed: false, category });
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each(ALLOWED)("allows %s (%s)", (ip) => {
    expect(classifyAddress(ip)).toMatchObject({ allowed: true, category: "public" });
    expect(isPublicAddress(ip)).toBe(true);
  });

  it("names the embedded IPv4 address it judged", () => {
    expect(classifyAddress("::ffff:7f00:1")).toEqual({ allowed: false, category: "loopback", embeddedIpv4: "127.0.0.1" });
    expect(classifyAddress("64:ff9b::808:808")).toEqual({ allowed: true, category: "public", embeddedIpv4: "8.8.8.8" });
    expect(classifyAddress("2002:c0a8:101::1").embeddedIpv4).toBe("192.168.1.1");
  });
});

describe("guardTarget", () => {
  it("refuses private-use space unless private targets are allowed", () => {
    for (const ip of ["127.0.0.1", "::1", "10.0.0.1", "169.254.169.254", "fd00::1", "100.64.0.1", "192.0.2.10", "::ffff:192.168.0.1"]) {
      expect(guardTarget(ip, { allowPrivate: false }).allowed, ip).toBe(false);
      expect(guardTarget(ip, { allowPrivate: true }).allowed, ip).toBe(true);
    }
  });

  it("never allows addresses that cannot be a mail server, even in a lab", () => {
    for (const ip of ["0.0.0.0", "::", "224.0.0.1", "ff02::1", "255.255.255.255", "240.0.0.1", "not-an-ip", "2001::1", "::127.0.0.1"]) {
      expect(guardTarget(ip, { allowPrivate: true }).allowed, ip).toBe(false);
    }
  });

  it("keeps the category when it allows", () => {
    expect(guardTarget("127.0.0.1", { allowPrivate: true })).toEqual({ allowed: true, category: "loopback" });
    expect(guardTarget("8.8.8.8", { allowPrivate: false })).toEqual({ allowed: true, category: "public" });
  });
});

describe("parseIpAddress", () => {
  it.each([
    ["::", "0".repeat(32)],
    ["::1", "0".repeat(31) + "1"],
    ["1::", "0001" + "0".repeat(28)],
    ["1:2:3:4:5:6:7:8", "00010002000300040005000600070008"],
    ["1:2:3:4:5:6:7::", "00010002000300040005000600070000"],
    ["::2:3:4:5:6:7:8", "00000002000300040005000600070008"],
    ["::ffff:1.2.3.4", "00000000000000000000ffff01020304"],
    ["1:2:3:4:5:6:1.2.3.4", "00010002000300040005000601020304"],
    ["fe80::1%eth0", "fe80" + "0".repeat(27) + "1"],
  ])("reads %s", (text, hex) => {
    const parsed = parseIpAddress(text);
    expect(parsed?.version).toBe(6);
    expect(Buffer.from(parsed?.bytes ?? []).toString("hex")).toBe(hex);
  });

  it("keeps the zone index apart", () => {
    expect(parseIpAddress("fe80::1%eth0")).toMatchObject({ version: 6, zone: "eth0" });
    expect(parseIpAddress("fe80::1")).toMatchObject({ version: 6, zone: null });
  });
});
