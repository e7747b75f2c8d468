/**
 * The consequence table (lib/report/consequences.ts) and the headline it yields: each kind of
 * finding leads with what happens to the domain's mail, then names its cause.
 */
import { describe, expect, it } from "vitest";
import { consequenceHeadline, consequenceOf, leadingConsequence } from "@/lib/report/consequences";
import { verdictSentence } from "@/lib/report/verdict";
import type { FindingId } from "@/lib/scan/findings";
import type { Finding } from "@/lib/scan/types";
import { finding, report } from "./report-view-fixtures";

const d = "example.com";
const headline = (findings: Finding[]) => consequenceHeadline({ domain: d, findings });

describe("consequenceOf", () => {
  const cases: [FindingId, Finding["severity"] | undefined, string][] = [
    ["mta-sts-mx-mismatch", "critical", "mail-refused"],
    ["mta-sts-mx-mismatch", "medium", "hygiene"],
    ["mta-sts-mx-tls-invalid", "critical", "mail-refused"],
    ["cert-expired", "critical", "mail-refused"],
    ["cert-expired", "medium", "hygiene"],
    ["cert-untrusted", "info", "hygiene"],
    ["dane-tlsa-mismatch", undefined, "mail-refused"],
    ["dnssec-bogus", undefined, "mail-refused"],
    ["mta-sts-policy-cert-invalid", undefined, "readable-on-path"],
    ["starttls-stripping-exposure", undefined, "readable-on-path"],
    ["starttls-not-offered", undefined, "readable-on-path"],
    ["dnssec-missing", undefined, "readable-on-path"],
    ["dmarc-missing", undefined, "spoofable"],
    ["dmarc-policy-none", undefined, "spoofable"],
    ["spf-permissive", undefined, "spoofable"],
    ["spf-softfail", undefined, "hygiene"],
    ["dmarc-no-rua", undefined, "hygiene"],
    ["tls-rpt-missing", undefined, "hygiene"],
    ["mx-unreachable", undefined, "hygiene"],
  ];
  it.each(cases)("%s (%s) → %s", (id, severity, want) => {
    expect(consequenceOf(finding(id, severity ? { severity } : {}))).toBe(want);
  });
});

describe("headline per finding kind", () => {
  const cases: [string, Finding[], string][] = [
    [
      "an MX missing from an enforced policy",
      [finding("starttls-stripping-exposure"), finding("mta-sts-mx-mismatch", { host: "mx2.example.com", severity: "critical" })],
      "Senders that enforce MTA-STS will refuse mail to mx2.example.com: it is not listed in the policy.",
    ],
    [
      "two MX hosts with a TLSA set that matches nothing",
      [finding("dane-tlsa-mismatch", { host: "mx1.example.com" }), finding("dane-tlsa-mismatch", { host: "mx2.example.com" }), finding("starttls-stripping-exposure")],
      "Senders that validate DANE will refuse mail to mx1.example.com and mx2.example.com: none of their TLSA records matches the certificate presented.",
    ],
    [
      "an expired certificate under enforce",
      [finding("cert-expired", { host: "mx1.example.com", severity: "critical" }), finding("mta-sts-mx-tls-invalid", { host: "mx1.example.com", severity: "critical" })],
      "Senders that enforce MTA-STS will refuse mail to mx1.example.com: its certificate has expired.",
    ],
    [
      "bogus DNSSEC for the domain, with expired signatures",
      [finding("dnssec-bogus", { detail: "RRSIG over MX expired on 2026-11-01" }), finding("starttls-stripping-exposure")],
      "Senders that validate DNSSEC cannot deliver mail to example.com: its DNSSEC signatures have expired.",
    ],
    [
      "bogus DNSSEC for an MX host",
      [finding("dnssec-bogus", { host: "mx1.example.com", detail: "validating senders get SERVFAIL" })],
      "Senders that validate DNSSEC cannot deliver mail to mx1.example.com: its DNSSEC signatures fail validation.",
    ],
    [
      "no transport protection",
      [finding("starttls-stripping-exposure"), finding("mta-sts-missing"), finding("tls-rpt-missing")],
      "An attacker on the network path can read or change mail to example.com: no MTA-STS policy in enforce mode and no valid DANE record protects its mail servers.",
    ],
    [
      "an MX without STARTTLS",
      [finding("starttls-not-offered", { host: "mx1.example.com" })],
      "An attacker on the network path can read or change mail to example.com: mx1.example.com does not offer STARTTLS.",
    ],
    [
      "a D for broken DMARC and SPF beside partial transport protection",
      [finding("dmarc-invalid"), finding("spf-multiple"), finding("starttls-stripping-partial"), finding("tls-rpt-missing")],
      "Anyone can send mail that claims to come from example.com: its DMARC record is malformed, so receivers ignore it.",
    ],
    ["only DMARC p=none", [finding("dmarc-policy-none")], "Anyone can send mail that claims to come from example.com: its DMARC policy is p=none, so spoofed mail is delivered."],
    ["only hygiene", [finding("tls-rpt-missing"), finding("dmarc-no-rua")], "example.com is well protected, with minor issues: no TLS-RPT record: TLS delivery failures go unreported."],
    ["nothing", [], "No problems were found for example.com: every check passed."],
  ];
  it.each(cases)("%s", (_name, findings, want) => {
    expect(headline(findings)).toBe(want);
    // The report page, the PDF model and the CLI all read the same sentence.
    expect(verdictSentence(report({ findings }))).toBe(want);
  });

  it("lets mail refusal lead even when spoofing costs more points", () => {
    const findings = [finding("dmarc-missing"), finding("spf-invalid"), finding("dane-tlsa-mismatch", { host: "mx1.example.com" })];
    expect(leadingConsequence(findings)).toBe("mail-refused");
  });

  it("leads with transport when it costs more than the spoofing findings", () => {
    expect(leadingConsequence([finding("starttls-stripping-exposure"), finding("starttls-not-offered", { host: "mx1.example.com" }), finding("dmarc-policy-none")])).toBe("readable-on-path");
  });
});
