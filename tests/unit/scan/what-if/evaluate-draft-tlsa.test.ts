import { createHash, X509Certificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { suggestTlsaRecords } from "@/lib/scan/suggest";
import type { ScanReport } from "@/lib/scan/types";
import { evaluateDraftTlsa, parseTlsaDraft, type PresentedChains } from "@/lib/scan/what-if";
import { createTestCa, type IssuedCertificate, type TestCa } from "@/tests/helpers/test-ca";
import { endpointFor, mxEntry, reportWith } from "../suggest/fixtures";

const MX1 = "mx1.example.com";
const MX2 = "mx2.example.com";
const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const spki = (pem: string) => new X509Certificate(pem).publicKey.export({ type: "spki", format: "der" });
const certDer = (pem: string) => new X509Certificate(pem).raw;

let ca: TestCa;
let leaf1: IssuedCertificate;
let leaf2: IssuedCertificate;
let wrongName: IssuedCertificate;
let report: ScanReport;
let chains: PresentedChains;
let ee1: string; // 3 1 1 of mx1's key
let ee2: string;
let taInt: string; // 2 1 1 of the intermediate

beforeAll(async () => {
  ca = await createTestCa();
  [leaf1, leaf2, wrongName] = await Promise.all([ca.issue({ names: [MX1] }), ca.issue({ names: [MX2] }), ca.issue({ names: ["other.example.net"] })]);
  report = reportWith([
    mxEntry(MX1, [endpointFor(ca, MX1, "192.0.2.1", leaf1.chainDer)]),
    mxEntry(MX2, [endpointFor(ca, MX2, "192.0.2.2", leaf2.chainDer)]),
  ]);
  chains = { [MX1]: { "192.0.2.1": leaf1.chainDer }, [MX2]: { "192.0.2.2": leaf2.chainDer } };
  ee1 = `3 1 1 ${sha256(spki(leaf1.certPem))}`;
  ee2 = `3 1 1 ${sha256(spki(leaf2.certPem))}`;
  taInt = `2 1 1 ${sha256(spki(ca.intermediatePem))}`;
});

const zone = (host: string, record: string) => `_25._tcp.${host}. IN TLSA ${record}`;
const verdicts = (r: ReturnType<typeof evaluateDraftTlsa>) => r.hosts.map((h) => [h.host, h.verdict]);

describe("parseTlsaDraft: zone-file or bare lines, errors with line numbers (RFC 6698 §2.2)", () => {
  it("reads both forms, skips blank and comment lines", () => {
    const draft = `; our records\n${zone(MX1, "3 1 1 AABB")}\n\n3600 IN TLSA 2 1 1 ccdd\n3 1 1 ee ff\n`;
    const parsed = parseTlsaDraft(draft, [MX1]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.records.map((r) => [r.line, r.host, r.text])).toEqual([
      [2, MX1, "3 1 1 aabb"],
      [4, undefined, "2 1 1 ccdd"],
      [5, undefined, "3 1 1 eeff"],
    ]);
  });

  it.each([
    ["RFC 7672 §2.2.3 the owner must be _25._tcp.<mx>", `_443._tcp.${MX1}. IN TLSA 3 1 1 aa`, "_25._tcp"],
    ["RFC 6698 §2.2 four fields", "3 1 1", "four fields"],
    ["RFC 6698 §2.2 the data is hex", "3 1 1 xyz0", "hex"],
    ["RFC 6698 §2.2 usage is a number", zone(MX1, "x 1 1 aa"), "four fields"],
    ["RFC 1035 §5.1 multi-line records are not read", `${zone(MX1, "3 1 1 (")}`, "multi-line"],
  ])("%s", (_rfc, line, message) => {
    const parsed = parseTlsaDraft(`${zone(MX1, "3 1 1 aa")}\n${line}`, [MX1]);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ line: 2, message: expect.stringContaining(message) });
  });

  it("an owner that is not an MX host of the scan is a warning", () => {
    const parsed = parseTlsaDraft(zone("mx9.example.com", "3 1 1 aa"), [MX1]);
    expect(parsed.warnings).toEqual([{ line: 1, message: expect.stringContaining("mx9.example.com") }]);
  });

  it("RFC 7672 §3.1.3 PKIX usages are read but unusable", () => {
    const parsed = parseTlsaDraft("1 1 1 aa", [MX1]);
    expect(parsed.records[0]).toMatchObject({ usable: false, unusableReason: expect.stringContaining("PKIX-EE") });
  });
});

