/** Change detection between two reports (lib/report/changes.ts), one rule per case. */
import { describe, expect, it } from "vitest";
import { detectChanges } from "../../../lib/report/changes";
import type { ScanReport } from "../../../lib/scan/types";
import { finding, mxHost, report, SPKI_A, SPKI_B } from "./history-fixtures";

const kinds = (prev: ScanReport, cur: ScanReport) => detectChanges(prev, cur).map((e) => e.kind);

describe("detectChanges", () => {
  it("a first scan and an unchanged rescan give no events", () => {
    const r = report({ mode: "enforce", dmarcRecord: "v=DMARC1; p=reject", findings: [finding("x-high", "high")] });
    expect(detectChanges(null, r)).toEqual([]);
    expect(detectChanges(r, structuredClone(r))).toEqual([]);
  });

  it("grade drop, not a rise", () => {
    expect(detectChanges(report({ grade: "A" }), report({ grade: "C" }))).toEqual([expect.objectContaining({ kind: "grade-drop", before: "A", after: "C", severity: "medium" })]);
    expect(detectChanges(report({ grade: "B" }), report({ grade: "F" }))[0]).toMatchObject({ severity: "high" });
    expect(kinds(report({ grade: "C" }), report({ grade: "A" }))).toEqual([]);
  });

  it("a new critical or high finding, once per id and host; medium ones and old ones are not events", () => {
    const prev = report({ findings: [finding("old-high", "high")] });
    const cur = report({ findings: [finding("old-high", "high"), finding("new-crit", "critical", "mx1.example.com"), finding("new-medium", "medium")] });
    const ev = detectChanges(prev, cur);
    expect(ev).toEqual([expect.objectContaining({ kind: "finding-new", severity: "critical", after: "new-crit", subject: "new-crit@mx1.example.com" })]);
  });

  it("exposure verdict change, high when it becomes exposed", () => {
    const ex = (verdict: NonNullable<ScanReport["exposure"]>["verdict"]) => ({ verdict, sentence: "", hosts: [] });
    expect(detectChanges(report({ exposure: ex("protected") }), report({ exposure: ex("exposed") }))).toEqual([
      expect.objectContaining({ kind: "exposure-change", before: "protected", after: "exposed", severity: "high" }),
    ]);
    expect(detectChanges(report({ exposure: ex("partial") }), report({ exposure: ex("protected") }))[0]).toMatchObject({ severity: "info" });
  });

  it("MX set change names what was added and removed; order and preference alone are no change", () => {
    const prev = report({ mx: [mxHost("mx1.example.com", 10), mxHost("mx2.example.com", 20)] });
    const same = report({ mx: [mxHost("mx2.example.com", 5), mxHost("mx1.example.com", 10)] });
    expect(kinds(prev, same)).toEqual([]);
    const cur = report({ mx: [mxHost("mx1.example.com", 10), mxHost("mx3.example.com", 20)] });
    const [e] = detectChanges(prev, cur);
    expect(e).toMatchObject({ kind: "mx-change", before: "mx1.example.com mx2.example.com", after: "mx1.example.com mx3.example.com" });
    expect(e!.summary).toContain("added mx3.example.com; removed mx2.example.com");
  });

  it("MTA-STS mode change: leaving enforce is high", () => {
    expect(detectChanges(report({ mode: "enforce" }), report({ mode: "testing" }))).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: "mta-sts-mode-change", before: "enforce", after: "testing", severity: "high" })]),
    );
    expect(detectChanges(report({ mode: "testing" }), report({ mode: "enforce" })).find((e) => e.kind === "mta-sts-mode-change")).toMatchObject({ severity: "info" });
  });

  it("MTA-STS policy body and id: changed together, body without id (RFC 8461 §3.1), id alone", () => {
    const sts = (policyText: string, recordId: string) => {
      const r = report({ mode: "enforce", policyText });
      (r.checks.mtaSts as Record<string, unknown>).recordId = recordId;
      return r;
    };
    const a = "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmax_age: 604800\n";
    const b = "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: mx2.example.com\nmax_age: 604800\n";
    expect(kinds(sts(a, "1"), sts(b, "2"))).toEqual(["mta-sts-policy-change", "mta-sts-id-change"]);
    expect(detectChanges(sts(a, "1"), sts(b, "1"))).toEqual([expect.objectContaining({ kind: "mta-sts-policy-changed-id-unchanged", severity: "high", after: "1" })]);
    expect(kinds(sts(a, "1"), sts(a.replace(/\n/g, "\r\n"), "1"))).toEqual([]);
    expect(kinds(sts(a, "1"), sts(a, "2"))).toEqual(["mta-sts-id-change"]);
  });

  it("a presented key no published TLSA record matches, once when it starts", () => {
    const tlsa = [`3 1 1 ${SPKI_A}`];
    const ok = report({ mx: [mxHost("mx1.example.com", 10, { tlsa })] });
    ok.mx[0]!.endpoints[0]!.dane = { matches: true, matched: tlsa };
    const rotated = report({ mx: [mxHost("mx1.example.com", 10, { tlsa, spki: SPKI_B })] });
    rotated.mx[0]!.endpoints[0]!.dane = { matches: false, matched: [] };
    expect(detectChanges(ok, rotated)).toEqual([expect.objectContaining({ kind: "dane-key-unmatched", severity: "critical", subject: "mx1.example.com", after: SPKI_B })]);
    expect(kinds(rotated, structuredClone(rotated))).toEqual([]);
  });

  it("certificate expiry raises one event as it crosses 14, 7 and 2 days, and none for a renewed certificate", () => {
    const notAfter = "2026-12-31T00:00:00.000Z";
    const at = (daysLeft: number, na = notAfter) =>
      report({ startedAt: new Date(Date.parse(notAfter) - daysLeft * 86_400_000).toISOString(), mx: [mxHost("mx1.example.com", 10, { notAfter: na })] });
    expect(kinds(at(20), at(15))).toEqual([]);
    expect(detectChanges(at(15), at(13))).toEqual([expect.objectContaining({ kind: "cert-expiry", severity: "medium", subject: "mx1.example.com:14", after: "14 days" })]);
    expect(kinds(at(13), at(12))).toEqual([]);
    expect(detectChanges(at(12), at(6.5))).toEqual([expect.objectContaining({ severity: "high", subject: "mx1.example.com:7" })]);
    // Skipping a band (no scan between 7 and 2 days) reports the lower one only.
    expect(detectChanges(at(10), at(1))).toEqual([expect.objectContaining({ severity: "critical", subject: "mx1.example.com:2" })]);
    expect(kinds(at(1), at(0.5))).toEqual([]);
    expect(kinds(at(3), at(1, "2027-03-31T00:00:00.000Z"))).toEqual([]);
  });

  it("DNSSEC turning bogus, for the domain or an MX, once", () => {
    expect(detectChanges(report({ dnssec: "secure" }), report({ dnssec: "bogus" }))).toEqual([expect.objectContaining({ kind: "dnssec-bogus", severity: "critical", subject: "", before: "secure" })]);
    const bogusMx = report();
    bogusMx.mx[0]!.dnssec = "bogus";
    expect(detectChanges(report(), bogusMx)).toEqual([expect.objectContaining({ kind: "dnssec-bogus", subject: "mx1.example.com" })]);
    expect(kinds(bogusMx, structuredClone(bogusMx))).toEqual([]);
  });

  it("DMARC weakened, including removed; strengthened is no event", () => {
    const d = (p?: string) => (p ? report({ dmarcRecord: `v=DMARC1; p=${p}`, dmarcPolicy: p }) : report());
    expect(detectChanges(d("reject"), d("none"))).toEqual([expect.objectContaining({ kind: "dmarc-weakened", before: "reject", after: "none", severity: "high" })]);
    expect(detectChanges(d("none"), d())).toEqual([expect.objectContaining({ kind: "dmarc-weakened", before: "none", after: null, severity: "medium" })]);
    expect(kinds(d("none"), d("quarantine"))).toEqual([]);
  });
});
