/**
 * Issue 13 item 8: a signed, usable TLSA set whose MX refuses every connection was reported as
 * DANE "pass", "authenticated, usable and matching". Nothing was compared with the records, so
 * the area is inconclusive; the exposure model still judges from what is published and valid
 * (spec, finding catalogue), and says the records were not checked.
 */
import { describe, expect, it } from "vitest";
import { checkDane } from "@/lib/scan/checks/dane";
import type { TlsaLookup } from "@/lib/scan/checks/dane/lookup-tlsa";
import { formatTlsaRecord, parseTlsaString } from "@/lib/scan/checks/dane/tlsa-record";
import type { MxHostObservation, MxObservation } from "@/lib/scan/checks/mx/lookup-mx";
import type { ProbedHost } from "@/lib/scan/checks/starttls/probe-hosts";
import { evaluateScanExposure } from "@/lib/scan/posture/exposure";
import type { StarttlsState } from "@/lib/scan/types";
import { areaSummary } from "@/lib/report/area-facts";
import { mxEntry, reportWith } from "../../suggest/fixtures";

const DOMAIN = "example.test";
const EE = `3 1 1 ${"aa".repeat(32)}`;

function mxHost(host: string, addresses: string[]): MxHostObservation {
  const family = { outcome: "ok" as const, dnssec: "secure" as const, addresses };
  return { host, preference: 10, implicit: false, dnssec: "secure", ipv4: family, ipv6: { ...family, addresses: [] }, addresses };
}
function tlsa(host: string, strings: string[]): TlsaLookup {
  const records = strings.map((s) => parseTlsaString(s)!);
  return { name: `_25._tcp.${host}`, outcome: strings.length > 0 ? "present" : "absent", dnssec: "secure", records, strings: records.map(formatTlsaRecord), cnames: [] };
}
function probed(host: string, states: [string, StarttlsState][]): ProbedHost {
  return { host, blockedAddresses: [], endpoints: states.map(([address, starttls]) => ({ endpoint: { address, starttls, detail: "connection refused" }, peerChain: [] })) };
}

function scan(hosts: { host: string; records: string[]; endpoints: [string, StarttlsState][] }[]) {
  const mx: MxObservation = { kind: "mx", dnssec: "secure", hosts: hosts.map((h) => mxHost(h.host, h.endpoints.map(([a]) => a))) };
  const dane = checkDane({
    domain: DOMAIN,
    mx,
    tlsa: hosts.map((h) => tlsa(h.host, h.records)),
    probed: hosts.map((h) => probed(h.host, h.endpoints)),
    resolverValidating: true,
    now: new Date(),
  });
  const exposure = evaluateScanExposure({ domain: DOMAIN, mx, mtaSts: { countsAsProtection: false, coverage: [] }, dane: dane.hosts });
  return { dane, exposure };
}

describe("checkDane: usable TLSA, every endpoint unreached", () => {
  const states: StarttlsState[] = ["unreachable", "rate-limited", "blocked", "skipped"];

  it.each(states)("all endpoints %s → inconclusive, never pass, no endpoint dane, no finding", (state) => {
    const { dane } = scan([{ host: "mx1.example.test", records: [EE], endpoints: [["192.0.2.10", state], ["2001:db8::10", state]] }]);
    const [host] = dane.hosts;
    expect(host!.state).toBe("protected-unverified");
    expect(host!.endpoints.every((e) => e.dane === undefined)).toBe(true);
    expect(host!.findings).toEqual([]);
    expect(dane.dnssec.check.status).toBe("error");
    // The area says why it is inconclusive (rendered as the area's verdict sentence).
    expect(dane.dnssec.check.error).toBe("no connection to mx1.example.test succeeded, so the TLSA records were not compared with a presented certificate");
  });

  it("exposure: published, authenticated, usable TLSA counts, and says it was not checked", () => {
    const { exposure } = scan([{ host: "mx1.example.test", records: [EE], endpoints: [["192.0.2.10", "unreachable"]] }]);
    const [h] = exposure.hosts;
    expect(h!.dane).toBe(true);
    expect(h!.why).toContain("DANE: TLSA published but not checked (no connection)");
    expect(h!.why).not.toContain("matching");
    expect(h!.reasons[0]).toMatchObject({ path: "dane", state: "protected-unverified", broken: false });
    expect(exposure.verdict).toBe("partial");
    expect(exposure.findings.map((f) => f.id)).toEqual(["starttls-stripping-partial"]);
  });

  it("an unreached host with usable TLSA beside a host without TLSA → warn, no error text", () => {
    const { dane } = scan([
      { host: "mx1.example.test", records: [EE], endpoints: [["192.0.2.10", "unreachable"]] },
      { host: "mx2.example.test", records: [], endpoints: [["192.0.2.11", "unreachable"]] },
    ]);
    expect(dane.hosts.map((h) => h.state)).toEqual(["protected-unverified", "no-tlsa"]);
    // mx2 has no TLSA at all: DANE is only partly published whatever mx1 would match.
    expect(dane.dnssec.check.status).toBe("warn");
    expect(dane.dnssec.check.error).toBeUndefined();
  });

  it("a reached endpoint that does not match still fails beside an unreached one (RFC 7672 §3)", () => {
    const { dane, exposure } = scan([{ host: "mx1.example.test", records: [EE], endpoints: [["192.0.2.10", "unreachable"], ["192.0.2.11", "not-offered"]] }]);
    expect(dane.hosts[0]!.state).toBe("mismatch");
    expect(dane.dnssec.check.status).toBe("fail");
    expect(exposure.verdict).toBe("exposed");
  });
});

describe("the DANE area's verdict sentence says why it is inconclusive", () => {
  it("names the host and that no connection succeeded", () => {
    const { dane } = scan([{ host: "mx1.example.test", records: [EE], endpoints: [["192.0.2.10", "unreachable"]] }]);
    const report = reportWith([mxEntry("mx1.example.test", [{ address: "192.0.2.10", starttls: "unreachable" }])], DOMAIN);
    report.checks.dane = { ...dane.dnssec.check, resolverValidating: true };
    const area = areaSummary(report, "dane", new Date());
    expect(area.status).toBe("error");
    expect(area.verdict).toContain("no connection to mx1.example.test succeeded, so the TLSA records were not compared with a presented certificate");
    expect(area.verdict).not.toMatch(/match/);
  });
});
