/**
 * The sender views rendered to HTML: reported org names, addresses and result types stay inert text
 * (docs/ui.md §7), the empty card says how to get reports, and the DMARC step of the fix plan
 * carries the readiness verdict (lib/report/fix-plan with a FixContext).
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DmarcView } from "@/components/senders/dmarc-view";
import { SendersCard } from "@/components/senders/senders-card";
import { SenderTimeline } from "@/components/senders/sender-timeline";
import { buildFixSteps } from "@/lib/report/fix-plan";
import type { SenderSummary } from "@/lib/report/senders/view-types";
import { mailReport } from "../report/fix-plan-fixtures";

const HOSTILE = '<script>alert(1)</script>\u202E=HYPERLINK("http://x")';

const summary = (o: Partial<SenderSummary> = {}): SenderSummary => ({
  domain: "example.com",
  since: "2026-11-08",
  until: "2026-12-07",
  reports: { tlsrpt: 2, dmarc: 1, unverified: 0 },
  tls: {
    sessions: 200,
    failures: 20,
    failureRate: 0.1,
    byType: [{ label: "starttls-not-supported", sessions: 20 }],
    byOrg: [{ org: HOSTILE, sessions: 200, failures: 20 }],
    byMx: [{ mx: "mx1.example.com", ip: "192.0.2.10", failures: 20 }],
  },
  dmarc: { messages: 10, pass: 9, fail: 1 },
  ...o,
});

describe("SendersCard", () => {
  it("renders reported text inert, with shares and their denominators", () => {
    const html = renderToStaticMarkup(createElement(SendersCard, { summary: summary() }));
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("⟨U+202E⟩");
    expect(html).toContain("contains hidden characters");
    expect(html).toContain("of 200 (10 %)");
    expect(html).toContain('href="/domains/example.com/senders"');
  });
  it("without reports says what to publish", () => {
    const html = renderToStaticMarkup(createElement(SendersCard, { summary: summary({ reports: { tlsrpt: 0, dmarc: 0, unverified: 0 } }) }));
    expect(html).toContain("No reports yet");
    expect(html).toContain("rua=");
    expect(html).toContain('href="/settings/reports"');
  });
});

describe("DmarcView and SenderTimeline", () => {
  it("names sources when known and says when a name is not looked up yet", () => {
    const html = renderToStaticMarkup(
      createElement(DmarcView, {
        messages: 100,
        dispositions: [{ label: "none", sessions: 100 }],
        bySource: [{ sourceIp: "192.0.2.1", messages: 90, pass: 90, fail: 0, name: "mail.example.net", lookedUp: true }],
        topFailing: [{ sourceIp: HOSTILE, messages: 10, pass: 0, fail: 10, name: null, lookedUp: false }],
      }),
    );
    expect(html).toContain("mail.example.net");
    expect(html).toContain("not looked up yet");
    expect(html).not.toContain("<script>");
  });
  it("lists every day and scan in its data table", () => {
    const html = renderToStaticMarkup(
      createElement(SenderTimeline, {
        since: "2026-12-01",
        until: "2026-12-07",
        days: [{ day: "2026-12-03", sessions: 50, failures: 5, dmarcMessages: 0, dmarcFail: 0 }],
        scans: [{ id: "s1", finishedAt: "2026-12-04T10:00:00.000Z", grade: "B" }],
      }),
    );
    expect(html).toContain("5 of 50 reported sessions failed (10 %); the most on 2026-12-03 (5).");
    expect(html).toContain(">2026-12-03</th>");
    expect(html).toContain(">2026-12-04</th>");
  });
});

describe("the fix plan's DMARC step with a readiness verdict", () => {
  const dmarcOf = (ctx?: Parameters<typeof buildFixSteps>[1]) => buildFixSteps(mailReport("example.com"), ctx).steps.find((s) => s.key === "dmarc")!;
  it.each([
    { name: "no verdict: the report alone", ctx: undefined, readiness: undefined, warns: false },
    { name: "not ready: the stricter suggestion is held back", ctx: { dmarcReadiness: { ready: false, target: "quarantine" as const, summary: "Not ready" } }, readiness: false, warns: true },
    { name: "ready: no warning", ctx: { dmarcReadiness: { ready: true, target: "quarantine" as const, summary: "Ready" } }, readiness: true, warns: false },
  ])("$name", ({ ctx, readiness, warns }) => {
    const step = dmarcOf(ctx);
    expect(step.readiness?.ready).toBe(readiness);
    expect(step.warnings.some((w) => w.includes("keep p=none"))).toBe(warns);
    // The suggested record stays the scanner's, verbatim.
    expect(step.records[0]!.value).toContain("p=quarantine");
  });
});
