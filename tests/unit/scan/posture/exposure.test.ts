/**
 * The STARTTLS-stripping exposure model as a truth table: DANE state × MTA-STS state × coverage ×
 * number of MX. Each row states its reason (spec: starttls-stripping-exposure / -partial, "Rules
 * that hold across the catalogue"; RFC 7672 §2.2, RFC 8461 §5).
 */
import { describe, expect, it } from "vitest";
import type { DaneHostState } from "../../../../lib/scan/checks/dane/evaluate-dane";
import {
  DANE_REASON_TEXT,
  evaluateExposure,
  evaluateHostProtection,
  formatExposureWhy,
  type HostInput,
  type StsHostState,
} from "../../../../lib/scan/posture/exposure";

const NO_STS: StsHostState = { enforced: false, covered: false, tlsOk: true };
const TESTING_COVERED: StsHostState = { enforced: false, covered: true, tlsOk: true }; // testing mode never enforces
const ENFORCE_OK: StsHostState = { enforced: true, covered: true, tlsOk: true };
const ENFORCE_UNCOVERED: StsHostState = { enforced: true, covered: false, tlsOk: true };
const ENFORCE_TLS_FAIL: StsHostState = { enforced: true, covered: true, tlsOk: false };
const ENFORCE_UNREACHABLE: StsHostState = { enforced: true, covered: true, tlsOk: "unknown" };

type Row = [reason: string, dane: DaneHostState, sts: StsHostState, verdict: string, findingIds: string[]];

const oneMx: Row[] = [
  ["nothing published: plaintext downgrade possible", "not-applicable", NO_STS, "exposed", ["starttls-stripping-exposure"]],
  ["MTA-STS testing only reports, it does not protect (RFC 8461 §5)", "not-applicable", TESTING_COVERED, "exposed", ["starttls-stripping-exposure"]],
  ["enforce, covered, valid TLS; no DANE: MTA-STS senders only", "no-tlsa", ENFORCE_OK, "partial", ["starttls-stripping-partial"]],
  ["enforce but the MX is not in the mx lines: broken protection counts for nothing", "not-applicable", ENFORCE_UNCOVERED, "exposed", ["starttls-stripping-exposure"]],
  ["enforce but the MX fails TLS: broken protection counts for nothing", "not-applicable", ENFORCE_TLS_FAIL, "exposed", ["starttls-stripping-exposure"]],
  ["enforce, covered, MX unreachable: judged from what is published, still protected", "not-applicable", ENFORCE_UNREACHABLE, "partial", ["starttls-stripping-partial"]],
  ["DANE matching, no MTA-STS: DANE senders only", "protected", NO_STS, "partial", ["starttls-stripping-partial"]],
  ["DANE matching and MTA-STS enforce: every sender class", "protected", ENFORCE_OK, "protected", []],
  ["TLSA mismatch: broken DANE protects nothing", "mismatch", NO_STS, "exposed", ["starttls-stripping-exposure"]],
  ["TLSA mismatch, but enforce holds: MTA-STS senders only", "mismatch", ENFORCE_OK, "partial", ["starttls-stripping-partial"]],
  ["unsigned TLSA: senders ignore it (RFC 7672 §2.2)", "insecure-tlsa", NO_STS, "exposed", ["starttls-stripping-exposure"]],
  ["only unusable TLSA (usage 0/1): no DANE authentication", "unusable", NO_STS, "exposed", ["starttls-stripping-exposure"]],
  ["bogus DNSSEC: no DANE protection (and no delivery for validating senders)", "bogus", NO_STS, "exposed", ["starttls-stripping-exposure"]],
  ["resolver cannot validate: DANE unproven, so not counted", "unverifiable", ENFORCE_OK, "partial", ["starttls-stripping-partial"]],
  ["TLSA lookup failed: unknown is not protected", "lookup-failed", NO_STS, "exposed", ["starttls-stripping-exposure"]],
];

function run(hosts: HostInput[]) {
  return evaluateExposure("example.test", hosts, { acceptsMail: true, mxKnown: true });
}

describe("exposure truth table, one MX", () => {
  it.each(oneMx)("%s", (_reason, dane, sts, verdict, ids) => {
    const result = run([{ host: "mx1.example.test", dane, sts }]);
    expect(result.verdict).toBe(verdict);
    expect(result.findings.map((f) => f.id)).toEqual(ids);
    expect(result.sentence).toMatch(/example\.test/);
  });
});

