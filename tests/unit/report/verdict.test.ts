import { describe, expect, it } from "vitest";
import { exposureVerdictOf, severityRank, verdictSentence, worstFinding } from "@/lib/report/verdict";
import { finding, report } from "./report-view-fixtures";

describe("verdictSentence", () => {
  it("leads with the consequence built from the findings, not with the scanner's exposure sentence", () => {
    const r = report({
      exposure: { verdict: "exposed", sentence: "Mail to example.com can be read or changed by an attacker on the network path.", hosts: [] },
      findings: [finding("starttls-stripping-exposure"), finding("mta-sts-mx-mismatch", { host: "mx2.example.com", severity: "critical" })],
    });
    expect(verdictSentence(r)).toBe("Senders that enforce MTA-STS will refuse mail to mx2.example.com: it is not listed in the policy.");
  });

  it("says so when only info findings remain", () => {
    expect(verdictSentence(report({ findings: [finding("dmarc-inherited"), finding("mx-truncated")] }))).toBe("No problems were found for example.com: every check passed.");
  });

  it("says a null-MX domain accepts no mail, then names what is left", () => {
    expect(verdictSentence(report({ findings: [finding("mx-null")] }))).toBe("example.com accepts no mail (null MX), so the transport checks were skipped.");
    expect(verdictSentence(report({ findings: [finding("mx-null"), finding("dmarc-missing")] }))).toBe(
      "example.com accepts no mail (null MX), so the transport checks were skipped. Anyone can send mail that claims to come from example.com: it publishes no DMARC record.",
    );
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
