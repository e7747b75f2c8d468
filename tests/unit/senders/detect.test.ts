/** The detector rules over sender reports (lib/report/senders/detect.ts), table-driven. */
import { describe, expect, it } from "vitest";
import {
  failuresAfterChange,
  firstSeenFailures,
  normalizeStsPolicy,
  policyMismatches,
  possibleStripping,
  silentReporters,
  unknownReceivingIps,
  type ReportedFailure,
  type ScanFacts,
} from "../../../lib/report/senders/detect";
import { canonicalIp, shortDigest } from "../../../lib/report/senders/kinds";

const scan = (starttls: string[] = ["ok", "ok"], policy: string | null = "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmax_age: 86400\n"): ScanFacts => ({
  mx: [
    { host: "mx1.example.com", endpoints: starttls.map((s, i) => ({ address: canonicalIp(i === 0 ? "192.0.2.10" : "2001:db8::10"), starttls: s })) },
    { host: "mx2.example.com", endpoints: [{ address: "192.0.2.20", starttls: "ok" }] },
  ],
  stsPolicyText: policy,
});

const fail = (orgName: string, over: Partial<ReportedFailure> = {}): ReportedFailure => ({
  orgName,
  policyType: "sts",
  resultType: "starttls-not-supported",
  receivingMxHost: "mx1.example.com",
  receivingIp: null,
  failedSessions: 3,
  ...over,
});

describe("canonicalIp", () => {
  it.each([
    ["192.0.2.1", "192.0.2.1"],
    ["2001:DB8::0:1", "2001:db8:0:0:0:0:0:1"],
    ["2001:db8:0:0:0:0:0:1", "2001:db8:0:0:0:0:0:1"],
    ["[2001:db8::1]", "2001:db8:0:0:0:0:0:1"],
    ["::ffff:192.0.2.1", "0:0:0:0:0:ffff:c000:201"],
    ["not an ip", "not an ip"],
  ])("%s → %s", (input, out) => expect(canonicalIp(input)).toBe(out));
});

describe("possibleStripping", () => {
  const cases: { name: string; failures: ReportedFailure[]; scan: ScanFacts | null; fires: boolean }[] = [
    { name: "two organisations, scan saw STARTTLS", failures: [fail("Google"), fail("Microsoft")], scan: scan(), fires: true },
    { name: "one organisation twice", failures: [fail("Google"), fail("google ")], scan: scan(), fires: false },
    { name: "the scan agrees: an address did not offer STARTTLS", failures: [fail("Google"), fail("Microsoft")], scan: scan(["ok", "not-offered"]), fires: false },
    { name: "the scan could not reach the MX", failures: [fail("Google"), fail("Microsoft")], scan: scan(["unreachable", "unreachable"]), fires: false },
    { name: "no scan", failures: [fail("Google"), fail("Microsoft")], scan: null, fires: false },
    { name: "another result type", failures: [fail("Google", { resultType: "certificate-expired" }), fail("Microsoft", { resultType: "certificate-expired" })], scan: scan(), fires: false },
    { name: "zero failed sessions", failures: [fail("Google", { failedSessions: 0 }), fail("Microsoft")], scan: scan(), fires: false },
    { name: "MX named by address only, with a trailing dot elsewhere", failures: [fail("Google", { receivingMxHost: null, receivingIp: "192.0.2.10" }), fail("Yahoo", { receivingMxHost: "MX1.example.com." })], scan: scan(), fires: true },
    { name: "an MX the scan does not know", failures: [fail("Google", { receivingMxHost: "mx9.example.com" }), fail("Yahoo", { receivingMxHost: "mx9.example.com" })], scan: scan(), fires: false },
  ];
  it.each(cases)("$name", ({ failures, scan: s, fires }) => {
    const events = possibleStripping(failures, s);
    expect(events.length).toBe(fires ? 1 : 0);
    if (fires) expect(events[0]).toMatchObject({ kind: "sender-possible-stripping", severity: "critical", subject: "mx1.example.com" });
  });
});

describe("firstSeenFailures", () => {
  it("one candidate per (result type, MX), serious types rated high", () => {
    const events = firstSeenFailures(
      [fail("A"), fail("B"), fail("A", { resultType: "sts-policy-fetch-error" }), fail("A", { receivingMxHost: "mx2.example.com" }), fail("C", { resultType: "x-unknown", failedSessions: 0 })],
      scan(),
    );
    expect(events.map((e) => [e.subject, e.severity])).toEqual([
      ["starttls-not-supported@mx1.example.com", "high"],
      ["sts-policy-fetch-error@mx1.example.com", "medium"],
      ["starttls-not-supported@mx2.example.com", "high"],
    ]);
  });
});