describe("exposure truth table, two MX: the weakest host decides", () => {
  const strong: HostInput = { host: "mx1.example.test", dane: "protected", sts: ENFORCE_OK };
  it.each<[string, HostInput, string, string[]]>([
    ["backup MX unprotected: senders fall back to it", { host: "mx2.example.test", dane: "not-applicable", sts: ENFORCE_UNCOVERED }, "exposed", ["starttls-stripping-exposure"]],
    ["backup MX DANE only", { host: "mx2.example.test", dane: "protected", sts: NO_STS }, "partial", ["starttls-stripping-partial"]],
    ["backup MX MTA-STS only", { host: "mx2.example.test", dane: "no-tlsa", sts: ENFORCE_OK }, "partial", ["starttls-stripping-partial"]],
    ["both fully protected", { host: "mx2.example.test", dane: "protected", sts: ENFORCE_OK }, "protected", []],
  ])("%s", (_reason, second, verdict, ids) => {
    const result = run([strong, second]);
    expect(result.verdict).toBe(verdict);
    expect(result.findings.map((f) => f.id)).toEqual(ids);
    if (verdict === "exposed") expect(result.findings[0]!.detail).toContain("mx2.example.test");
    expect(result.hosts.map((h) => h.host)).toEqual(["mx1.example.test", "mx2.example.test"]);
  });

  it("names which sender classes each MX protects", () => {
    const result = run([strong, { host: "mx2.example.test", dane: "protected", sts: NO_STS }]);
    expect(result.hosts.map((h) => h.protectedFor)).toEqual(["all senders (DANE and MTA-STS)", "DANE-validating senders only"]);
  });
});

describe("domains without inbound mail or unknown MX", () => {
  it("null MX: nothing to protect, no finding", () => {
    const r = evaluateExposure("example.test", [], { acceptsMail: false, mxKnown: true });
    expect(r.verdict).toBe("no-inbound-mail");
    expect(r.findings).toEqual([]);
  });
  it("MX lookup failed: inconclusive, no finding", () => {
    const r = evaluateExposure("example.test", [], { acceptsMail: true, mxKnown: false });
    expect(r.verdict).toBe("inconclusive");
    expect(r.findings).toEqual([]);
  });
});

describe("evaluateHostProtection: structured reasons beside the why line", () => {
  const daneStates = Object.keys(DANE_REASON_TEXT) as DaneHostState[];
  const stsInputs = [NO_STS, TESTING_COVERED, ENFORCE_OK, ENFORCE_UNCOVERED, ENFORCE_TLS_FAIL, ENFORCE_UNREACHABLE];

  it("gives one reason per path whose words make up `why`, for every DANE state × MTA-STS state", () => {
    for (const dane of daneStates) {
      for (const sts of stsInputs) {
        const h = evaluateHostProtection({ host: "mx1.example.test", dane, sts });
        expect(h.reasons.map((r) => r.path)).toEqual(["dane", "mta-sts"]);
        expect(h.reasons[0]).toMatchObject({ state: dane, text: DANE_REASON_TEXT[dane] });
        expect(h.why).toBe(formatExposureWhy(h.reasons));
        // Each path protects exactly when its reason's state is a protecting one.
        expect(h.dane).toBe(h.reasons[0]!.state === "protected" || h.reasons[0]!.state === "protected-unverified");
        expect(h.mtaSts).toBe(h.reasons[1]!.state === "protected" || h.reasons[1]!.state === "protected-unverified");
      }
    }
  });

  it.each([
    ["a TLSA mismatch is a broken DANE path", "mismatch", NO_STS, "DANE broken: the TLSA records match no presented certificate; MTA-STS: no valid policy in enforce mode"],
    ["an MX failing the enforced policy's TLS is a broken MTA-STS path", "no-tlsa", ENFORCE_TLS_FAIL, "DANE: no TLSA records; MTA-STS broken: the host fails the policy's TLS requirements"],
    ["an uncovered MX is not broken, just not covered", "not-applicable", ENFORCE_UNCOVERED, "DANE: host not DNSSEC-signed; MTA-STS: host not listed in the policy's mx lines"],
    ["an unreachable MX under enforce still counts (TLS not verified)", "protected", ENFORCE_UNREACHABLE, "DANE: TLSA records authenticated, usable and matching; MTA-STS: enforced and covered (TLS not verified: host unreachable)"],
    // Spec: protection is judged from what is published and valid, not from reachability; the
    // reason says the records were not checked, never "matching".
    ["published TLSA on an unreached MX counts, marked not checked", "protected-unverified", NO_STS, "DANE: TLSA published but not checked (no connection); MTA-STS: no valid policy in enforce mode"],
  ] as [string, DaneHostState, StsHostState, string][])("%s", (_name, dane, sts, why) => {
    const h = evaluateHostProtection({ host: "mx1.example.test", dane, sts });
    expect(h.why).toBe(why);
    expect(h.reasons.filter((r) => r.broken).map((r) => r.path)).toEqual(why.includes("DANE broken") ? ["dane"] : why.includes("MTA-STS broken") ? ["mta-sts"] : []);
  });
});
