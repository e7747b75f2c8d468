import { describe, expect, it } from "vitest";
import { diffLines, diffReports, diffSequences, diffWords, gradeDirection, summarizeChange, type FieldChange, type ReportDiff } from "../../../lib/report/diff";
import { finding, mxHost, report, SPKI_A, SPKI_B, type ReportOptions } from "./history-fixtures";

const row = (d: ReportDiff, key: string): FieldChange | undefined => d.sections.flatMap((s) => s.changes).find((c) => c.key === key);
const changedRows = (d: ReportDiff) => d.sections.flatMap((s) => s.changes).filter((c) => c.kind !== "unchanged");

describe("diffSequences", () => {
  it.each([
    { a: [], b: [], want: [] },
    { a: ["x"], b: ["x"], want: ["=x"] },
    { a: [], b: ["x", "y"], want: ["+x", "+y"] },
    { a: ["x", "y"], b: [], want: ["-x", "-y"] },
    { a: ["a", "b", "c"], b: ["a", "c"], want: ["=a", "-b", "=c"] },
    { a: ["a", "c"], b: ["a", "b", "c"], want: ["=a", "+b", "=c"] },
    { a: ["a", "b", "c", "d"], b: ["a", "x", "c", "y"], want: ["=a", "-b", "+x", "=c", "-d", "+y"] },
  ])("$a → $b", ({ a, b, want }) => {
    const got = diffSequences(a, b).map((p) => `${p.op === "same" ? "=" : p.op === "add" ? "+" : "-"}${p.text}`);
    expect(got).toEqual(want);
  });

  it("keeps every item exactly once on its side", () => {
    const a = "the quick brown fox jumps over the lazy dog".split(" ");
    const b = "the slow brown cat jumps over a lazy dog today".split(" ");
    const parts = diffSequences(a, b);
    expect(parts.filter((p) => p.op !== "add").map((p) => p.text)).toEqual(a);
    expect(parts.filter((p) => p.op !== "del").map((p) => p.text)).toEqual(b);
  });

  it("falls back to replace-all past the edit-length bound, keeping the common ends", () => {
    const a = ["head", ...Array.from({ length: 3000 }, (_, i) => `a${i}`), "tail"];
    const b = ["head", ...Array.from({ length: 3000 }, (_, i) => `b${i}`), "tail"];
    const parts = diffSequences(a, b);
    expect(parts[0]).toEqual({ op: "same", text: "head" });
    expect(parts.at(-1)).toEqual({ op: "same", text: "tail" });
    expect(parts.slice(1, 3001).every((p) => p.op === "del")).toBe(true);
    expect(parts.slice(3001, 6001).every((p) => p.op === "add")).toBe(true);
    expect(parts).toHaveLength(6002);
  });

  it("still aligns a long body with a few edits (within the bound)", () => {
    const a = Array.from({ length: 5000 }, (_, i) => `line ${i}`);
    const b = a.map((l, i) => (i % 1000 === 500 ? `${l} changed` : l));
    const parts = diffSequences(a, b);
    expect(parts.filter((p) => p.op === "del").map((p) => p.text)).toEqual(["line 500", "line 1500", "line 2500", "line 3500", "line 4500"]);
    expect(parts.filter((p) => p.op === "add")).toHaveLength(5);
    expect(parts.filter((p) => p.op === "same")).toHaveLength(4995);
  });
});

describe("diffWords", () => {
  it("marks the removed word in before and the added word in after", () => {
    const w = diffWords("v=DMARC1; p=none; rua=mailto:d@example.com", "v=DMARC1; p=reject; rua=mailto:d@example.com");
    expect(w.before.filter((p) => p.op === "del").map((p) => p.text)).toEqual(["p=none;"]);
    expect(w.after.filter((p) => p.op === "add").map((p) => p.text)).toEqual(["p=reject;"]);
    expect(w.before.map((p) => p.text).join("")).toBe("v=DMARC1; p=none; rua=mailto:d@example.com");
    expect(w.after.map((p) => p.text).join("")).toBe("v=DMARC1; p=reject; rua=mailto:d@example.com");
  });
});