describe("evaluateDraftTlsa from the stored report: x 1 1 only (RFC 7672 §3)", () => {
  it("RFC 7672 §3.1.1 3 1 1 per host, zone-file form: every host passes, safe to publish", () => {
    const result = evaluateDraftTlsa(`${zone(MX1, ee1)}\n${zone(MX2, ee2)}`, report);
    expect(verdicts(result)).toEqual([
      [MX1, "pass"],
      [MX2, "pass"],
    ]);
    expect(result.safeToPublish).toBe(true);
    expect(result.hosts[0]?.endpoints[0]).toMatchObject({ method: "stored-report", verdict: "pass", checks: [{ line: 1, record: ee1, outcome: "match" }] });
    // RFC 7671 §8.1: only the current key is pinned.
    expect(result.hosts.map((h) => h.rolloverRisk)).toEqual([true, true]);
  });

  it("RFC 7672 §3 a bare 3 1 1 applies to every MX host: the one whose key differs fails", () => {
    const result = evaluateDraftTlsa(ee1, report);
    expect(verdicts(result)).toEqual([
      [MX1, "pass"],
      [MX2, "fail"],
    ]);
    expect(result.safeToPublish).toBe(false);
    expect(result.blockers.join(" ")).toContain(MX2);
  });

  it("RFC 7672 §3.1.2 2 1 1 of a presented CA: digest, name and dates match, the signature path is not re-checkable", () => {
    const result = evaluateDraftTlsa(zone(MX1, taInt), reportWith([report.mx[0]!]));
    expect(result.hosts[0]?.endpoints[0]?.checks).toEqual([{ line: 1, record: taInt, outcome: "match-unverified", detail: expect.any(String) }]);
    expect(result.hosts[0]?.verdict).toBe("unknown");
    expect(result.safeToPublish).toBe(false);
  });

  it("RFC 7672 §3.2.2 2 1 1 with a leaf not for the MX name is rejected", () => {
    const bad = reportWith([mxEntry(MX1, [endpointFor(ca, MX1, "192.0.2.1", wrongName.chainDer)])]);
    const result = evaluateDraftTlsa(zone(MX1, taInt), bad);
    expect(result.hosts[0]?.endpoints[0]?.checks[0]).toMatchObject({ outcome: "ta-rejected", detail: expect.stringContaining("name") });
    expect(result.hosts[0]?.verdict).toBe("fail");
  });

  it.each([
    ["RFC 6698 §2.1.2 selector 0 (whole certificate)", (l: IssuedCertificate) => `3 0 1 ${sha256(certDer(l.certPem))}`],
    ["RFC 6698 §2.1.3 matching type 2 (SHA-512)", (l: IssuedCertificate) => `3 1 2 ${createHash("sha512").update(spki(l.certPem)).digest("hex")}`],
    ["RFC 6698 §2.1.3 matching type 0 (full SPKI)", (l: IssuedCertificate) => `3 1 0 ${spki(l.certPem).toString("hex")}`],
  ])("%s is not checkable from a stored report, but is with the chains", (_rfc, make) => {
    const record = make(leaf1);
    const draft = zone(MX1, record);
    const stored = evaluateDraftTlsa(draft, report);
    expect(stored.hosts[0]?.endpoints[0]?.checks[0]?.outcome).toBe("not-checkable");
    expect(stored.hosts[0]?.verdict).toBe("unknown");
    const withChains = evaluateDraftTlsa(draft, report, chains);
    expect(withChains.hosts[0]?.endpoints[0]).toMatchObject({ method: "presented-chain", verdict: "pass" });
  });

  it("RFC 7672 §3.1.3 only PKIX records: nothing changes for DANE senders, nothing to publish", () => {
    const result = evaluateDraftTlsa(zone(MX1, ee1.replace(/^3/, "1")), report);
    expect(verdicts(result)).toEqual([
      [MX1, "no-records"],
      [MX2, "no-records"],
    ]);
    expect(result.hosts[0]?.endpoints[0]?.checks[0]?.outcome).toBe("unusable");
    expect(result.safeToPublish).toBe(false);
  });

  it("RFC 7672 §2.2 an MX that offers no STARTTLS fails any usable record; unreachable is inconclusive", () => {
    const r = reportWith([
      mxEntry(MX1, [{ address: "192.0.2.1", starttls: "not-offered" }]),
      mxEntry(MX2, [{ address: "192.0.2.2", starttls: "unreachable" }]),
    ]);
    const result = evaluateDraftTlsa(`${zone(MX1, ee1)}\n${zone(MX2, ee2)}`, r);
    expect(verdicts(result)).toEqual([
      [MX1, "fail"],
      [MX2, "unknown"],
    ]);
    expect(result.hosts[1]?.endpoints[0]?.verdict).toBe("inconclusive");
  });

  it("RFC 7672 §2.2.3 records for a host without DNSSEC are noted: senders ignore them", () => {
    const r = reportWith([mxEntry(MX1, report.mx[0]!.endpoints, "insecure")]);
    const result = evaluateDraftTlsa(zone(MX1, ee1), r);
    expect(result.hosts[0]?.notes.join(" ")).toContain("not DNSSEC-authenticated");
  });

  it("RFC 7672 §2.2.3 an unsigned host's one verdict is ignored, never would-fail (issue 13 item 9)", () => {
    // A record that matches nothing: on a signed host it would fail; unsigned, senders ignore it.
    const r = reportWith([mxEntry(MX1, report.mx[0]!.endpoints, "insecure"), mxEntry(MX2, report.mx[1]!.endpoints, "insecure")]);
    const result = evaluateDraftTlsa(zone(MX1, ee2), r);
    expect(verdicts(result)).toEqual([
      [MX1, "ignored"],
      [MX2, "no-records"],
    ]);
    expect(result.blockers.join(" ")).not.toMatch(/would not deliver/);
    expect(result.hosts[0]?.notes).toEqual([expect.stringContaining("senders ignore TLSA records")]);
    // The per-address comparison is still there, as information.
    expect(result.hosts[0]?.endpoints[0]?.checks.map((c) => c.outcome)).toEqual(["no-match"]);
  });

  it("Resolver trust: a report whose resolver did not validate proves no host signed, so records are ignored", () => {
    const r = reportWith([mxEntry(MX1, report.mx[0]!.endpoints, "secure")]);
    const unvalidated: typeof r = { ...r, checks: { ...r.checks, dane: { status: "error", resolverValidating: false } } };
    expect(verdicts(evaluateDraftTlsa(zone(MX1, ee2), unvalidated))).toEqual([[MX1, "ignored"]]);
    expect(evaluateDraftTlsa(zone(MX1, ee2), unvalidated).hosts[0]?.notes.join(" ")).toContain("did not validate DNSSEC");
    // The same draft on the validated, signed host is a real failure.
    expect(verdicts(evaluateDraftTlsa(zone(MX1, ee2), r))).toEqual([[MX1, "fail"]]);
  });

  it("parse errors block publishing even when the readable lines match", () => {
    const result = evaluateDraftTlsa(`${zone(MX1, ee1)}\n${zone(MX2, ee2)}\n3 1 1 nothex!`, report);
    expect(result.errors).toEqual([{ line: 3, message: expect.any(String) }]);
    expect(result.safeToPublish).toBe(false);
  });
});

