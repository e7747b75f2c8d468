import { describe, expect, it } from "vitest";
import { verdictSentence } from "@/lib/report/verdict";
import { formatReportText } from "../../../lib/report/format-text";
import { makeFinding } from "../../../lib/scan/findings";
import type { ScanReport } from "../../../lib/scan/types";

const report: ScanReport = {
  schemaVersion: 1,
  domain: "example.test",
  startedAt: "2026-11-28T12:00:00.000Z",
  durationMs: 1834,
  grade: "C",
  score: 64,
  exposure: {
    verdict: "exposed",
    sentence: "Mail to example.test can be read or changed by an attacker on the network path: no MX is protected.",
    hosts: [{ host: "mx1.example.test", dane: false, mtaSts: false, protectedFor: "no sender", why: "DANE: no TLSA records; MTA-STS: no valid policy in enforce mode" }],
  },
  mx: [{ host: "mx1.example.test", preference: 10, implicit: false, dnssec: "insecure", endpoints: [{ address: "192.0.2.10", starttls: "ok", tls: { version: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384" } }] }],
  checks: {
    mtaSts: { status: "warn", record: "v=STSv1; id=1", policy: { version: "STSv1", mode: "testing", maxAge: 86400, mx: ["mx1.example.test"] } },
    tlsRpt: { status: "missing" },
    starttls: { status: "pass" },
    dane: { status: "missing", dnssec: "insecure" },
    dmarc: { status: "pass", record: "v=DMARC1; p=reject", policy: "reject", source: "example.test" },
    spf: { status: "pass", record: "v=spf1 mx -all", lookups: 1, voidLookups: 0 },
  },
  findings: [makeFinding("mta-sts-testing", { detail: "mode is testing" }), makeFinding("starttls-stripping-exposure", { detail: "mx1.example.test unprotected" })],
};

describe("formatReportText", () => {
  const text = formatReportText(report, { color: false });
  const lines = text.split("\n");

  it("leads with the grade and the verdict sentence", () => {
    expect(lines[0]).toMatch(/^example\.test {2}Grade C \(64\/100\)/);
    // The consequence-first headline the web report and the PDF show, not the scanner's exposure sentence.
    expect(lines[1]).toBe(verdictSentence(report));
    expect(lines[1]).toMatch(/^An attacker on the network path can read or change mail to example\.test: /);
  });

  it("shows evidence under the areas and lists findings worst first", () => {
    expect(text).toContain("policy: mode testing, max_age 86400, mx mx1.example.test");
    expect(text).toContain("1/10 DNS lookups, 0 void");
    expect(text.indexOf("HIGH")).toBeLessThan(text.indexOf("MEDIUM"));
    expect(text).toContain("Fix:");
  });

  it("has no escape codes without colour, and has them with it", () => {
    expect(text).not.toContain("\x1b[");
    expect(formatReportText(report, { color: true })).toContain("\x1b[");
  });
});
