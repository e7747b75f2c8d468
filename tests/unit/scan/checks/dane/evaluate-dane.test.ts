import { describe, expect, it } from "vitest";
import { evaluateDane, hasRolloverRisk, isProtectedByDane, type DaneEndpointInput, type DaneHostInput } from "@/lib/scan/checks/dane/evaluate-dane";
import type { TlsaLookup } from "@/lib/scan/checks/dane/lookup-tlsa";
import { formatTlsaRecord, parseTlsaString } from "@/lib/scan/checks/dane/tlsa-record";

const HOST = "mx1.example.test";
const EE_NOW = `3 1 1 ${"aa".repeat(32)}`;
const EE_NEXT = `3 1 1 ${"bb".repeat(32)}`;
const EE_OTHER = `3 1 1 ${"cc".repeat(32)}`;
const TA = `2 1 1 ${"dd".repeat(32)}`;
const PKIX = `1 1 1 ${"ee".repeat(32)}`;
const SHORT = `3 1 1 ${"ff".repeat(20)}`;

function tlsa(outcome: TlsaLookup["outcome"], strings: string[] = [], dnssec: TlsaLookup["dnssec"] = "secure"): TlsaLookup {
  const records = strings.map((s) => parseTlsaString(s)!);
  return { name: `_25._tcp.${HOST}`, outcome, dnssec, records, strings: records.map(formatTlsaRecord), cnames: [] };
}
const ok = (address: string, matched: string[] = []): DaneEndpointInput => ({ address, starttls: "ok", match: { matches: matched.length > 0, matched } });
const input = (over: Partial<DaneHostInput>): DaneHostInput => ({
  host: HOST,
  addressDnssec: "secure",
  tlsa: tlsa("present", [EE_NOW, EE_NEXT]),
  endpoints: [ok("192.0.2.10", [EE_NOW])],
  resolverValidating: true,
  ...over,
});
const ids = (over: Partial<DaneHostInput>) => evaluateDane(input(over)).findings.map((f) => f.id);

describe("evaluateDane: clean cases raise nothing", () => {
  it("current + next-key 3 1 1 records, every address matches (RFC 7671 §8.1 done right)", () => {
    const result = evaluateDane(input({}));
    expect(result.findings).toEqual([]);
    expect(result.state).toBe("protected");
    expect(isProtectedByDane(result)).toBe(true);
    expect(result.tlsa).toEqual({ records: [EE_NOW, EE_NEXT], dnssec: "secure", usable: true });
    expect(result.endpoints).toEqual([{ address: "192.0.2.10", dane: { matches: true, matched: [EE_NOW] } }]);
    expect(result.daneEeOnly).toBe(true);
  });

  it("3 1 1 + 2 1 1 for the issuing CA, both matching: no rollover risk (RFC 7671 §8.1)", () => {
    expect(ids({ tlsa: tlsa("present", [EE_NOW, TA]), endpoints: [ok("192.0.2.10", [EE_NOW, TA]), ok("2001:db8::10", [EE_NOW, TA])] })).toEqual([]);
  });
});