describe("evaluateDraftTlsa with the presented chains: matchTlsa, as the DANE check does", () => {
  it("RFC 7671 §8 the suggested rollover pair passes with no rollover risk", () => {
    const suggested = suggestTlsaRecords({
      now: new Date(),
      mx: [
        { host: MX1, tlsOk: true, chains: [leaf1.chainDer] },
        { host: MX2, tlsOk: true, chains: [leaf2.chainDer] },
      ],
    });
    const result = evaluateDraftTlsa(suggested.records.join("\n"), report, chains);
    expect(result.errors).toEqual([]);
    expect(verdicts(result)).toEqual([
      [MX1, "pass"],
      [MX2, "pass"],
    ]);
    expect(result.hosts.map((h) => h.rolloverRisk)).toEqual([false, false]);
    expect(result.safeToPublish).toBe(true);
    // From the stored report alone the same set passes too: its 3 1 1 records are checked exactly.
    expect(evaluateDraftTlsa(suggested.records.join("\n"), report).safeToPublish).toBe(true);
  });

  it("RFC 7672 §3.1.2 a 2 1 1 of a CA that is not in the chain does not match", async () => {
    const stranger = await createTestCa();
    const record = `2 1 1 ${sha256(spki(stranger.intermediatePem))}`;
    const result = evaluateDraftTlsa(zone(MX1, record), report, chains);
    expect(result.hosts[0]?.endpoints[0]?.checks[0]?.outcome).toBe("no-match");
    expect(result.hosts[0]?.verdict).toBe("fail");
  });
});
