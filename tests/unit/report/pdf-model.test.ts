/**
 * The PDF model (lib/report/pdf/model.ts) agrees with the web report: same verdict sentence, same
 * finding groups in the same order, the same why-not-higher, the six areas in their fixed order.
 */
import { describe, expect, it } from "vitest";
import { AREAS, groupFindings } from "@/lib/report/areas";
import { buildPdfModel } from "@/lib/report/pdf/model";
import { verdictSentence } from "@/lib/report/verdict";
import { whyNotHigher } from "@/lib/report/why-not-higher";
import { finding, report } from "./report-view-fixtures";

const NOW = new Date("2026-12-01T00:00:00Z");

describe("buildPdfModel", () => {
  it("uses the web report's derivations: verdict, groups (actionable then info), deductions, areas", () => {
    const r = report({
      grade: "C",
      score: 71,
      findings: [
        finding("dmarc-policy-none"),
        finding("cert-expired", { host: "mx1.example.com" }),
        finding("mta-sts-missing"),
        finding("mx-unreachable", { host: "mx1.example.com", severity: "info" }),
      ],
    });
    const m = buildPdfModel({ report: r, workspaceName: "Acme", scanId: "s1", generatedAt: NOW });
    expect(m.sentence).toBe(verdictSentence(r));
    const groups = groupFindings(r.findings);
    expect([...m.actionable, ...m.info].map((g) => g.id)).toEqual(groups.map((g) => g.id));
    expect(m.info.map((g) => g.id)).toEqual(["mx-unreachable"]);
    expect(m.why).toEqual(whyNotHigher(r.findings));
    expect(m.areas.map((a) => a.meta.key)).toEqual(AREAS.map((a) => a.key));
    expect(m.areas.find((a) => a.meta.key === "dmarc")!.groups.map((g) => g.id)).toEqual(["dmarc-policy-none"]);
  });

  it("says whether the stored score is what the current table gives", () => {
    const f = [finding("mta-sts-missing")];
    const fresh = whyNotHigher(f);
    expect(buildPdfModel({ report: report({ findings: f, score: fresh.score, grade: fresh.grade }), workspaceName: "w", scanId: "s", generatedAt: NOW }).sumMatches).toBe(true);
    expect(buildPdfModel({ report: report({ findings: f, score: 12, grade: "F" }), workspaceName: "w", scanId: "s", generatedAt: NOW }).sumMatches).toBe(false);
  });

  it("lists TLSA matrices only for hosts that publish TLSA records", () => {
    const r = report();
    r.mx[0]!.tlsa = { records: [`3 1 1 ${"ab".repeat(32)}`], dnssec: "secure", usable: true };
    r.mx.push({ host: "mx2.example.com", preference: 20, implicit: false, dnssec: "secure", endpoints: [] });
    const m = buildPdfModel({ report: r, workspaceName: "w", scanId: "s", generatedAt: NOW });
    expect(m.tlsa.map((t) => t.host)).toEqual(["mx1.example.com"]);
    expect(m.tlsa[0]!.matrix.name).toBe("_25._tcp.mx1.example.com");
  });
});