describe("evaluateDane: each dane-* finding", () => {
  it("dane-missing (low): secure address records, no TLSA (RFC 7672 §2.2.3)", () => {
    const result = evaluateDane(input({ tlsa: tlsa("absent") }));
    expect(result.findings).toMatchObject([{ id: "dane-missing", severity: "low", host: HOST }]);
    expect(result.state).toBe("no-tlsa");
    expect(result.tlsa).toEqual({ records: [], dnssec: "secure", usable: false });
    expect(result.endpoints).toEqual([{ address: "192.0.2.10" }]); // spec: no dane field without TLSA records
    expect(isProtectedByDane(result)).toBe(false);
  });

  it("no dane-missing for a host without addresses: that is mx-host-unresolvable (RFC 7672 §2.2.3)", () => {
    expect(ids({ tlsa: tlsa("absent"), endpoints: [] })).toEqual([]);
  });

  it("dane-tlsa-insecure (info): TLSA answer not authenticated (RFC 7672 §2.2)", () => {
    const result = evaluateDane(input({ tlsa: tlsa("present", [EE_NOW], "insecure") }));
    expect(result.findings).toMatchObject([{ id: "dane-tlsa-insecure", severity: "info", host: HOST }]);
    expect(result.tlsa?.usable).toBe(false);
    expect(isProtectedByDane(result)).toBe(false);
  });

  it("dane-tlsa-insecure: signed TLSA but unsigned address records, so senders never look (RFC 7672 §2.2.3)", () => {
    const result = evaluateDane(input({ addressDnssec: "insecure", tlsa: tlsa("present", [EE_NOW], "secure") }));
    expect(result.findings.map((f) => f.id)).toEqual(["dane-tlsa-insecure"]);
    expect(result.tlsa?.usable).toBe(false);
  });

  it("no finding for an unsigned host without TLSA: DANE does not apply (dnssec-missing covers the domain)", () => {
    const result = evaluateDane(input({ addressDnssec: "insecure", tlsa: tlsa("absent", [], "insecure") }));
    expect(result).toMatchObject({ state: "not-applicable", findings: [] });
  });

  it("dane-tlsa-unusable (medium): only PKIX usages and wrong digest lengths (RFC 7672 §3.1.3, RFC 7671 §4.1)", () => {
    const result = evaluateDane(input({ tlsa: tlsa("present", [PKIX, SHORT]), endpoints: [ok("192.0.2.10")] }));
    expect(result.findings).toMatchObject([{ id: "dane-tlsa-unusable", severity: "medium", host: HOST }]);
    expect(result.findings[0]!.detail).toContain("PKIX-EE");
    expect(result.findings[0]!.detail).toContain("32 octets");
    expect(result.tlsa?.usable).toBe(false);
    expect(isProtectedByDane(result)).toBe(false);
  });

  it("a usable record beside unusable ones is enough: no dane-tlsa-unusable (RFC 7671 §4.1)", () => {
    expect(ids({ tlsa: tlsa("present", [PKIX, EE_NOW, EE_NEXT]) })).toEqual([]);
  });

  it("dane-tlsa-mismatch (critical): a chain no usable record matches, evidence per address (RFC 7672 §3)", () => {
    const result = evaluateDane(input({
      tlsa: tlsa("present", [EE_OTHER, TA]),
      endpoints: [
        ok("192.0.2.10", [EE_OTHER]),
        { address: "2001:db8::10", starttls: "ok", match: { matches: false, matched: [], rejected: [{ record: TA, reason: "name" }] } },
      ],
    }));
    expect(result.findings).toMatchObject([{ id: "dane-tlsa-mismatch", severity: "critical", host: HOST }]);
    const detail = result.findings[0]!.detail;
    expect(detail).toContain("192.0.2.10: matched 3 1 1 cccccccccccccccc…");
    expect(detail).toContain("2001:db8::10: the presented chain matches no record");
    expect(detail).toContain("not for this host name");
    expect(result.state).toBe("mismatch");
    expect(result.endpoints).toEqual([
      { address: "192.0.2.10", dane: { matches: true, matched: [EE_OTHER] } },
      { address: "2001:db8::10", dane: { matches: false, matched: [] } },
    ]);
    expect(isProtectedByDane(result)).toBe(false);
  });

  it.each(["not-offered", "failed"] as const)("dane-tlsa-mismatch when STARTTLS is %s: TLS is mandatory with usable TLSA (RFC 7672 §2.2)", (starttls) => {
    const result = evaluateDane(input({ endpoints: [ok("192.0.2.10", [EE_NOW]), { address: "192.0.2.11", starttls }] }));
    expect(result.findings.map((f) => f.id)).toEqual(["dane-tlsa-mismatch"]);
    expect(result.endpoints[1]).toEqual({ address: "192.0.2.11", dane: { matches: false, matched: [] } });
  });

  it("dane-rollover-risk (low): the only usable record pins the current key (RFC 7671 §8.1)", () => {
    const result = evaluateDane(input({ tlsa: tlsa("present", [EE_NOW]) }));
    expect(result.findings).toMatchObject([{ id: "dane-rollover-risk", severity: "low", host: HOST }]);
    expect(isProtectedByDane(result)).toBe(true);
  });

  it("dane-rollover-risk when each address pins its own current key (RFC 7671 §8.1)", () => {
    expect(ids({ tlsa: tlsa("present", [EE_NOW, EE_OTHER]), endpoints: [ok("192.0.2.10", [EE_NOW]), ok("192.0.2.11", [EE_OTHER])] })).toEqual(["dane-rollover-risk"]);
  });

  it("no rollover risk beside a mismatch: the bigger problem is now (RFC 7672 §3)", () => {
    expect(ids({ tlsa: tlsa("present", [EE_NOW]), endpoints: [ok("192.0.2.10", [EE_NOW]), { address: "192.0.2.11", starttls: "not-offered" }] })).toEqual(["dane-tlsa-mismatch"]);
  });
});

