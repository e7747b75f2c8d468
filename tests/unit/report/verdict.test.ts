import { describe, expect, it } from "vitest";
import { buildVerdictSentence, exposureVerdictOf, severityRank, verdictSentence, worstFinding } from "@/lib/report/verdict";
import { finding, report } from "./report-view-fixtures";

describe("verdictSentence", () => {
  it("uses the scanner's exposure sentence when the report has one", () => {
    const r = report({ exposure: { verdict: "partial", sentence: "  Mail to example.com is protected for some senders only.  ", hosts: [] } });
    expect(verdictSentence(r)).toBe("Mail to example.com is protected for some senders only.");
  });

  it("falls back to a sentence built from the worst finding when the sentence is absent or blank", () => {
    const r = report({ findings: [finding("tls-rpt-missing"), finding("dmarc-policy-none"), finding("starttls-stripping-exposure")] });
    expect(verdictSentence(r)).toBe(buildVerdictSentence(r));
    const blank = report({ exposure: { verdict: "exposed", sentence: " ", hosts: [] }, findings: r.findings });
    expect(verdictSentence(blank)).toBe(buildVerdictSentence(r));
  });
});

describe("buildVerdictSentence", () => {
  it("leads with the worst finding and counts the other ids that need work", () => {
    const r = report({
      findings: [finding("tls-rpt-missing"), finding("mta-sts-mx-mismatch", { host: "mx1.example.com", severity: "critical" }), finding("mta-sts-mx-mismatch", { host: "mx2.example.com", severity: "critical" }), finding("dmarc-policy-none")],
    });
    expect(buildVerdictSentence(r)).toBe(
      "example.com has a critical problem that can lose or expose mail right now: MX host is not listed in the MTA-STS policy. 2 other problems need attention.",
    );
  });

  it("words a lone high finding as a serious weakness, with nothing else to count", () => {
    const r = report({ findings: [finding("spf-permissive"), finding("mx-unreachable", { host: "mx1.example.com" })] });
    expect(buildVerdictSentence(r)).toBe("example.com has a serious weakness: SPF record lets any server send (+all, ?all or no all).");
  });

  it("ignores info findings: a report with only info passes", () => {
    const r = report({ findings: [finding("spf-softfail"), finding("dmarc-inherited")] });
    expect(buildVerdictSentence(r)).toBe("No problems were found for example.com: every check passed.");
  });

  it("says a null-MX domain accepts no mail, then names what is left", () => {
    expect(buildVerdictSentence(report({ findings: [finding("mx-null")] }))).toBe(
      "example.com accepts no mail (null MX), so the transport checks were skipped; its anti-spoofing records pass.",
    );
    expect(buildVerdictSentence(report({ findings: [finding("mx-null"), finding("dmarc-missing")] }))).toMatch(
      /^example\.com accepts no mail \(null MX\), so the transport checks were skipped; the most urgent remaining problem is high: /,
    );
  });

  it("uses a matching lead for medium and low findings", () => {
    expect(buildVerdictSentence(report({ findings: [finding("mta-sts-testing")] }))).toMatch(/^example\.com is partly protected: /);
    expect(buildVerdictSentence(report({ findings: [finding("tls-rpt-missing")] }))).toMatch(/^example\.com is well protected, with minor issues: /);
  });
});

describe("worstFinding and severityRank", () => {
  it("picks the most severe finding, the first of equals", () => {
    const a = finding("dmarc-no-rua");
    const b = finding("spf-invalid");
    const c = finding("dmarc-invalid");
    expect(worstFinding([a, b, c])).toBe(b);
    expect(worstFinding([])).toBeUndefined();
    expect(severityRank("critical")).toBeLessThan(severityRank("info"));
    expect(severityRank("bogus")).toBe(5);
  });
});

describe("exposureVerdictOf", () => {
  it("prefers the scanner's verdict and reads older reports from their findings", () => {
    expect(exposureVerdictOf(report({ exposure: { verdict: "protected", sentence: "x", hosts: [] } }))).toBe("protected");
    expect(exposureVerdictOf(report({ findings: [finding("starttls-stripping-exposure")] }))).toBe("exposed");
    expect(exposureVerdictOf(report({ findings: [finding("starttls-stripping-partial")] }))).toBe("partial");
    expect(exposureVerdictOf(report({ findings: [finding("mx-null")] }))).toBe("no-inbound-mail");
  });
});
