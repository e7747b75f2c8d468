import { afterAll, beforeAll, it } from "vitest";
import { startScenarioLab, type Scenario, type ScenarioLab } from "@/tests/helpers/scenario-lab";

const S: Scenario[] = [
  { domain: "protected.test", dnssec: "signed", mx: [{ host: "mx1.protected.test", variant: "valid", tlsa: ["3 1 1", "2 1 1"] }], mtaSts: { policy: { mode: "enforce" } } },
  { domain: "testing.test", mx: [{ host: "mx1.testing.test", variant: "valid" }], mtaSts: { policy: { mode: "testing" } } },
  { domain: "plaintext.test", mx: [{ host: "mx1.plaintext.test", variant: "no-starttls" }] },
  { domain: "expired.test", mx: [{ host: "mx1.expired.test", variant: "expired" }], mtaSts: { policy: { mode: "enforce" } } },
  { domain: "dane-ee.test", dnssec: "signed", mx: [{ host: "mx1.dane-ee.test", variant: "wrong-name", tlsa: ["3 1 1"] }] },
  { domain: "tlsa-mismatch.test", dnssec: "signed", mx: [{ host: "mx1.tlsa-mismatch.test", variant: "valid", tlsa: ["3 1 1 other"] }] },
  { domain: "bogus.test", dnssec: "bogus", mx: [{ host: "mx1.bogus.test", variant: "valid" }] },
  { domain: "nullmx.test", dnssec: "signed", mx: "null" },
  { domain: "nomx.test", mx: [{ host: "nomx.test", variant: "valid", implicit: true }] },
  { domain: "unresolvable.test", mx: [{ host: "mx1.unresolvable.test", variant: "no-address" }] },
  { domain: "busy.test", mx: [{ host: "mx1.busy.test", variant: "421-greeting" }] },
  { domain: "private.test", mx: [{ host: "mx1.private.test", variant: "valid" }], mtaSts: {} },
  { domain: "redirect.test", mx: [{ host: "mx1.redirect.test", variant: "valid" }], mtaSts: { redirect: "https://elsewhere.test/policy.txt" } },
  { domain: "weak.test", mx: [
    { host: "mx1.weak.test", variant: "self-signed" }, { host: "mx2.weak.test", variant: "expiring-soon" },
    { host: "mx3.weak.test", variant: "tls10-only" }, { host: "mx4.weak.test", variant: "handshake-failure" }, { host: "mx5.weak.test", variant: "silent" } ] },
];
let lab: ScenarioLab;
beforeAll(async () => { lab = await startScenarioLab(S, { smtpDeadlines: { greetingMs: 2000 } }); });
afterAll(async () => { await lab?.close(); });
it("explore", async () => {
  for (const s of S) {
    const r = await lab.scan(s.domain, s.domain === "private.test" ? { allowPrivate: false } : {});
    console.log(s.domain, r.grade, r.exposure?.verdict, JSON.stringify(r.findings.map((f) => `${f.id}:${f.severity}${f.host ? "@" + f.host : ""}`)), JSON.stringify(Object.fromEntries(Object.entries(r.checks).map(([k, v]) => [k, v.status]))), JSON.stringify(r.mx.map((m) => [m.host, m.endpoints.map((e) => e.starttls + (e.detail ? ` (${e.detail})` : ""))])));
  }
  const r = await lab.scan("protected.test", { resolver: "non-validating" });
  console.log("unverifiable", r.grade, JSON.stringify(r.findings.map((f) => `${f.id}:${f.severity}`)), JSON.stringify(r.checks.dane));
  console.log("private conns", lab.connections("private.test"));
});
