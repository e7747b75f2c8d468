/**
 * The STARTTLS area's own evidence on screen: `checks.starttls.messages` (budget hits, hosts probed
 * without an SMTP session) and each endpoint's `injectedBytes` (starttls-injection). Stored reports
 * are JSON of any scanner version, so the derivation must also survive old and odd shapes.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { hasInjectedBytes, starttlsEvidence } from "@/lib/report/evidence";
import { createScanBudget } from "@/lib/scan/budget";
import type { Endpoint, MxHost, ScanReport } from "@/lib/scan/types";
import { MxEvidence } from "@/components/report/evidence/endpoints";
import { report } from "./report-view-fixtures";

const NOW = new Date("2026-12-01T00:00:00Z");

function mxWith(endpoints: Endpoint[]): MxHost[] {
  return [{ host: "mx1.example.com", preference: 10, implicit: false, dnssec: "secure", endpoints }];
}

function withStarttls(starttls: Record<string, unknown>): ScanReport {
  return report({ checks: { ...report().checks, starttls: starttls as ScanReport["checks"]["starttls"] } });
}

describe("starttlsEvidence", () => {
  it("keeps the messages and the error the scan stored", () => {
    const e = starttlsEvidence(withStarttls({ status: "error", error: "MX lookup timed out", messages: ["mx1.example.com: no SMTP session: 192.0.2.10 unreachable"] }));
    expect(e).toEqual({ status: "error", error: "MX lookup timed out", messages: ["mx1.example.com: no SMTP session: 192.0.2.10 unreachable"] });
  });

  it("has no messages field for a report stored before the list existed", () => {
    expect(starttlsEvidence(withStarttls({ status: "pass" }))).toEqual({ status: "pass" });
  });

  it("drops entries that are not text, and empty ones, instead of rendering them", () => {
    const e = starttlsEvidence(withStarttls({ status: "warn", messages: ["real line", 42, null, "  ", { x: 1 }] }));
    expect(e.messages).toEqual(["real line"]);
  });

  it("ignores a messages value that is not a list", () => {
    expect(starttlsEvidence(withStarttls({ status: "warn", messages: "one string" })).messages).toBeUndefined();
  });

  it("carries the lines the scan budget writes when a limit refuses work", () => {
    const budget = createScanBudget({ maxConnections: 1 });
    expect(budget.take("connections", "192.0.2.10")).toBe(true);
    expect(budget.take("connections", "192.0.2.11")).toBe(false);
    const lines = budget.messages();
    budget.close();
    expect(lines.length).toBe(1);
    expect(starttlsEvidence(withStarttls({ status: "pass", messages: lines })).messages).toEqual(lines);
  });
});

describe("hasInjectedBytes", () => {
  it("is false when every address sent nothing unasked or the field is absent (older reports)", () => {
    expect(hasInjectedBytes(mxWith([{ address: "192.0.2.10", starttls: "ok", injectedBytes: 0 }, { address: "192.0.2.11", starttls: "ok" }]))).toBe(false);
    expect(hasInjectedBytes([])).toBe(false);
  });

  it("is true when one address of one host sent bytes", () => {
    const mx = [...mxWith([{ address: "192.0.2.10", starttls: "ok", injectedBytes: 0 }]), { ...mxWith([{ address: "192.0.2.20", starttls: "ok", injectedBytes: 7 }])[0]!, host: "mx2.example.com" }];
    expect(hasInjectedBytes(mx)).toBe(true);
  });
});

describe("MxEvidence", () => {
  const render = (mx: MxHost[], messages?: string[]) => renderToStaticMarkup(createElement(MxEvidence, { mx, now: NOW, ...(messages ? { messages } : {}) }));

  it("has no Unasked bytes column when no address sent any", () => {
    const html = render(mxWith([{ address: "192.0.2.10", starttls: "ok", injectedBytes: 0 }]));
    expect(html).not.toContain("Unasked bytes");
  });

  it("shows the count per address, and the explanation, when an address sent bytes", () => {
    const html = render(mxWith([{ address: "192.0.2.10", starttls: "ok", injectedBytes: 0 }, { address: "192.0.2.11", starttls: "ok", injectedBytes: 12 }]));
    expect(html).toContain(">Unasked bytes</th>");
    expect(html).toContain("12 bytes");
    expect(html).toContain("STARTTLS injection");
  });

  it("renders the probing notes as inert text, also when there is no MX host", () => {
    const hostile = 'mx1.example.com: no SMTP session: 192.0.2.10 failed (<img src=x onerror="alert(1)">)';
    for (const mx of [mxWith([{ address: "192.0.2.10", starttls: "failed" }]), []]) {
      const html = render(mx, [hostile]);
      expect(html).toContain("Probing notes");
      expect(html).toContain("&lt;img src=x");
      expect(html).not.toContain("<img");
    }
  });

  it("has no probing notes heading without messages", () => {
    expect(render(mxWith([{ address: "192.0.2.10", starttls: "ok" }]))).not.toContain("Probing notes");
  });
});
