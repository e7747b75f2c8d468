/**
 * A certificate that expires within days is urgent in the report whatever its catalogue severity
 * (low where nothing refuses an expired certificate): "Fix first" lists it right after what
 * refuses mail now, with its date, and the PDF carries the same line.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FixFirst } from "@/components/report/fix-first";
import { groupFindings } from "@/lib/report/areas";
import { deadlineOf, dueText, fixFirstOrder } from "@/lib/report/deadlines";
import { buildPdfModel } from "@/lib/report/pdf/model";
import type { ScanReport } from "@/lib/scan/types";
import { finding, report } from "./report-view-fixtures";

const NOW = new Date("2026-12-07T12:00:00Z");

function withExpiry(notAfter: string, extra: ScanReport["findings"] = []): ScanReport {
  const base = report();
  const mx = base.mx[0]!;
  return report({
    grade: "C",
    score: 70,
    mx: [
      {
        ...mx,
        endpoints: [
          {
            ...mx.endpoints[0]!,
            certificate: { subject: "CN=mx1.example.com", issuer: "CN=CA", san: ["mx1.example.com"], notBefore: "2026-09-01T00:00:00Z", notAfter, spkiSha256: "ab".repeat(32), keyBits: 256, trusted: true, nameMatches: true },
          },
        ],
      },
    ],
    findings: [
      finding("starttls-stripping-exposure", { severity: "high" }),
      finding("dmarc-policy-none", { severity: "medium" }),
      finding("cert-expiring-soon", { host: "mx1.example.com", severity: "low" }),
      ...extra,
    ],
  });
}

describe("deadlines", () => {
  it("a certificate expiring in 4 days is due, with its date", () => {
    const r = withExpiry("2026-12-11T18:00:00Z");
    const group = groupFindings(r.findings).find((g) => g.id === "cert-expiring-soon")!;
    expect(deadlineOf(group, r, NOW)).toEqual({ days: 4, date: "11 Dec 2026" });
    expect(dueText({ days: 4, date: "11 Dec 2026" })).toBe("expires in 4 days (11 Dec 2026): renew now");
    expect(dueText({ days: 0, date: "7 Dec 2026" })).toBe("expires today (7 Dec 2026): renew now");
  });

  it("one expiring in 10 days is not due yet (it keeps its place by severity)", () => {
    const r = withExpiry("2026-12-17T18:00:00Z");
    const order = fixFirstOrder(groupFindings(r.findings), r, NOW);
    expect(order.map((x) => x.group.id)).toEqual(["starttls-stripping-exposure", "dmarc-policy-none", "cert-expiring-soon"]);
    expect(order.some((x) => x.due)).toBe(false);
  });

  it("Fix first: critical first, then what is due, then the rest worst first", () => {
    const r = withExpiry("2026-12-11T18:00:00Z", [finding("dane-tlsa-mismatch", { host: "mx1.example.com", severity: "critical" })]);
    const order = fixFirstOrder(groupFindings(r.findings), r, NOW);
    expect(order.map((x) => x.group.id)).toEqual(["dane-tlsa-mismatch", "cert-expiring-soon", "starttls-stripping-exposure", "dmarc-policy-none"]);
    // The severity stays the catalogue's: the deadline moves the item, it does not relabel it.
    expect(order[1]!.group.severity).toBe("low");

    const html = renderToStaticMarkup(createElement(FixFirst, { items: order }));
    expect(html).toContain("expires in 4 days (11 Dec 2026): renew now");
    expect(html.indexOf("MX certificate expires")).toBeLessThan(html.indexOf("downgraded"));
  });

  it("the PDF carries the same deadline line", () => {
    const r = withExpiry("2026-12-11T18:00:00Z");
    const model = buildPdfModel({ report: r, workspaceName: "Acme", scanId: "s1", generatedAt: NOW });
    expect(model.due).toEqual({ "cert-expiring-soon": "expires in 4 days (11 Dec 2026): renew now" });
  });
});