describe("diffLines", () => {
  it("numbers lines on both sides and ignores CRLF and the final newline", () => {
    const rows = diffLines("version: STSv1\r\nmode: testing\r\nmx: mx1.example.com\r\n", "version: STSv1\nmode: enforce\nmx: mx1.example.com");
    expect(rows).toEqual([
      { op: "same", text: "version: STSv1", oldNo: 1, newNo: 1 },
      { op: "del", text: "mode: testing", oldNo: 2 },
      { op: "add", text: "mode: enforce", newNo: 2 },
      { op: "same", text: "mx: mx1.example.com", oldNo: 3, newNo: 3 },
    ]);
  });
  it("an empty side is all added or all removed", () => {
    expect(diffLines("", "a\nb").map((r) => r.op)).toEqual(["add", "add"]);
    expect(diffLines("a\nb", "").map((r) => r.op)).toEqual(["del", "del"]);
  });
});

describe("gradeDirection", () => {
  it.each([
    ["C", "B", "up"],
    ["A", "A+", "up"],
    ["A+", "F", "down"],
    ["B", "B", "same"],
  ] as const)("%s → %s is %s", (b, a, want) => expect(gradeDirection(b, a)).toBe(want));
});

type Case = { name: string; older: ReportOptions; newer: ReportOptions; expect: (d: ReportDiff) => void };

