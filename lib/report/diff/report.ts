/**
 * What changed between two reports of one domain, older → newer, as the compare page shows it:
 * grade, findings, records per area, certificate keys and the MTA-STS policy body. Pure.
 */
import { GRADES, gradeRank, severityRank, type Finding, type Grade, type MxHost, type ScanReport, type Severity } from "@/lib/scan/types";
import { diffLines, diffWords, type LineDiffRow, type WordDiff } from "./sequence";

export type ChangeKind = "added" | "removed" | "changed" | "unchanged";

/** One row of the changes table: a field, its value before and after, and the words that moved. */
export type FieldChange = {
  /** Stable key within its section (host, host + address, record). */
  key: string;
  /** What the row is about, e.g. "MX mx1.example.com" or "Certificate mx1.example.com 192.0.2.10". */
  field: string;
  kind: ChangeKind;
  before: string | null;
  after: string | null;
  /** Word-level diff, present when kind is "changed". */
  words?: WordDiff;
  /** A plain-language remark, e.g. "same key, new certificate". */
  note?: string;
};

export type DiffSectionKey = "mx" | "mtaSts" | "tlsRpt" | "dane" | "certificates" | "dmarc" | "spf";

export type DiffSection = { key: DiffSectionKey; title: string; changes: FieldChange[] };

export type FindingChangeKind = "appeared" | "resolved" | "severity-changed" | "unchanged";

export type FindingChange = {
  kind: FindingChangeKind;
  id: string;
  host?: string;
  title: string;
  severity: Severity;
  /** The older severity, when it changed. */
  severityBefore?: Severity;
};

export type ReportDiff = {
  grade: { before: string; after: string; scoreBefore: number; scoreAfter: number; scoreDelta: number; direction: "up" | "down" | "same" };
  exposure: { before: string | null; after: string | null };
  rules: { before: number | null; after: number | null; differ: boolean };
  scanner: { before: string | null; after: string | null };
  findings: { appeared: FindingChange[]; resolved: FindingChange[]; severityChanged: FindingChange[]; unchanged: FindingChange[] };
  /** History findings of the newer scan (they describe drift between the two), shown first. */
  drift: Finding[];
  sections: DiffSection[];
  /** Line diff of the served MTA-STS policy body, when either scan fetched one. */
  policy: { rows: LineDiffRow[]; changed: boolean; before: string | null; after: string | null } | null;
  /** True when nothing above differs (findings, records, grade). */
  identical: boolean;
};

/** Finding ids that are about the history of a domain rather than its current state. */
const DRIFT_IDS = new Set(["mta-sts-policy-changed-id-unchanged"]);

/** Higher is better: F 1 … A+ 6 (the scanner's one grade order); unknown grades 0. */
const GRADE_RANK: Record<string, number> = Object.fromEntries(GRADES.map((g: Grade) => [g, GRADES.length - gradeRank(g)]));

export function gradeDirection(before: string | null | undefined, after: string | null | undefined): "up" | "down" | "same" {
  const b = before ? (GRADE_RANK[before] ?? 0) : 0;
  const a = after ? (GRADE_RANK[after] ?? 0) : 0;
  return a > b ? "up" : a < b ? "down" : "same";
}

function field(key: string, label: string, before: string | null | undefined, after: string | null | undefined, note?: string): FieldChange {
  const b = before ?? null;
  const a = after ?? null;
  const kind: ChangeKind = b === null && a === null ? "unchanged" : b === null ? "added" : a === null ? "removed" : b === a ? "unchanged" : "changed";
  return { key, field: label, kind, before: b, after: a, ...(kind === "changed" ? { words: diffWords(b!, a!) } : {}), ...(note ? { note } : {}) };
}

function findingKey(f: Pick<Finding, "id" | "host">): string {
  return `${f.id}\u0000${f.host ?? ""}`;
}

function bySeverity(a: FindingChange, b: FindingChange): number {
  return severityRank(a.severity) - severityRank(b.severity) || a.id.localeCompare(b.id) || (a.host ?? "").localeCompare(b.host ?? "");
}

