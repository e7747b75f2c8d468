import { describe, expect, it } from "vitest";
import { evaluateMtaSts } from "@/lib/scan/checks/mta-sts/evaluate";
import { lookupMtaStsRecord } from "@/lib/scan/checks/mta-sts/lookup-record";
import type { MtaStsObservations, MtaStsPolicyFetch, MtaStsRecordLookup, MxTlsVerdict } from "@/lib/scan/checks/mta-sts/types";
import { zoneResolver } from "@/tests/helpers/zone-resolver";

const DOMAIN = "example.test";
const RECORD = "v=STSv1; id=20260101T000000";
const policyBody = (mode = "enforce", maxAge = 604800, mx = ["mx1.example.test", "*.backup.example.test"]) =>
  `version: STSv1\nmode: ${mode}\n${mx.map((m) => `mx: ${m}\n`).join("")}max_age: ${maxAge}\n`;

const present = (...records: string[]): MtaStsRecordLookup => ({ name: `_mta-sts.${DOMAIN}`, outcome: "present", records, dnssec: "insecure", cnames: [] });
const absent: MtaStsRecordLookup = { name: `_mta-sts.${DOMAIN}`, outcome: "absent", records: [], dnssec: "insecure", cnames: [] };
const unknown: MtaStsRecordLookup = { name: `_mta-sts.${DOMAIN}`, outcome: "unknown", records: [], dnssec: "insecure", cnames: [], error: "timeout" };
const served = (body = policyBody(), contentType: string | null = "text/plain; charset=utf-8", status = 200): MtaStsPolicyFetch => ({ kind: "ok", status, contentType, body });
const goodMx: MxTlsVerdict[] = [
  { host: "mx1.example.test", tlsOk: true },
  { host: "a.backup.example.test", tlsOk: true },
];

function evaluate(partial: Partial<MtaStsObservations>) {
  return evaluateMtaSts({ domain: DOMAIN, record: present(RECORD), policy: served(), mx: goodMx, ...partial });
}
const ids = (result: ReturnType<typeof evaluate>) => result.findings.map((f) => f.id).sort();