const D = "example.com";
const cases: Case[] = [
  {
    name: "identical reports: no changes",
    older: { mtaStsRecord: "v=STSv1; id=1", mode: "enforce", dmarcRecord: "v=DMARC1; p=reject", spfRecord: "v=spf1 mx -all", findings: [finding("dane-rollover-risk", "low", `mx1.${D}`)] },
    newer: { mtaStsRecord: "v=STSv1; id=1", mode: "enforce", dmarcRecord: "v=DMARC1; p=reject", spfRecord: "v=spf1 mx -all", findings: [finding("dane-rollover-risk", "low", `mx1.${D}`)], startedAt: "2026-12-05T12:00:00.000Z" },
    expect: (d) => {
      expect(d.identical).toBe(true);
      expect(changedRows(d)).toEqual([]);
      expect(d.findings.unchanged.map((f) => f.id)).toEqual(["dane-rollover-risk"]);
      expect(d.policy?.changed).toBe(false);
    },
  },
  {
    name: "MX host added, one removed, a preference changed",
    older: { mx: [mxHost(`mx1.${D}`, 10), mxHost(`mx2.${D}`, 20, { address: "192.0.2.20" })] },
    newer: { mx: [mxHost(`mx1.${D}`, 5), mxHost(`mx3.${D}`, 30, { address: "192.0.2.30" })] },
    expect: (d) => {
      expect(row(d, `mx:mx1.${D}`)).toMatchObject({ kind: "changed", before: "preference 10", after: "preference 5", note: "preference 10 → 5" });
      expect(row(d, `mx:mx2.${D}`)).toMatchObject({ kind: "removed", before: "preference 20", after: null });
      expect(row(d, `mx:mx3.${D}`)).toMatchObject({ kind: "added", before: null, after: "preference 30" });
      expect(d.identical).toBe(false);
    },
  },
  {
    name: "MTA-STS published in testing, then the policy body changes to enforce",
    older: { mtaStsRecord: "v=STSv1; id=20261101", mode: "testing" },
    newer: { mtaStsRecord: "v=STSv1; id=20261128", mode: "enforce" },
    expect: (d) => {
      const rec = row(d, "mtaSts:record")!;
      expect(rec.kind).toBe("changed");
      expect(rec.words!.before.filter((p) => p.op === "del").map((p) => p.text)).toEqual(["id=20261101"]);
      expect(rec.words!.after.filter((p) => p.op === "add").map((p) => p.text)).toEqual(["id=20261128"]);
      expect(row(d, "mtaSts:mode")).toMatchObject({ kind: "changed", before: "testing", after: "enforce" });
      expect(d.policy!.changed).toBe(true);
      expect(d.policy!.rows.filter((r) => r.op !== "same").map((r) => `${r.op}:${r.text}`)).toEqual(["del:mode: testing", "add:mode: enforce"]);
    },
  },
  {
    name: "MTA-STS record published where there was none",
    older: {},
    newer: { mtaStsRecord: "v=STSv1; id=1", mode: "testing" },
    expect: (d) => {
      expect(row(d, "mtaSts:record")).toMatchObject({ kind: "added", before: null, after: "v=STSv1; id=1" });
      expect(row(d, "mtaSts:mode")).toMatchObject({ kind: "added", after: "testing" });
      expect(d.policy!.rows.every((r) => r.op === "add")).toBe(true);
    },
  },
  {
    name: "TLSA record added on mx1 beside the existing one",
    older: { mx: [mxHost(`mx1.${D}`, 10, { tlsa: [`3 1 1 ${SPKI_A}`] })] },
    newer: { mx: [mxHost(`mx1.${D}`, 10, { tlsa: [`3 1 1 ${SPKI_A}`, `3 1 1 ${SPKI_B}`] })] },
    expect: (d) => {
      const tlsa = d.sections.find((s) => s.key === "dane")!.changes.filter((c) => c.key.startsWith("tlsa:"));
      expect(tlsa.map((c) => c.kind)).toEqual(["unchanged", "added"]);
      expect(tlsa[1]).toMatchObject({ field: `TLSA _25._tcp.mx1.${D}`, after: `3 1 1 ${SPKI_B}` });
    },
  },
  {
    name: "certificate key changed on an MX address",
    older: { mx: [mxHost(`mx1.${D}`, 10, { spki: SPKI_A })] },
    newer: { mx: [mxHost(`mx1.${D}`, 10, { spki: SPKI_B, notAfter: "2027-03-01T00:00:00.000Z" })] },
    expect: (d) => {
      const c = row(d, `cert:mx1.${D} 192.0.2.10`)!;
      expect(c.kind).toBe("changed");
      expect(c.note).toMatch(/new key/);
      expect(c.words!.after.filter((p) => p.op === "add").map((p) => p.text)).toEqual([SPKI_B, "2027-03-01"]);
    },
  },
  {
    name: "certificate renewed with the same key",
    older: { mx: [mxHost(`mx1.${D}`, 10, { notAfter: "2026-12-01T00:00:00.000Z" })] },
    newer: { mx: [mxHost(`mx1.${D}`, 10, { notAfter: "2027-03-01T00:00:00.000Z" })] },
    expect: (d) => expect(row(d, `cert:mx1.${D} 192.0.2.10`)).toMatchObject({ kind: "changed", note: "same key, new certificate" }),
  },
  {
    name: "DMARC tightened, SPF removed, TLS-RPT published",
    older: { dmarcRecord: "v=DMARC1; p=none; rua=mailto:d@example.com", spfRecord: "v=spf1 mx -all" },
    newer: { dmarcRecord: "v=DMARC1; p=reject; rua=mailto:d@example.com", tlsRptRecord: "v=TLSRPTv1; rua=mailto:t@example.com" },
    expect: (d) => {
      expect(row(d, "dmarc:record")).toMatchObject({ kind: "changed" });
      expect(row(d, "spf:record")).toMatchObject({ kind: "removed", before: "v=spf1 mx -all", after: null });
      expect(row(d, "tlsRpt:record")).toMatchObject({ kind: "added" });
    },
  },
  {
    name: "DNSSEC turned on",
    older: { dnssec: "insecure" },
    newer: { dnssec: "secure" },
    expect: (d) => expect(row(d, "dane:dnssec")).toMatchObject({ kind: "changed", before: "insecure", after: "secure" }),
  },
  {
    name: "findings appear, resolve and change severity (keyed by id and host)",
    older: { findings: [finding("mta-sts-missing", "medium"), finding("cert-untrusted", "medium", `mx1.${D}`), finding("spf-softfail", "info"), finding("starttls-stripping-exposure", "high")] },
    newer: {
      findings: [finding("mta-sts-testing", "medium"), finding("cert-untrusted", "critical", `mx1.${D}`), finding("cert-untrusted", "medium", `mx2.${D}`), finding("spf-softfail", "info")],
    },
    expect: (d) => {
      expect(d.findings.appeared.map((f) => `${f.id}@${f.host ?? ""}`)).toEqual(["cert-untrusted@mx2.example.com", "mta-sts-testing@"]);
      expect(d.findings.resolved.map((f) => f.id)).toEqual(["starttls-stripping-exposure", "mta-sts-missing"]);
      expect(d.findings.severityChanged).toEqual([expect.objectContaining({ id: "cert-untrusted", host: `mx1.${D}`, severity: "critical", severityBefore: "medium" })]);
      expect(d.findings.unchanged.map((f) => f.id)).toEqual(["spf-softfail"]);
    },
  },
  {
    name: "grade, score and a ruleset change",
    older: { grade: "C", score: 68, rulesetVersion: 1, exposure: { verdict: "exposed", sentence: "", hosts: [] } },
    newer: { grade: "B", score: 84, rulesetVersion: 2 },
    expect: (d) => {
      expect(d.grade).toEqual({ before: "C", after: "B", scoreBefore: 68, scoreAfter: 84, scoreDelta: 16, direction: "up" });
      expect(d.rules).toEqual({ before: 1, after: 2, differ: true });
      expect(d.exposure).toEqual({ before: "exposed", after: "partial" });
      expect(d.identical).toBe(false);
    },
  },
  {
    name: "a drift finding of the newer scan is surfaced on its own",
    older: { mtaStsRecord: "v=STSv1; id=1", mode: "enforce" },
    newer: { mtaStsRecord: "v=STSv1; id=1", mode: "enforce", policyText: "version: STSv1\nmode: enforce\nmx: *.example.com\nmax_age: 604800\n", findings: [finding("mta-sts-policy-changed-id-unchanged", "high")] },
    expect: (d) => {
      expect(d.drift.map((f) => f.id)).toEqual(["mta-sts-policy-changed-id-unchanged"]);
      expect(d.findings.appeared.map((f) => f.id)).toEqual(["mta-sts-policy-changed-id-unchanged"]);
      expect(row(d, "mtaSts:record")!.kind).toBe("unchanged");
      expect(d.policy!.changed).toBe(true);
    },
  },
];

