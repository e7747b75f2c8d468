/**
 * The scenario catalogue of the test lab (tests/helpers/scenario-lab.ts): one domain per situation
 * the scanner must judge — protected, testing, plaintext, expired, DANE cases, DNSSEC bogus, null
 * and implicit MX, unreachable hosts, injection, 4xx greetings, MTA-STS policy faults, weak TLS,
 * broken DMARC/SPF/TLS-RPT. tests/integration/scan/scenarios.test.ts checks each scan's findings;
 * tests/e2e/consistency.spec.ts checks that the app's pages, portfolio and API agree on each.
 */
import type { Scenario } from "./scenario-lab";

export const LAB_SCENARIOS: Scenario[] = [
  {
    domain: "protected.test",
    dnssec: "signed",
    mx: [{ host: "mx1.protected.test", variant: "valid", tlsa: ["3 1 1", "2 1 1"] }],
    mtaSts: { policy: { mode: "enforce" } },
  },
  { domain: "testing.test", mx: [{ host: "mx1.testing.test", variant: "valid" }], mtaSts: { policy: { mode: "testing" } } },
  { domain: "plaintext.test", mx: [{ host: "mx1.plaintext.test", variant: "no-starttls" }] },
  { domain: "expired.test", mx: [{ host: "mx1.expired.test", variant: "expired" }], mtaSts: { policy: { mode: "enforce" } } },
  // DANE-EE pins the key only: senders ignore the name (RFC 7672 §3.1.1), so the wrong name is info.
  { domain: "dane-ee.test", dnssec: "signed", mx: [{ host: "mx1.dane-ee.test", variant: "wrong-name", tlsa: ["3 1 1"] }] },
  { domain: "tlsa-mismatch.test", dnssec: "signed", mx: [{ host: "mx1.tlsa-mismatch.test", variant: "valid", tlsa: ["3 1 1 other"] }] },
  { domain: "bogus.test", dnssec: "bogus", mx: [{ host: "mx1.bogus.test", variant: "valid" }] },
  // No MTA-STS, no TLS-RPT: skipped with the transport checks. Weak DMARC and SPF: still judged.
  { domain: "nullmx.test", dnssec: "signed", mx: "null", tlsRpt: null, dmarc: "v=DMARC1; p=none; rua=mailto:dmarc@nullmx.test", spf: "v=spf1 ~all" },
  { domain: "nomx.test", mx: [{ host: "nomx.test", variant: "expiring-soon", implicit: true }] },
  { domain: "unresolvable.test", mx: [{ host: "mx1.unresolvable.test", variant: "no-address" }] },
  { domain: "cname-loop.test", mx: [{ host: "mx1.cname-loop.test", variant: "cname-loop" }] },
  // One MX host more than a scan probes (docs/budgets.md); plain servers keep the lab cheap.
  {
    domain: "many-mx.test",
    mx: Array.from({ length: 11 }, (_, i) => ({ host: `mx${String(i + 1).padStart(2, "0")}.many-mx.test`, variant: "no-starttls" as const })),
    // "mx" would be a permerror with more than 10 MX records (RFC 7208 §4.6.4): not this scenario's subject.
    spf: "v=spf1 ip4:127.0.0.0/8 -all",
  },
  { domain: "injection.test", mx: [{ host: "mx1.injection.test", variant: "injection" }] },
  { domain: "pipelined.test", mx: [{ host: "mx1.pipelined.test", variant: "greeting-injection" }] },
  { domain: "busy.test", mx: [{ host: "mx1.busy.test", variant: "421-greeting" }] },
  { domain: "private.test", mx: [{ host: "mx1.private.test", variant: "valid" }], mtaSts: {} },
  { domain: "redirect.test", mx: [{ host: "mx1.redirect.test", variant: "valid" }], mtaSts: { redirect: "https://elsewhere.test/.well-known/mta-sts.txt" } },
  {
    domain: "weak.test",
    mx: [
      { host: "mx1.weak.test", variant: "self-signed" },
      { host: "mx2.weak.test", variant: "expiring-soon" },
      { host: "mx3.weak.test", variant: "tls10-only" },
      { host: "mx4.weak.test", variant: "handshake-failure" },
      { host: "mx5.weak.test", variant: "silent" },
    ],
  },
  {
    domain: "partial-policy.test",
    mx: [{ host: "mx1.partial-policy.test", variant: "valid" }, { host: "mx2.partial-policy.test", variant: "valid" }],
    mtaSts: { policy: { mode: "enforce", mx: ["mx1.partial-policy.test"] } },
  },
  { domain: "html-policy.test", mx: [{ host: "mx1.html-policy.test", variant: "valid" }], mtaSts: { contentType: "text/html" } },
  { domain: "no-record.test", mx: [{ host: "mx1.no-record.test", variant: "valid" }], mtaSts: { record: null } },
  { domain: "policy-cert.test", mx: [{ host: "mx1.policy-cert.test", variant: "valid" }], mtaSts: { certificate: "expired" } },
  { domain: "policy-404.test", mx: [{ host: "mx1.policy-404.test", variant: "valid" }], mtaSts: { behaviour: { kind: "not-found" } } },
  { domain: "policy-broken.test", mx: [{ host: "mx1.policy-broken.test", variant: "valid" }], mtaSts: { policy: "version: STSv1\r\nmode: enforce\r\nmx: mx1.policy-broken.test\r\n" } },
  { domain: "opt-out.test", mx: [{ host: "mx1.opt-out.test", variant: "valid" }], mtaSts: { policy: { mode: "none", maxAge: 86_400 } } },
  { domain: "bad-record.test", mx: [{ host: "mx1.bad-record.test", variant: "valid" }], mtaSts: { record: "v=STSv1; id=not-an-id!" } },
  { domain: "dane-missing.test", dnssec: "signed", mx: [{ host: "mx1.dane-missing.test", variant: "valid" }], mtaSts: {} },
  { domain: "insecure-tlsa.test", mx: [{ host: "mx1.insecure-tlsa.test", variant: "valid", tlsa: ["3 1 1"] }] },
  { domain: "unusable-tlsa.test", dnssec: "signed", mx: [{ host: "mx1.unusable-tlsa.test", variant: "valid", tlsa: ["1 1 1"] }], mtaSts: {} },
  {
    domain: "reports.test",
    mx: [{ host: "mx1.reports.test", variant: "valid" }],
    mtaSts: {},
    tlsRpt: "v=TLSRPTv1; rua=ftp://reports.example/",
    dmarc: "v=DMARC1; p=quarantine; sp=none; pct=50",
    spf: "v=spf1 mx ?all",
  },
  { domain: "no-auth.test", mx: [{ host: "mx1.no-auth.test", variant: "valid" }], mtaSts: {}, tlsRpt: null, dmarc: null, spf: null },
  // Issue 13 item 8: signed, usable TLSA, but nothing listens at the MX's address.
  { domain: "dane-unreached.test", dnssec: "signed", mx: [{ host: "mx1.dane-unreached.test", variant: "refused", tlsa: ["3 1 1 other"] }] },
];