describe("unknownReceivingIps", () => {
  it.each([
    { ip: "192.0.2.10", fires: false },
    { ip: "2001:DB8::10", fires: false },
    { ip: "198.51.100.7", fires: true },
    { ip: "", fires: false },
  ])("$ip → $fires", ({ ip, fires }) => {
    const events = unknownReceivingIps([fail("Google", { receivingIp: ip || null })], scan());
    expect(events.length).toBe(fires ? 1 : 0);
    if (fires) expect(events[0]).toMatchObject({ kind: "sender-unknown-receiving-ip", subject: ip });
  });
  it("says nothing without a scan or without resolved addresses", () => {
    expect(unknownReceivingIps([fail("G", { receivingIp: "198.51.100.7" })], null)).toEqual([]);
    expect(unknownReceivingIps([fail("G", { receivingIp: "198.51.100.7" })], { mx: [], stsPolicyText: null })).toEqual([]);
  });
});

describe("policyMismatches", () => {
  const served = ["version: STSv1", "mode: enforce", "mx: mx1.example.com", "max_age: 86400"];
  it.each([
    { name: "same lines", strings: served, fires: false },
    { name: "same lines in another order and case of keys", strings: ["MX: mx1.example.com", "max_age:86400", "version: STSv1", "mode: enforce"], fires: false },
    { name: "mode differs", strings: ["version: STSv1", "mode: testing", "mx: mx1.example.com", "max_age: 86400"], fires: true },
    { name: "another mx", strings: ["version: STSv1", "mode: enforce", "mx: *.example.net", "max_age: 86400"], fires: true },
  ])("$name", ({ strings, fires }) => {
    const events = policyMismatches([{ orgName: "Google", policyType: "sts", policyStrings: strings }], scan());
    expect(events.length).toBe(fires ? 1 : 0);
    if (fires) expect(events[0]!.subject).toBe(`sts:${shortDigest(normalizeStsPolicy(strings))}`);
  });
  it("ignores tlsa policies and scans without a fetched policy", () => {
    expect(policyMismatches([{ orgName: "G", policyType: "tlsa", policyStrings: ["3 1 1 abcd"] }], scan())).toEqual([]);
    expect(policyMismatches([{ orgName: "G", policyType: "sts", policyStrings: ["mode: testing"] }], scan(["ok"], null))).toEqual([]);
  });
});

describe("failuresAfterChange", () => {
  const change = { id: "ev-1", kind: "mx-change", at: new Date("2026-12-03T10:00:00Z"), summary: "MX set changed: added mx3.example.com." };
  const range = (start: string, end: string) => ({ start: new Date(start), end: new Date(end) });
  it.each([
    { name: "report of the change's day, quiet before", r: range("2026-12-03T00:00:00Z", "2026-12-04T00:00:00Z"), days: [], kinds: ["mx-change"], fires: true },
    { name: "report of the next day", r: range("2026-12-04T00:00:00Z", "2026-12-05T00:00:00Z"), days: [], kinds: ["mx-change"], fires: true },
    { name: "report two days later", r: range("2026-12-05T00:00:00Z", "2026-12-06T00:00:00Z"), days: [], kinds: ["mx-change"], fires: false },
    { name: "report before the change", r: range("2026-12-02T00:00:00Z", "2026-12-03T00:00:00Z"), days: [], kinds: ["mx-change"], fires: false },
    { name: "failures already the day before", r: range("2026-12-03T00:00:00Z", "2026-12-04T00:00:00Z"), days: [{ day: "2026-12-02", failures: 4 }], kinds: ["mx-change"], fires: false },
    { name: "a kind that does not touch TLS", r: range("2026-12-03T00:00:00Z", "2026-12-04T00:00:00Z"), days: [], kinds: ["grade-drop"], fires: false },
  ])("$name", ({ r, days, kinds, fires }) => {
    const events = failuresAfterChange({ range: r, failedSessions: 5, days, changes: kinds.map((k) => ({ ...change, kind: k })) });
    expect(events.length).toBe(fires ? 1 : 0);
    if (fires) expect(events[0]).toMatchObject({ kind: "sender-failures-after-change", subject: "ev-1", summary: expect.stringContaining("MX set changed") });
  });
  it("no failures, no event", () => {
    expect(failuresAfterChange({ range: range("2026-12-03T00:00:00Z", "2026-12-04T00:00:00Z"), failedSessions: 0, days: [], changes: [change] })).toEqual([]);
  });
});

describe("silentReporters", () => {
  const days = (n: number, lastDay: string) => Array.from({ length: n }, (_, i) => new Date(Date.parse(`${lastDay}T00:00:00Z`) - i * 86_400_000).toISOString().slice(0, 10));
  const now = new Date("2026-12-10T12:00:00Z");
  it.each([
    { name: "daily reporter quiet for 4 days", d: days(10, "2026-12-05"), end: "2026-12-06T00:00:00Z", fires: true },
    { name: "daily reporter quiet for 2 days", d: days(10, "2026-12-07"), end: "2026-12-08T00:00:00Z", fires: false },
    { name: "occasional reporter quiet for a week", d: ["2026-11-20", "2026-12-02"], end: "2026-12-03T00:00:00Z", fires: false },
  ])("$name", ({ d, end, fires }) => {
    const events = silentReporters([{ orgName: "Google", days: d, lastRangeEnd: new Date(end) }], now);
    expect(events.length).toBe(fires ? 1 : 0);
    if (fires) expect(events[0]).toMatchObject({ kind: "sender-silent", subject: "google@2026-12-06" });
  });
});
