import { describe, expect, it } from "vitest";
import type { DaneHostEvaluation, DaneHostState } from "@/lib/scan/checks/dane/evaluate-dane";
import { evaluateDaneStatus, evaluateDnssec, type DnssecInput } from "@/lib/scan/checks/dnssec/evaluate-dnssec";

const DOMAIN = "example.test";

function host(name: string, state: DaneHostState, over: Partial<DaneHostEvaluation> = {}): DaneHostEvaluation {
  return { host: name, state, addressDnssec: "secure", endpoints: [], endpointsReached: 0, findings: [], daneEeOnly: false, ...over };
}
const input = (over: Partial<DnssecInput>): DnssecInput => ({
  domain: DOMAIN,
  resolverValidating: true,
  mx: "mx",
  domainDnssec: "secure",
  hosts: [host("mx1.example.test", "protected")],
  ...over,
});
const ids = (over: Partial<DnssecInput>) => evaluateDnssec(input(over)).findings.map((f) => [f.id, f.host ?? null]);

describe("evaluateDnssec: findings", () => {
  it("a signed domain whose MX is DANE-protected raises nothing (RFC 4035 §3.2.3 AD set)", () => {
    expect(evaluateDnssec(input({}))).toEqual({ findings: [], check: { status: "pass", dnssec: "secure" } });
  });

  it("resolver not validating: dnssec-unverifiable only, status error, no domain state (spec Resolver trust)", () => {
    const result = evaluateDnssec(input({
      resolverValidating: false,
      domainDnssec: "insecure",
      hosts: [host("mx1.example.test", "unverifiable", { addressDnssec: "bogus", tlsa: { records: [], dnssec: "bogus", usable: false } })],
    }));
    expect(result.findings).toMatchObject([{ id: "dnssec-unverifiable", severity: "info" }]);
    expect(result.check).toEqual({ status: "error" });
  });

  it("dnssec-missing (medium) when the domain's MX answer is insecure (RFC 4035 §4.3)", () => {
    const result = evaluateDnssec(input({ domainDnssec: "insecure" }));
    expect(result.findings).toMatchObject([{ id: "dnssec-missing", severity: "medium" }]);
    expect(result.findings[0]!.host).toBeUndefined();
    expect(result.check.dnssec).toBe("insecure");
  });

  it.each(["implicit", "null-mx"] as const)("dnssec-missing for an insecure %s answer too: it is a definite answer (RFC 4035 §4.3)", (mx) => {
    expect(ids({ mx, domainDnssec: "insecure", hosts: [] })).toEqual([["dnssec-missing", null]]);
  });

  it.each(["error", "nxdomain"] as const)("no dnssec-missing when the MX lookup is %s: unknown or nothing to sign", (mx) => {
    expect(ids({ mx, domainDnssec: "insecure", hosts: [] })).toEqual([]);
  });

  it("dnssec-bogus (critical) for the domain, without host (RFC 4035 §5.5)", () => {
    const result = evaluateDnssec(input({ domainDnssec: "bogus" }));
    expect(result.findings).toMatchObject([{ id: "dnssec-bogus", severity: "critical" }]);
    expect(result.findings[0]!.host).toBeUndefined();
    expect(result.check).toEqual({ status: "fail", dnssec: "bogus" });
  });

  it("dnssec-bogus with host for an MX host's address records (RFC 4035 §5.5)", () => {
    const hosts = [host("mx1.example.test", "bogus", { addressDnssec: "bogus" }), host("mx2.example.test", "protected")];
    expect(ids({ hosts })).toEqual([["dnssec-bogus", "mx1.example.test"]]);
  });

  it("dnssec-bogus with host for an MX host's TLSA answer (RFC 7672 §2.1.1)", () => {
    const result = evaluateDnssec(input({ hosts: [host("mx1.example.test", "bogus", { tlsa: { records: [], dnssec: "bogus", usable: false } })] }));
    expect(result.findings).toMatchObject([{ id: "dnssec-bogus", host: "mx1.example.test" }]);
    expect(result.findings[0]!.detail).toContain("_25._tcp.mx1.example.test");
  });

  it("a bogus domain whose implicit MX is the domain itself is reported once, for the domain", () => {
    const hosts = [host(DOMAIN, "bogus", { addressDnssec: "bogus" })];
    expect(ids({ mx: "implicit", domainDnssec: "bogus", hosts })).toEqual([["dnssec-bogus", null]]);
  });

  it("an insecure MX host in a signed domain is not dnssec-missing: that id is about the domain's answers", () => {
    expect(ids({ hosts: [host("mx.provider.test", "not-applicable", { addressDnssec: "insecure" })] })).toEqual([]);
  });
});

describe("evaluateDaneStatus (rules documented in evaluate-dnssec.ts)", () => {
  const status = (over: Partial<DnssecInput>) => evaluateDaneStatus(input(over));
  const hosts = (...states: DaneHostState[]) => states.map((s, i) => host(`mx${i}.example.test`, s));

  const cases: [string, Partial<DnssecInput>, ReturnType<typeof evaluateDaneStatus>][] = [
    ["resolver not validating → error", { resolverValidating: false }, "error"],
    ["MX lookup failed → error", { mx: "error", hosts: [] }, "error"],
    ["null MX → n/a (RFC 7505)", { mx: "null-mx", hosts: [] }, "n/a"],
    ["NXDOMAIN → n/a", { mx: "nxdomain", hosts: [] }, "n/a"],
    ["implicit MX without address → n/a", { mx: "implicit", hosts: [] }, "n/a"],
    ["every MX protected → pass", { hosts: hosts("protected", "protected") }, "pass"],
    ["a mismatch → fail (RFC 7672 §3)", { hosts: hosts("protected", "mismatch") }, "fail"],
    ["a bogus MX host → fail (RFC 4035 §5.5)", { hosts: hosts("protected", "bogus") }, "fail"],
    ["a bogus domain → fail", { domainDnssec: "bogus", hosts: hosts("protected") }, "fail"],
    ["one protected, one without TLSA → warn", { hosts: hosts("protected", "no-tlsa") }, "warn"],
    ["authenticated but unusable TLSA → warn (RFC 7672 §3.1.3)", { hosts: hosts("unusable") }, "warn"],
    ["no MX has TLSA → missing", { hosts: hosts("no-tlsa", "not-applicable") }, "missing"],
    ["only unauthenticated TLSA → missing (senders ignore it)", { domainDnssec: "insecure", hosts: hosts("insecure-tlsa") }, "missing"],
    ["every TLSA lookup failed → error (unknown is not absent)", { hosts: hosts("lookup-failed", "lookup-failed") }, "error"],
    ["protected + lookup failed → error (pass cannot be confirmed)", { hosts: hosts("protected", "lookup-failed") }, "error"],
    ["no TLSA + lookup failed → missing (the rest already decides)", { hosts: hosts("no-tlsa", "lookup-failed") }, "missing"],
    ["every MX unreached with usable TLSA → error (nothing was matched, issue 13 item 8)", { hosts: hosts("protected-unverified", "protected-unverified") }, "error"],
    ["protected + unreached → error (pass hinges on the unreached host)", { hosts: hosts("protected", "protected-unverified") }, "error"],
    ["unreached with usable TLSA + no TLSA → warn (DANE partly published)", { hosts: hosts("protected-unverified", "no-tlsa") }, "warn"],
    ["unreached + mismatch → fail (the mismatch decides)", { hosts: hosts("protected-unverified", "mismatch") }, "fail"],
  ];
  it.each(cases)("%s", (_name, over, expected) => {
    expect(status(over)).toBe(expected);
  });
});