describe("evaluateMtaSts", () => {
  it("clean enforce policy: no finding, pass, counts as protection, every MX covered", () => {
    const result = evaluate({});
    expect(result.findings).toEqual([]);
    expect(result.status).toBe("pass");
    expect(result.countsAsProtection).toBe(true);
    expect(result.record).toBe(RECORD);
    expect(result.recordId).toBe("20260101T000000");
    expect(result.policy).toEqual({ version: "STSv1", mode: "enforce", maxAge: 604800, mx: ["mx1.example.test", "*.backup.example.test"] });
    expect(result.coverage).toEqual([
      { host: "mx1.example.test", pattern: "mx1.example.test", matched: true, tlsOk: true, isProtected: true },
      { host: "a.backup.example.test", pattern: "*.backup.example.test", matched: true, tlsOk: true, isProtected: true },
    ]);
  });

  // Each row: the observation that raises exactly these ids (RFC 8461 section and the spec catalogue).
  const rows: { name: string; obs: Partial<MtaStsObservations>; ids: string[]; status: string; protection?: boolean }[] = [
    { name: "§3.1 no _mta-sts TXT, no policy → mta-sts-missing", obs: { record: absent, policy: { kind: "unavailable", reason: "NXDOMAIN" } }, ids: ["mta-sts-missing"], status: "missing" },
    { name: "§3.1 no TXT but a valid policy served → policy-without-record replaces missing", obs: { record: absent }, ids: ["mta-sts-policy-without-record"], status: "missing" },
    { name: "§3.1 no TXT and an invalid policy → plain missing", obs: { record: absent, policy: served("hello") }, ids: ["mta-sts-missing"], status: "missing" },
    { name: "§3.1 only unrelated TXT records → record-invalid (not without-record)", obs: { record: present("v=spf1 -all") }, ids: ["mta-sts-record-invalid"], status: "fail", protection: false },
    { name: "§3.1 two v=STSv1 records → record-invalid", obs: { record: present(RECORD, "v=STSv1; id=2") }, ids: ["mta-sts-record-invalid"], status: "fail", protection: false },
    { name: "§3.1 id with punctuation → record-invalid", obs: { record: present("v=STSv1; id=2026-01-01") }, ids: ["mta-sts-record-invalid"], status: "fail", protection: false },
    { name: "§3.3 unreachable policy host → policy-unavailable", obs: { policy: { kind: "unavailable", reason: "connection refused" } }, ids: ["mta-sts-policy-unavailable"], status: "fail", protection: false },
    { name: "§3.3 HTTP 404 → policy-unavailable", obs: { policy: served(policyBody(), "text/plain", 404) }, ids: ["mta-sts-policy-unavailable"], status: "fail", protection: false },
    { name: "§3.3 redirect replaces policy-unavailable", obs: { policy: { kind: "redirect", location: "https://www.example.test/" } }, ids: ["mta-sts-policy-redirect"], status: "fail", protection: false },
    { name: "§3.3 bad certificate replaces policy-unavailable", obs: { policy: { kind: "cert-invalid", reason: "certificate has expired" } }, ids: ["mta-sts-policy-cert-invalid"], status: "fail", protection: false },
    { name: "§3.2 policy larger than 64 KiB → policy-invalid", obs: { policy: { kind: "too-large" } }, ids: ["mta-sts-policy-invalid"], status: "fail", protection: false },
    { name: "§3.2 body breaks the grammar → policy-invalid", obs: { policy: served(policyBody("strict")) }, ids: ["mta-sts-policy-invalid"], status: "fail", protection: false },
    { name: "§3.2 text/html → content-type, no protection", obs: { policy: served(policyBody(), "text/html") }, ids: ["mta-sts-policy-content-type"], status: "warn", protection: false },
    { name: "§3.2 missing Content-Type → content-type", obs: { policy: served(policyBody(), null) }, ids: ["mta-sts-policy-content-type"], status: "warn", protection: false },
    { name: "§5 mode testing → mta-sts-testing", obs: { policy: served(policyBody("testing")) }, ids: ["mta-sts-testing"], status: "warn", protection: false },
    { name: "§5 mode none → mta-sts-mode-none (no mx checks)", obs: { policy: served(policyBody("none", 604800, [])), mx: [{ host: "other.example.net", tlsOk: false }] }, ids: ["mta-sts-mode-none"], status: "warn", protection: false },
    { name: "§3.2 max_age below a week → max-age-short", obs: { policy: served(policyBody("enforce", 86400)) }, ids: ["mta-sts-max-age-short"], status: "warn", protection: true },
    { name: "§4.1 MX outside every pattern in enforce → mx-mismatch", obs: { mx: [...goodMx, { host: "mx.other.example", tlsOk: true }] }, ids: ["mta-sts-mx-mismatch"], status: "fail", protection: true },
    { name: "§3.2 enforce served as text/html: senders discard it, so a mismatch is medium, not critical", obs: { policy: served(policyBody(), "text/html"), mx: [...goodMx, { host: "mx.other.example", tlsOk: true }] }, ids: ["mta-sts-mx-mismatch", "mta-sts-policy-content-type"], status: "warn", protection: false },
    { name: "§4.2 covered MX failing TLS in enforce → mx-tls-invalid", obs: { mx: [{ host: "mx1.example.test", tlsOk: false, reason: "certificate expired" }] }, ids: ["mta-sts-mx-tls-invalid"], status: "fail", protection: true },
    { name: "spec (target-private-address): private policy host replaces policy-unavailable", obs: { policy: { kind: "blocked-private", address: "10.0.0.5" } }, ids: ["target-private-address"], status: "fail", protection: false },
  ];

  it.each(rows)("$name", ({ obs, ids: expected, status, protection }) => {
    const result = evaluate(obs);
    expect(ids(result)).toEqual([...expected].sort());
    expect(result.status).toBe(status);
    if (protection !== undefined) expect(result.countsAsProtection).toBe(protection);
  });

  it("mx findings are critical in enforce and medium in testing, and carry the host", () => {
    const bad: MxTlsVerdict[] = [
      { host: "mx1.example.test", tlsOk: false, reason: "self-signed" },
      { host: "rogue.example.net", tlsOk: true },
    ];
    const enforce = evaluate({ mx: bad });
    expect(enforce.findings).toEqual([
      expect.objectContaining({ id: "mta-sts-mx-tls-invalid", severity: "critical", host: "mx1.example.test" }),
      expect.objectContaining({ id: "mta-sts-mx-mismatch", severity: "critical", host: "rogue.example.net" }),
    ]);
    const testing = evaluate({ mx: bad, policy: served(policyBody("testing")) });
    expect(testing.findings.filter((f) => f.id.startsWith("mta-sts-mx-")).map((f) => f.severity)).toEqual(["medium", "medium"]);
  });

  it("an enforce policy that senders never find (record invalid) gives medium mx findings", () => {
    const result = evaluate({ record: present("v=STSv1"), mx: [{ host: "rogue.example.net", tlsOk: true }] });
    expect(result.findings.find((f) => f.id === "mta-sts-mx-mismatch")?.severity).toBe("medium");
  });

  it("an unreachable MX is not a TLS failure and still counts as covered", () => {
    const result = evaluate({ mx: [{ host: "mx1.example.test", tlsOk: "unknown", reason: "port 25 blocked" }] });
    expect(result.findings).toEqual([]);
    expect(result.coverage[0]).toMatchObject({ matched: true, tlsOk: "unknown", isProtected: true });
  });

  it("a failing MX is not protected; a testing policy protects nothing", () => {
    const failing = evaluate({ mx: [{ host: "mx1.example.test", tlsOk: false }] });
    expect(failing.countsAsProtection).toBe(true);
    expect(failing.coverage[0]?.isProtected).toBe(false);
    const testing = evaluate({ policy: served(policyBody("testing")) });
    expect(testing.coverage.every((c) => c.matched && !c.isProtected)).toBe(true);
  });

  it("content type with parameters and odd case is text/plain", () => {
    expect(evaluate({ policy: served(policyBody(), "Text/Plain ; charset=UTF-8") }).findings).toEqual([]);
  });

  it("spec (Resolver trust, docs/architecture.md rule 8): record lookup failure is 'error' with no finding (unknown is not absent)", () => {
    const result = evaluate({ record: unknown });
    expect(result).toMatchObject({ status: "error", findings: [], countsAsProtection: false });
  });

  it("fetch not attempted: record judged, policy not", () => {
    expect(evaluate({ policy: null })).toMatchObject({ status: "error", findings: [] });
    expect(ids(evaluate({ policy: null, record: present("v=spf1 -all") }))).toEqual(["mta-sts-record-invalid"]);
  });
});

