import { describe, expect, it } from "vitest";
import { matchesAnyDnsId, matchesDnsId } from "@/lib/scan/x509";

// [presented DNS-ID, reference MX host, expected, rule]
const cases: Array<[string, string, boolean, string]> = [
  ["mx1.example.com", "mx1.example.com", true, "RFC 9525 §6.3: identical names match"],
  ["MX1.Example.COM", "mx1.example.com", true, "RFC 9525 §6.3: ASCII case-insensitive"],
  ["mx1.example.com", "MX1.EXAMPLE.COM", true, "RFC 9525 §6.3: ASCII case-insensitive (reference side)"],
  ["mx1.example.com.", "mx1.example.com", true, "RFC 9525 §6.3: trailing root dot is not a label"],
  ["mx1.example.com", "mx1.example.com.", true, "RFC 9525 §6.3: trailing root dot on the reference"],
  ["mx2.example.com", "mx1.example.com", false, "RFC 9525 §6.3: every label must match"],
  ["example.com", "mx1.example.com", false, "RFC 9525 §6.3: a parent domain is not a match"],
  ["mx1.example.com", "example.com", false, "RFC 9525 §6.3: a subdomain is not a match"],
  ["*.example.com", "mx1.example.com", true, "RFC 9525 §6.3: wildcard is the complete left-most label"],
  ["*.EXAMPLE.com", "Mx1.example.COM", true, "RFC 9525 §6.3: wildcard match is case-insensitive too"],
  ["*.example.com", "example.com", false, "RFC 9525 §6.3: a wildcard matches exactly one label, not zero"],
  ["*.example.com", "a.mx1.example.com", false, "RFC 9525 §6.3: a wildcard matches exactly one label, not two"],
  ["*.example.com", "mx1.example.org", false, "RFC 9525 §6.3: labels after the wildcard must match"],
  ["mx*.example.com", "mx1.example.com", false, "RFC 9525 §6.3: partial-label wildcard is ignored"],
  ["*x1.example.com", "mx1.example.com", false, "RFC 9525 §6.3: partial-label wildcard (prefix) is ignored"],
  ["xn--*.example.com", "xn--bcher-kva.example.com", false, "RFC 9525 §6.3: no partial wildcard inside an A-label"],
  ["*.example.com", "xn--bcher-kva.example.com", true, "RFC 9525 §6.3: whole-label wildcard matches one A-label"],
  ["xn--bcher-kva.example.com", "XN--BCHER-KVA.example.com", true, "RFC 9525 §6.3: A-labels compare case-insensitively"],
  ["bücher.example.com", "xn--bcher-kva.example.com", false, "RFC 9525 §6.3 / RFC 5280 §4.2.1.6: DNS-IDs are A-labels; a U-label does not match"],
  ["mx1.*.example.com", "mx1.a.example.com", false, "RFC 9525 §6.3: wildcard not in the left-most label is ignored"],
  ["*.*.example.com", "a.b.example.com", false, "RFC 9525 §6.3: only one wildcard character"],
  ["*", "mx1", false, "RFC 9525 §6.3 / §7.1: a bare wildcard is never accepted"],
  ["*.com", "example.com", false, "RFC 9525 §7.1: no wildcard spanning a whole top-level domain"],
  ["*.example.com", "*.example.com", false, "RFC 9525 §6.1: a reference identifier contains no wildcard"],
  ["192.0.2.10", "192.0.2.10", false, "RFC 9525 §6.3: an IP literal is no DNS domain name"],
  ["mx1..example.com", "mx1..example.com", false, "RFC 1035 §2.3.1: empty labels are malformed"],
  ["", "mx1.example.com", false, "an empty DNS-ID matches nothing"],
];

describe("matchesDnsId (RFC 9525)", () => {
  it.each(cases)("%s vs %s → %s (%s)", (presented, reference, expected) => {
    expect(matchesDnsId(presented, reference)).toBe(expected);
  });
});

describe("matchesAnyDnsId", () => {
  it("matches when any DNS-ID matches (RFC 9525 §6.3)", () => {
    expect(matchesAnyDnsId(["other.example.net", "*.example.com"], "mx1.example.com")).toBe(true);
  });
  it("is false for no DNS-IDs at all: the CN is never a fallback (RFC 9525 §6.2)", () => {
    expect(matchesAnyDnsId([], "mx1.example.com")).toBe(false);
  });
});