function diffFindings(older: Finding[], newer: Finding[]): ReportDiff["findings"] {
  const before = new Map(older.map((f) => [findingKey(f), f]));
  const after = new Map(newer.map((f) => [findingKey(f), f]));
  const out: ReportDiff["findings"] = { appeared: [], resolved: [], severityChanged: [], unchanged: [] };
  const view = (f: Finding, kind: FindingChangeKind, severityBefore?: Severity): FindingChange => ({
    kind,
    id: f.id,
    ...(f.host !== undefined ? { host: f.host } : {}),
    title: f.title,
    severity: f.severity,
    ...(severityBefore ? { severityBefore } : {}),
  });
  for (const [k, f] of after) {
    const old = before.get(k);
    if (!old) out.appeared.push(view(f, "appeared"));
    else if (old.severity !== f.severity) out.severityChanged.push(view(f, "severity-changed", old.severity));
    else out.unchanged.push(view(f, "unchanged"));
  }
  for (const [k, f] of before) if (!after.has(k)) out.resolved.push(view(f, "resolved"));
  for (const list of Object.values(out)) list.sort(bySeverity);
  return out;
}

function mxValue(h: MxHost): string {
  return h.implicit ? "implicit (no MX records; the domain's own address)" : `preference ${h.preference}`;
}

function diffMx(older: MxHost[], newer: MxHost[]): FieldChange[] {
  const before = new Map(older.map((h) => [h.host, h]));
  const after = new Map(newer.map((h) => [h.host, h]));
  const hosts = unionOrdered(older.map((h) => h.host), newer.map((h) => h.host));
  return hosts.map((host) => {
    const b = before.get(host);
    const a = after.get(host);
    const note = b && a && b.preference !== a.preference ? `preference ${b.preference} → ${a.preference}` : undefined;
    return field(`mx:${host}`, `MX ${host}`, b ? mxValue(b) : null, a ? mxValue(a) : null, note);
  });
}

