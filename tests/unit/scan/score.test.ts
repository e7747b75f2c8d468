import { describe, expect, it } from "vitest";
import { makeFinding, type FindingId } from "../../../lib/scan/findings";
import { whyNotHigher } from "../../../lib/report/why-not-higher";
import { GRADE_FLOOR, RULESET_VERSION, scoreFindings } from "../../../lib/scan/score";

const f = (id: FindingId, host?: string) => makeFinding(id, { detail: "-", ...(host ? { host } : {}) });
const ORDER = GRADE_FLOOR.map(([g]) => g);

describe("score table (docs/scoring.md)", () => {
  it("no findings is 100 and A+", () => {
    expect(scoreFindings([])).toEqual({ score: 100, grade: "A+" });
  });

  it("info findings cost nothing", () => {
    expect(scoreFindings([f("mx-unreachable"), f("spf-softfail")]).score).toBe(100);
  });

  it("the same id on several MX hosts costs once", () => {
    const one = scoreFindings([f("cert-expiring-soon", "mx1.example.test")]);
    const two = scoreFindings([f("cert-expiring-soon", "mx1.example.test"), f("cert-expiring-soon", "mx2.example.test")]);
    expect(two).toEqual(one);
  });

  it("one cause costs once: a wrong-name certificate under an enforced policy is charged once, not twice (ruleset 2)", () => {
    const mx = "mx1.example.test";
    // Under enforce the certificate finding is critical (context) and so is the policy's "MX fails TLS".
    const cert = makeFinding("cert-name-mismatch", { detail: "-", host: mx, severity: "critical" });
    const policy = makeFinding("mta-sts-mx-tls-invalid", { detail: "-", host: mx, severity: "critical" });
    const exposure = f("starttls-stripping-exposure");
    expect(RULESET_VERSION).toBe(2);
    expect(scoreFindings([cert, policy, exposure])).toEqual({ score: 40, grade: "F" });
    expect(scoreFindings([cert, policy, exposure])).toEqual(scoreFindings([cert, exposure]));
    // Different causes still add up.
    expect(scoreFindings([cert, f("dmarc-missing")]).score).toBe(100 - 40 - 20);

    const why = whyNotHigher([cert, policy, exposure]);
    expect(why.score).toBe(40);
    const charged = why.deductions.filter((d) => d.id === "cert-name-mismatch" || d.id === "mta-sts-mx-tls-invalid");
    expect(charged.map((d) => d.points).sort()).toEqual([0, 40]);
    const free = charged.find((d) => d.points === 0)!;
    expect(free.countedWith).toBe(charged.find((d) => d.points === 40)!.id);
    expect(why.deductions.reduce((sum, d) => sum + d.points, 0)).toBe(60);
  });

  it("a critical finding caps the grade at F, a high one at C", () => {
    expect(scoreFindings([f("dane-tlsa-mismatch")]).grade).toBe("F");
    expect(scoreFindings([f("tls-rpt-missing"), f("dmarc-missing")]).grade).toBe("C");
  });

  it("orders the lab's typical postures: fully protected > MTA-STS testing only > plaintext only", () => {
    const full = scoreFindings([f("dane-rollover-risk", "mx.example.test")]);
    const testing = scoreFindings([f("starttls-stripping-exposure"), f("mta-sts-testing"), f("dnssec-missing")]);
    const plaintext = scoreFindings([f("starttls-not-offered", "mx.example.test"), f("starttls-stripping-exposure"), f("mta-sts-missing"), f("tls-rpt-missing"), f("dnssec-missing")]);
    expect(full.score).toBeGreaterThan(testing.score);
    expect(testing.score).toBeGreaterThan(plaintext.score);
    expect(ORDER.indexOf(full.grade)).toBeLessThan(ORDER.indexOf(testing.grade));
    expect(ORDER.indexOf(testing.grade)).toBeLessThan(ORDER.indexOf(plaintext.grade));
  });
});