describe("evaluateDane: inconclusive and unjudged inputs", () => {
  it("unreachable / rate-limited / blocked addresses neither match nor fail (spec mx[].endpoints)", () => {
    const result = evaluateDane(input({
      endpoints: [{ address: "192.0.2.10", starttls: "unreachable" }, { address: "192.0.2.11", starttls: "rate-limited" }, { address: "10.0.0.1", starttls: "blocked" }],
    }));
    // Nothing was compared with the records: inconclusive ("protected-unverified"), neither a
    // "protected ... matching" claim nor a mismatch, and no endpoint carries `dane`.
    expect(result).toMatchObject({ state: "protected-unverified", findings: [], endpointsReached: 0, daneEeOnly: false });
    expect(result.endpoints.every((e) => e.dane === undefined)).toBe(true);
    expect(isProtectedByDane(result)).toBe(true); // judged from what is published (spec catalogue rules)
  });

  it("an unreachable address beside a matching one does not raise a mismatch", () => {
    expect(ids({ endpoints: [ok("192.0.2.10", [EE_NOW]), { address: "192.0.2.11", starttls: "unreachable" }] })).toEqual([]);
  });

  it("resolver not validating: nothing judged, even a would-be mismatch (spec Resolver trust)", () => {
    const result = evaluateDane(input({ resolverValidating: false, endpoints: [ok("192.0.2.10")] }));
    expect(result).toMatchObject({ state: "unverifiable", findings: [] });
    expect(isProtectedByDane(result)).toBe(false);
  });

  it.each([
    ["bogus address records", { addressDnssec: "bogus" as const }],
    ["a bogus TLSA answer", { tlsa: tlsa("bogus", [EE_NOW], "bogus") }],
  ])("%s: state bogus, no dane-* finding (dnssec-bogus is raised by evaluate-dnssec, RFC 4035 §5.5)", (_name, over) => {
    const result = evaluateDane(input(over));
    expect(result).toMatchObject({ state: "bogus", findings: [] });
    expect(isProtectedByDane(result)).toBe(false);
  });

  it("a failed TLSA lookup is unknown, not absent: no finding, no tlsa field (RFC 7672 §2.1.1)", () => {
    const result = evaluateDane(input({ tlsa: tlsa("unknown", [], "insecure") }));
    expect(result).toMatchObject({ state: "lookup-failed", findings: [] });
    expect(result.tlsa).toBeUndefined();
    expect(isProtectedByDane(result)).toBe(false);
  });
});

describe("daneEeOnly (spec severity context: senders ignore name and expiry, RFC 7672 §3.1.1)", () => {
  it("false when an address matched through DANE-TA only (RFC 7672 §3.1.2 checks names and dates)", () => {
    expect(evaluateDane(input({ tlsa: tlsa("present", [TA, EE_NEXT]), endpoints: [ok("192.0.2.10", [TA])] })).daneEeOnly).toBe(false);
  });

  it("false when the host is not protected", () => {
    expect(evaluateDane(input({ endpoints: [ok("192.0.2.10")] })).daneEeOnly).toBe(false);
  });
});

describe("hasRolloverRisk (RFC 7671 §8.1)", () => {
  const m = (...matched: string[]) => ({ matches: matched.length > 0, matched });
  const cases: [string, string[], ReturnType<typeof m>[], boolean][] = [
    ["one 3 1 1, matching now → risk", [EE_NOW], [m(EE_NOW)], true],
    ["3 1 1 now + 3 1 1 next → no risk", [EE_NOW, EE_NEXT], [m(EE_NOW)], false],
    ["3 1 1 now + 2 1 1 issuing CA → no risk", [EE_NOW, TA], [m(EE_NOW, TA)], false],
    ["2 1 1 alone → no risk (survives leaf key changes)", [TA], [m(TA)], false],
    ["3 1 1 and 3 1 2 of the same key → risk", [EE_NOW, `3 1 2 ${"aa".repeat(64)}`], [m(EE_NOW, `3 1 2 ${"aa".repeat(64)}`)], true],
    ["nothing presented → unknown, no risk", [EE_NOW], [], false],
    ["no usable records → no risk", [], [m()], false],
  ];
  it.each(cases)("%s", (_name, usable, matches, expected) => {
    expect(hasRolloverRisk(usable, matches)).toBe(expected);
  });
});
