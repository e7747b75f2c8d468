import { beforeAll, describe, expect, it } from "vitest";
import { suggestMtaStsPolicy } from "@/lib/scan/suggest";
import type { Endpoint, ScanReport } from "@/lib/scan/types";
import { evaluateDraftPolicy } from "@/lib/scan/what-if";
import { createTestCa, type TestCa } from "@/tests/helpers/test-ca";
import { endpointFor, mxEntry, reportWith } from "../suggest/fixtures";

const MX1 = "mx1.example.com";
const MX2 = "mx2.example.com";
const policy = (mode: string, mx: string[], maxAge = 604800) => `version: STSv1\nmode: ${mode}\n${mx.map((m) => `mx: ${m}\n`).join("")}max_age: ${maxAge}\n`;

let ca: TestCa;
let good1: Endpoint;
let good2: Endpoint;
let untrusted2: Endpoint;
let report: ScanReport;

beforeAll(async () => {
  ca = await createTestCa();
  const other = await createTestCa();
  const [l1, l2, bad] = await Promise.all([ca.issue({ names: [MX1] }), ca.issue({ names: [MX2] }), other.issue({ names: [MX2] })]);
  good1 = endpointFor(ca, MX1, "192.0.2.1", l1.chainDer);
  good2 = endpointFor(ca, MX2, "192.0.2.2", l2.chainDer);
  untrusted2 = endpointFor(ca, MX2, "192.0.2.2", bad.chainDer); // trusted only under `other`
  report = reportWith([mxEntry(MX1, [good1]), mxEntry(MX2, [good2])]);
});

describe("evaluateDraftPolicy: a draft policy against the last scan (RFC 8461)", () => {
  it("§4.1 §4.2 a draft covering every MX, all passing TLS: safe to enforce, no finding", () => {
    const result = evaluateDraftPolicy(policy("enforce", [MX1, MX2]), report);
    if (!result.valid) throw new Error("expected a valid draft");
    expect(result.safeToEnforce).toBe(true);
    expect(result.blockers).toEqual([]);
    expect(result.findings).toEqual([]);
    expect(result.countsAsProtection).toBe(true);
    expect(result.hosts.map((h) => [h.host, h.pattern, h.wouldPass])).toEqual([
      [MX1, MX1, true],
      [MX2, MX2, true],
    ]);
  });

  it("§4.1 a wildcard covers both MX hosts (exactly one label)", () => {
    const result = evaluateDraftPolicy(policy("enforce", ["*.example.com"]), report);
    expect(result.valid && result.hosts.map((h) => h.pattern)).toEqual(["*.example.com", "*.example.com"]);
    expect(result.valid && result.safeToEnforce).toBe(true);
  });

  it("§4.1 an MX the draft misses: not safe, mta-sts-mx-mismatch critical in enforce", () => {
    const result = evaluateDraftPolicy(policy("enforce", [MX1]), report);
    if (!result.valid) throw new Error("expected a valid draft");
    expect(result.safeToEnforce).toBe(false);
    expect(result.hosts.find((h) => h.host === MX2)).toMatchObject({ matched: false, wouldPass: false });
    expect(result.findings.map((f) => [f.id, f.severity, f.host])).toEqual([["mta-sts-mx-mismatch", "critical", MX2]]);
    expect(result.blockers.join(" ")).toContain(MX2);
  });

  it("§4.2 a covered MX whose certificate is untrusted: not safe, mta-sts-mx-tls-invalid", () => {
    const bad = reportWith([mxEntry(MX1, [good1]), mxEntry(MX2, [untrusted2])]);
    const result = evaluateDraftPolicy(policy("enforce", [MX1, MX2]), bad);
    if (!result.valid) throw new Error("expected a valid draft");
    expect(result.safeToEnforce).toBe(false);
    expect(result.hosts[1]).toMatchObject({ host: MX2, matched: true, tlsOk: false, wouldPass: false });
    expect(result.findings.map((f) => f.id)).toEqual(["mta-sts-mx-tls-invalid"]);
  });

  it("§5 in testing mode the same draft raises mta-sts-testing, and the mismatch only at medium", () => {
    const result = evaluateDraftPolicy(policy("testing", [MX1], 86400), report);
    if (!result.valid) throw new Error("expected a valid draft");
    expect(result.findings.map((f) => [f.id, f.severity])).toEqual([
      ["mta-sts-testing", "medium"],
      ["mta-sts-max-age-short", "low"],
      ["mta-sts-mx-mismatch", "medium"],
    ]);
    expect(result.countsAsProtection).toBe(false);
  });

  it("spec: an unreachable MX is inconclusive, so enforcing it is not known to be safe", () => {
    const unreachable = reportWith([mxEntry(MX1, [good1]), mxEntry(MX2, [{ address: "192.0.2.2", starttls: "unreachable" }])]);
    const result = evaluateDraftPolicy(policy("enforce", [MX1, MX2]), unreachable);
    if (!result.valid) throw new Error("expected a valid draft");
    expect(result.hosts[1]).toMatchObject({ tlsOk: "unknown", wouldPass: "unknown" });
    expect(result.safeToEnforce).toBe(false);
    // Spec: unreachable is not a failure, so no finding is raised for it.
    expect(result.findings).toEqual([]);
  });

  it("a report without MX hosts (null MX) is never safe to enforce", () => {
    const result = evaluateDraftPolicy(policy("enforce", [MX1]), reportWith([]));
    expect(result.valid && result.safeToEnforce).toBe(false);
  });

  it.each([
    ["§3.2 mode is enforce|testing|none", "version: STSv1\nmode: enforcing\nmx: mx1.example.com\nmax_age: 604800\n", [{ code: "invalid-mode", line: 2 }]],
    ["§3.2 mx value is [\"*.\"] Domain", "version: STSv1\nmode: enforce\nmx: mx_1.example.com\nmax_age: 604800\n", [{ code: "invalid-mx", line: 3 }]],
    ["§3.2 max_age at most 31557600", "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmax_age: 99999999\n", [{ code: "invalid-max-age", line: 4 }]],
    ["§3.2 a line that is not key: value", "version: STSv1\nmode enforce\nmx: mx1.example.com\nmax_age: 604800\n", [{ code: "malformed-line", line: 2 }, { code: "missing-mode" }]],
  ])("%s: parse errors with line numbers", (_rfc, draft, errors) => {
    const result = evaluateDraftPolicy(draft, report);
    if (result.valid) throw new Error("expected parse errors");
    expect(result.errors.map((e) => ({ code: e.code, ...(e.line !== undefined ? { line: e.line } : {}) }))).toEqual(errors);
  });

  it("round trip: the suggested policy for this scan would raise no MTA-STS finding", () => {
    const suggested = suggestMtaStsPolicy({
      domain: "example.com",
      now: new Date(),
      mail: "accepts",
      dnsBogus: false,
      mx: [
        { host: MX1, tlsOk: true, chains: [] },
        { host: MX2, tlsOk: true, chains: [] },
      ],
      mtaSts: {},
      tlsRpt: {},
      dmarc: { inherited: false },
      spf: {},
    });
    const result = evaluateDraftPolicy(suggested.text, report);
    expect(result.valid && result.findings).toEqual([]);
    expect(result.valid && result.safeToEnforce).toBe(true);
  });
});