describe("lookupMtaStsRecord", () => {
  it("separates present, absent (NXDOMAIN and NODATA) and unknown, joining TXT strings", async () => {
    const dns = zoneResolver({
      "_mta-sts.a.test": { TXT: [["v=STSv1; ", "id=1"], "other"] },
      "_mta-sts.b.test": { A: ["192.0.2.1"] },
      "_mta-sts.c.test": { fail: "servfail" },
      "_mta-sts.d.test": { CNAME: "sts.provider.test" },
      "sts.provider.test": { TXT: ["v=STSv1; id=cname"] },
      // Bogus data arrives (as after the client's checking-disabled retry) but must not be trusted.
      "_mta-sts.e.test": { bogus: true, TXT: ["v=STSv1; id=forged"] },
    });
    expect(await lookupMtaStsRecord(dns, "a.test")).toMatchObject({ outcome: "present", records: ["v=STSv1; id=1", "other"] });
    expect(await lookupMtaStsRecord(dns, "b.test")).toMatchObject({ outcome: "absent", records: [] });
    expect(await lookupMtaStsRecord(dns, "nothing.test")).toMatchObject({ outcome: "absent" });
    expect(await lookupMtaStsRecord(dns, "c.test")).toMatchObject({ outcome: "unknown", error: "simulated servfail" });
    expect(await lookupMtaStsRecord(dns, "d.test")).toMatchObject({ outcome: "present", records: ["v=STSv1; id=cname"], cnames: ["sts.provider.test"] });
    expect(await lookupMtaStsRecord(dns, "e.test")).toMatchObject({ outcome: "unknown", dnssec: "bogus" });
    expect(dns.log.map((q) => q.outcome)).toEqual(["ok", "nodata", "nxdomain", "servfail", "ok", "ok"]);
  });
});