/** Union of two lists keeping first-seen order (older first, then what the newer one adds). */
function unionOrdered(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

function diffTlsa(older: MxHost[], newer: MxHost[]): FieldChange[] {
  const rows: FieldChange[] = [];
  const before = new Map(older.map((h) => [h.host, h.tlsa?.records ?? []]));
  const after = new Map(newer.map((h) => [h.host, h.tlsa?.records ?? []]));
  for (const host of unionOrdered(older.map((h) => h.host), newer.map((h) => h.host))) {
    const b = new Set(before.get(host) ?? []);
    const a = new Set(after.get(host) ?? []);
    for (const record of unionOrdered([...b], [...a])) {
      rows.push(field(`tlsa:${host}:${record}`, `TLSA _25._tcp.${host}`, b.has(record) ? record : null, a.has(record) ? record : null));
    }
  }
  return rows;
}

function certValue(c: { spkiSha256: string; notAfter: string }): string {
  return `key ${c.spkiSha256} · valid until ${c.notAfter.slice(0, 10)}`;
}

function diffCertificates(older: MxHost[], newer: MxHost[]): FieldChange[] {
  type Cert = { spkiSha256: string; notAfter: string };
  const collect = (hosts: MxHost[]) => {
    const m = new Map<string, { host: string; address: string; cert: Cert }>();
    for (const h of hosts) for (const e of h.endpoints) if (e.certificate) m.set(`${h.host} ${e.address}`, { host: h.host, address: e.address, cert: e.certificate });
    return m;
  };
  const before = collect(older);
  const after = collect(newer);
  return unionOrdered([...before.keys()], [...after.keys()]).map((k) => {
    const b = before.get(k);
    const a = after.get(k);
    let note: string | undefined;
    if (b && a && b.cert.spkiSha256 === a.cert.spkiSha256 && b.cert.notAfter !== a.cert.notAfter) note = "same key, new certificate";
    else if (b && a && b.cert.spkiSha256 !== a.cert.spkiSha256) note = "new key: TLSA 3 1 1 records for the old key no longer match";
    return field(`cert:${k}`, `Certificate ${k}`, b ? certValue(b.cert) : null, a ? certValue(a.cert) : null, note);
  });
}

function policySummary(r: ScanReport): string | null {
  const p = r.checks.mtaSts.policy;
  if (!p) return null;
  return `mode ${p.mode} · max_age ${p.maxAge} · mx ${p.mx.join(", ")}`;
}

/** The served policy body, which checks.mtaSts carries beside the spec's fields (absent in older reports). */
function policyText(r: ScanReport): string | null {
  const t = r.checks.mtaSts.policyText;
  return typeof t === "string" ? t : null;
}

/** A record as a table value: an empty record is no record. */
const recordOf = (v: string | undefined): string | null => v || null;

export function diffReports(older: ScanReport, newer: ScanReport): ReportDiff {
  const findings = diffFindings(older.findings, newer.findings);
  const mtaSts: FieldChange[] = [field("mtaSts:record", "MTA-STS record (_mta-sts TXT)", recordOf(older.checks.mtaSts.record), recordOf(newer.checks.mtaSts.record))];
  const textBefore = policyText(older);
  const textAfter = policyText(newer);
  // A body is only comparable when each side either kept its body or had no policy at all;
  // otherwise (reports of scanner versions that did not keep it) the parsed policy is compared.
  const comparable = (textBefore !== null || !older.checks.mtaSts.policy) && (textAfter !== null || !newer.checks.mtaSts.policy) && (textBefore !== null || textAfter !== null);
  if (!comparable) {
    mtaSts.push(field("mtaSts:policy", "MTA-STS policy (parsed)", policySummary(older), policySummary(newer)));
  } else {
    const mode = (r: ScanReport) => r.checks.mtaSts.policy?.mode ?? null;
    mtaSts.push(field("mtaSts:mode", "MTA-STS policy mode", mode(older), mode(newer)));
  }
  const dnssec = (r: ScanReport) => r.checks.dane.dnssec ?? null;
  const sections: DiffSection[] = ([
    { key: "mx", title: "MX set", changes: diffMx(older.mx, newer.mx) },
    { key: "mtaSts", title: "MTA-STS", changes: mtaSts },
    { key: "tlsRpt", title: "TLS-RPT", changes: [field("tlsRpt:record", "TLS-RPT record (_smtp._tls TXT)", recordOf(older.checks.tlsRpt.record), recordOf(newer.checks.tlsRpt.record))] },
    { key: "dane", title: "DANE and DNSSEC", changes: [field("dane:dnssec", "DNSSEC of the domain", dnssec(older), dnssec(newer)), ...diffTlsa(older.mx, newer.mx)] },
    { key: "certificates", title: "Certificate keys per MX address", changes: diffCertificates(older.mx, newer.mx) },
    { key: "dmarc", title: "DMARC", changes: [field("dmarc:record", "DMARC record (_dmarc TXT)", recordOf(older.checks.dmarc.record), recordOf(newer.checks.dmarc.record))] },
    { key: "spf", title: "SPF", changes: [field("spf:record", "SPF record (TXT)", recordOf(older.checks.spf.record), recordOf(newer.checks.spf.record))] },
  ] satisfies DiffSection[]).map((s) => ({ ...s, changes: s.changes.filter((c) => c.before !== null || c.after !== null) }));
  const policyChanged = comparable && (textBefore ?? "").replace(/\r\n?/g, "\n").trim() !== (textAfter ?? "").replace(/\r\n?/g, "\n").trim();
  const policy = !comparable ? null : { rows: diffLines(textBefore ?? "", textAfter ?? ""), changed: policyChanged, before: textBefore, after: textAfter };

  const rulesBefore = older.rulesetVersion ?? null;
  const rulesAfter = newer.rulesetVersion ?? null;
  const exposureBefore = older.exposure?.verdict ?? null;
  const exposureAfter = newer.exposure?.verdict ?? null;
  const drift = newer.findings.filter((f) => DRIFT_IDS.has(f.id));
  const recordsChanged = sections.some((s) => s.changes.some((c) => c.kind !== "unchanged")) || policyChanged;
  const findingsChanged = findings.appeared.length + findings.resolved.length + findings.severityChanged.length > 0;
  return {
    grade: {
      before: older.grade,
      after: newer.grade,
      scoreBefore: older.score,
      scoreAfter: newer.score,
      scoreDelta: newer.score - older.score,
      direction: gradeDirection(older.grade, newer.grade),
    },
    exposure: { before: exposureBefore, after: exposureAfter },
    rules: { before: rulesBefore, after: rulesAfter, differ: rulesBefore !== rulesAfter },
    scanner: { before: older.scannerVersion ?? null, after: newer.scannerVersion ?? null },
    findings,
    drift,
    sections,
    policy,
    identical:
      !recordsChanged &&
      !findingsChanged &&
      older.grade === newer.grade &&
      older.score === newer.score &&
      exposureBefore === exposureAfter,
  };
}