describe("diffReports", () => {
  it.each(cases)("$name", ({ older, newer, expect: check }) => {
    check(diffReports(report(older), report(newer)));
  });

  it("never reports a row that is absent on both sides", () => {
    const d = diffReports(report(), report());
    for (const c of d.sections.flatMap((s) => s.changes)) expect(c.before !== null || c.after !== null).toBe(true);
  });

  it("compares the parsed policy when the older report kept no body", () => {
    const o = report({ mtaStsRecord: "v=STSv1; id=1", mode: "testing" });
    delete (o.checks.mtaSts as { policyText?: string }).policyText;
    const d = diffReports(o, report({ mtaStsRecord: "v=STSv1; id=1", mode: "enforce" }));
    expect(d.policy).toBeNull();
    expect(row(d, "mtaSts:policy")).toMatchObject({ kind: "changed" });
  });
});

describe("summarizeChange", () => {
  it.each([
    {
      name: "MTA-STS and TLSA published, grade up",
      older: { grade: "C", score: 68, findings: [finding("mta-sts-missing", "medium"), finding("starttls-stripping-exposure", "high"), finding("dane-missing", "low", `mx1.${D}`)] },
      newer: { grade: "B", score: 84, mtaStsRecord: "v=STSv1; id=1", mode: "testing", mx: [mxHost(`mx1.${D}`, 10, { tlsa: [`3 1 1 ${SPKI_A}`] })], findings: [finding("mta-sts-testing", "medium"), finding("starttls-stripping-partial", "medium")] },
      want: { direction: "up", newFindings: 2, resolvedFindings: 3, highlights: ["MTA-STS record published", "MTA-STS policy published", `TLSA added on mx1.${D}`] },
    },
    {
      name: "nothing changed",
      older: { dmarcRecord: "v=DMARC1; p=reject" },
      newer: { dmarcRecord: "v=DMARC1; p=reject" },
      want: { direction: "same", newFindings: 0, resolvedFindings: 0, highlights: [], identical: true },
    },
    {
      name: "key rollover and mode switch",
      older: { mtaStsRecord: "v=STSv1; id=1", mode: "testing", mx: [mxHost(`mx1.${D}`, 10, { spki: SPKI_A })] },
      newer: { mtaStsRecord: "v=STSv1; id=2", mode: "enforce", mx: [mxHost(`mx1.${D}`, 10, { spki: SPKI_B })] },
      want: { highlights: ["MTA-STS id changed", "MTA-STS mode testing → enforce", `cert key changed on mx1.${D} 192.0.2.10`] },
    },
    {
      name: "MX swapped and DMARC removed, grade down",
      older: { grade: "A", score: 92, dmarcRecord: "v=DMARC1; p=reject", mx: [mxHost(`mx1.${D}`, 10)] },
      newer: { grade: "D", score: 45, mx: [mxHost(`mx9.${D}`, 10, { address: "192.0.2.99" })] },
      want: { direction: "down", scoreDelta: -47, highlights: [`MX mx9.${D} added`, `MX mx1.${D} removed`, "DMARC record removed"] },
    },
  ] satisfies { name: string; older: ReportOptions; newer: ReportOptions; want: Record<string, unknown> }[])("$name", ({ older, newer, want }) => {
    expect(summarizeChange(report(older), report(newer))).toMatchObject(want);
  });
});
