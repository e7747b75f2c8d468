/**
 * Issue 13 item 9: a what-if TLSA draft on hosts that are not DNSSEC-signed showed "would fail…
 * DANE senders would not deliver" beside "senders ignore TLSA records". Rendered, the host has one
 * verdict, "ignored" (RFC 7672 §2.2.3), and the per-address comparison reads as information.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { TlsaWhatIfView } from "@/components/fix/types";
import { WhatIfResult } from "@/components/fix/what-if-result";
import { evaluateDraftTlsa } from "@/lib/scan/what-if";
import { mxEntry, reportWith } from "../suggest/fixtures";

const MX1 = "mx1.example.com";
const KEY = "ab".repeat(32);
const OTHER = "cd".repeat(32);

function view(dnssec: "secure" | "insecure"): TlsaWhatIfView {
  const report = reportWith([
    mxEntry(MX1, [{ address: "192.0.2.1", starttls: "ok", certificate: { subject: "CN=mx1", issuer: "CN=ca", san: [MX1], notBefore: "2026-01-01T00:00:00Z", notAfter: "2099-01-01T00:00:00Z", spkiSha256: KEY, keyBits: 256, trusted: true, nameMatches: true } }], dnssec),
  ]);
  const e = evaluateDraftTlsa(`_25._tcp.${MX1}. IN TLSA 3 1 1 ${OTHER}`, report);
  const verdict =
    e.hosts[0]!.verdict === "ignored"
      ? { tone: "warn" as const, sentence: "Ignored: senders ignore TLSA records without DNSSEC." }
      : { tone: "fail" as const, sentence: "For 1 of 1 DNSSEC-signed MX hosts no usable record matches." };
  return {
    kind: "tlsa",
    domain: "example.com",
    scan: { id: "s1", startedAt: report.startedAt, finishedAt: report.startedAt },
    valid: true,
    errors: [],
    warnings: [],
    records: e.records.map((r) => ({ line: r.line, text: r.text, usable: r.usable, ...(r.host ? { host: r.host } : {}) })),
    hosts: e.hosts,
    blockers: e.blockers,
    safeToPublish: e.safeToPublish,
    verdict,
  };
}

describe("WhatIfResult for a TLSA draft", () => {
  it("an unsigned host shows one verdict, ignored, and no would-fail text", () => {
    const html = renderToStaticMarkup(createElement(WhatIfResult, { result: view("insecure") }));
    expect(html).toContain("ignored: senders ignore TLSA records without DNSSEC");
    expect(html).not.toContain("would fail");
    expect(html).not.toContain("would not deliver");
    expect(html).toContain("no match (ignored without DNSSEC)");
  });

  it("a signed host that does not match still says DANE senders would not deliver", () => {
    const html = renderToStaticMarkup(createElement(WhatIfResult, { result: view("secure") }));
    expect(html).toContain("would fail: DANE senders would not deliver");
    expect(html).not.toContain("ignored: senders ignore");
  });
});
