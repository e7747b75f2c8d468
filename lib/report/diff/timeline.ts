/**
 * The history timeline's line per scan: the report diff boiled down to a few counts and phrases,
 * so the timeline and the compare page always agree. Pure.
 */
import type { ScanReport } from "@/lib/scan/types";
import { diffReports, type DiffSection, type DiffSectionKey, type FieldChange, type ReportDiff } from "./report";

/** What the history timeline says about one scan compared with the domain's previous report. */
export type ScanChange = {
  gradeBefore: string;
  gradeAfter: string;
  direction: "up" | "down" | "same";
  scoreDelta: number;
  newFindings: number;
  resolvedFindings: number;
  exposureBefore: string | null;
  exposureAfter: string | null;
  /** Short phrases for the most telling record changes, most important first. */
  highlights: string[];
  rulesChanged: boolean;
  identical: boolean;
};

const section = (diff: ReportDiff, k: DiffSectionKey): DiffSection => diff.sections.find((s) => s.key === k) ?? { key: k, title: k, changes: [] };
const added = (s: DiffSection) => s.changes.filter((c) => c.kind === "added");
const removed = (s: DiffSection) => s.changes.filter((c) => c.kind === "removed");
const changed = (s: DiffSection) => s.changes.filter((c) => c.kind === "changed");

function recordPhrase(name: string, c: FieldChange | undefined): string | null {
  if (!c || c.kind === "unchanged") return null;
  return c.kind === "added" ? `${name} published` : c.kind === "removed" ? `${name} removed` : `${name} changed`;
}

function hostsOf(changes: FieldChange[], prefix: string): string {
  const hosts = [...new Set(changes.map((c) => c.field.slice(prefix.length).split(" ")[0]))];
  return hosts.length <= 2 ? hosts.join(", ") : `${hosts.length} hosts`;
}

/** Phrases such as "MTA-STS published", "TLSA added on mx1.example.com", "cert key changed on mx1 192.0.2.10". */
export function highlightsOf(diff: ReportDiff): string[] {
  const out: string[] = [];
  const mx = section(diff, "mx");
  for (const c of added(mx)) out.push(`${c.field} added`);
  for (const c of removed(mx)) out.push(`${c.field} removed`);
  for (const c of changed(mx)) out.push(`${c.field} ${c.note ?? "changed"}`);

  const sts = section(diff, "mtaSts").changes;
  const record = sts.find((c) => c.key === "mtaSts:record");
  if (record?.kind === "changed") out.push("MTA-STS id changed");
  else if (record && record.kind !== "unchanged") out.push(recordPhrase("MTA-STS record", record)!);
  const mode = sts.find((c) => c.key === "mtaSts:mode");
  const parsed = sts.find((c) => c.key === "mtaSts:policy");
  const policy = mode ?? parsed;
  if (policy?.kind === "added") out.push("MTA-STS policy published");
  else if (policy?.kind === "removed") out.push("MTA-STS policy gone");
  else if (mode?.kind === "changed") out.push(`MTA-STS mode ${mode.before} → ${mode.after}`);
  else if (parsed?.kind === "changed" || diff.policy?.changed) out.push("MTA-STS policy changed");

  const rpt = recordPhrase("TLS-RPT", section(diff, "tlsRpt").changes[0]);
  if (rpt) out.push(rpt);

  const dane = section(diff, "dane");
  const dnssec = dane.changes.find((c) => c.key === "dane:dnssec");
  if (dnssec && dnssec.kind !== "unchanged") out.push(`DNSSEC ${dnssec.before ?? "unknown"} → ${dnssec.after ?? "unknown"}`);
  const tlsa = dane.changes.filter((c) => c.key.startsWith("tlsa:"));
  const tlsaAdded = tlsa.filter((c) => c.kind === "added");
  const tlsaRemoved = tlsa.filter((c) => c.kind === "removed");
  if (tlsaAdded.length) out.push(`TLSA added on ${hostsOf(tlsaAdded, "TLSA _25._tcp.")}`);
  if (tlsaRemoved.length) out.push(`TLSA removed on ${hostsOf(tlsaRemoved, "TLSA _25._tcp.")}`);

  const certs = section(diff, "certificates");
  for (const c of changed(certs)) {
    const where = c.field.slice("Certificate ".length);
    out.push(c.note === "same key, new certificate" ? `certificate renewed on ${where} (same key)` : `cert key changed on ${where}`);
  }

  for (const [key, name] of [["dmarc", "DMARC record"], ["spf", "SPF record"]] as const) {
    const p = recordPhrase(name, section(diff, key).changes[0]);
    if (p) out.push(p);
  }
  return out;
}

export function summarizeChange(older: ScanReport, newer: ScanReport): ScanChange {
  const diff = diffReports(older, newer);
  return {
    gradeBefore: diff.grade.before,
    gradeAfter: diff.grade.after,
    direction: diff.grade.direction,
    scoreDelta: diff.grade.scoreDelta,
    newFindings: diff.findings.appeared.length,
    resolvedFindings: diff.findings.resolved.length,
    exposureBefore: diff.exposure.before,
    exposureAfter: diff.exposure.after,
    highlights: highlightsOf(diff),
    rulesChanged: diff.rules.differ,
    identical: diff.identical,
  };
}
