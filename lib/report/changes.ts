/**
 * Change detection between two stored scans of one domain (docs/monitoring.md): what got worse, or
 * changed in a way an operator must know about, as events. Pure: two reports in, events out.
 *
 * Every event compares the previous report with the current one, so a state that persists over
 * many scans yields one event when it appears, never one per scan.
 */
import { GRADES, gradeRank, SEVERITIES, severityRank as severityOrder, type Endpoint, type Grade, type MxHost, type ScanReport, type Severity } from "@/lib/scan/types";
import { summarizeReport } from "./summary";

export const EVENT_KINDS = [
  "grade-drop",
  "finding-new",
  "exposure-change",
  "mx-change",
  "mta-sts-mode-change",
  "mta-sts-policy-change",
  "mta-sts-id-change",
  "mta-sts-policy-changed-id-unchanged",
  "dane-key-unmatched",
  "cert-expiry",
  "dnssec-bogus",
  "dmarc-weakened",
  "not-graded",
  // Found in sender reports, not between scans (lib/report/senders/kinds.ts); listed here so alert rules can select them.
  "sender-failure-new",
  "sender-possible-stripping",
  "sender-unknown-receiving-ip",
  "sender-policy-mismatch",
  "sender-failures-after-change",
  "sender-silent",
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_SEVERITIES: readonly Severity[] = SEVERITIES;

export type ChangeEvent = {
  kind: EventKind;
  severity: Severity;
  /** What the event is about within the domain (an MX host, a finding id); "" for the domain itself. Part of its identity. */
  subject: string;
  before: string | null;
  after: string | null;
  /** One sentence for timelines and alert messages. */
  summary: string;
};

/** Days before a certificate's notAfter at which an event is raised once each (issue 12). */
export const CERT_EXPIRY_THRESHOLDS = [14, 7, 2] as const;
const DAY_MS = 86_400_000;

/** Higher is better: F 1 … A+ 6, from the scanner's one grade order. */
const GRADE_RANK = Object.fromEntries(GRADES.map((g) => [g, GRADES.length - gradeRank(g)])) as Record<Grade, number>;
const EXPOSURE_RANK: Record<string, number> = { protected: 3, "no-inbound-mail": 3, partial: 2, inconclusive: 1, exposed: 0 };
/** DMARC policies by strength (RFC 7489 §6.3 p=); a missing record is weakest. */
const DMARC_RANK: Record<string, number> = { reject: 3, quarantine: 2, none: 1 };
const MODE_RANK: Record<string, number> = { enforce: 3, testing: 2, none: 1 };

/** Severity rank, higher is worse; used by alert rules ("at least high"). */
export function severityRank(s: Severity): number {
  return SEVERITIES.length - 1 - severityOrder(s);
}

const show = (v: string | null | undefined): string => v ?? "none";

function gradeDrop(prev: ScanReport, cur: ScanReport): ChangeEvent[] {
  if (GRADE_RANK[cur.grade] >= GRADE_RANK[prev.grade]) return [];
  const severity: Severity = GRADE_RANK[cur.grade] <= GRADE_RANK.D ? "high" : "medium";
  return [{ kind: "grade-drop", severity, subject: "", before: prev.grade, after: cur.grade, summary: `Grade dropped from ${prev.grade} to ${cur.grade}.` }];
}

function notGradedEvent(prev: ScanReport, reason: string): ChangeEvent {
  return { kind: "not-graded", severity: "medium", subject: "", before: prev.grade, after: null, summary: `The domain could not be graded: ${reason}.` };
}

function newFindings(prev: ScanReport, cur: ScanReport): ChangeEvent[] {
  const key = (id: string, host?: string) => `${id}@${host ?? ""}`;
  const had = new Set(prev.findings.map((f) => key(f.id, f.host)));
  const seen = new Set<string>();
  const out: ChangeEvent[] = [];
  for (const f of cur.findings) {
    if (f.severity !== "critical" && f.severity !== "high") continue;
    const k = key(f.id, f.host);
    if (had.has(k) || seen.has(k)) continue;
    seen.add(k);
    // The history finding has its own, more precise event kind below.
    if (f.id === "mta-sts-policy-changed-id-unchanged") continue;
    out.push({ kind: "finding-new", severity: f.severity, subject: k, before: null, after: f.id, summary: `New ${f.severity} finding: ${f.title}${f.host ? ` (${f.host})` : ""}.` });
  }
  return out;
}

function exposureChange(prev: ScanReport, cur: ScanReport): ChangeEvent[] {
  const a = summarizeReport(prev).exposure;
  const b = summarizeReport(cur).exposure;
  if (a === b) return [];
  const worse = (EXPOSURE_RANK[b] ?? 0) < (EXPOSURE_RANK[a] ?? 0);
  const severity: Severity = b === "exposed" ? "high" : worse ? "medium" : "info";
  return [{ kind: "exposure-change", severity, subject: "", before: a, after: b, summary: `STARTTLS-stripping exposure changed from ${a} to ${b}.` }];
}

const mxSet = (r: ScanReport): string[] => [...new Set(r.mx.filter((m) => !m.implicit).map((m) => m.host.toLowerCase()))].sort();

function mxChange(prev: ScanReport, cur: ScanReport): ChangeEvent[] {
  const a = mxSet(prev);
  const b = mxSet(cur);
  if (a.join(" ") === b.join(" ")) return [];
  const added = b.filter((h) => !a.includes(h));
  const removed = a.filter((h) => !b.includes(h));
  const parts = [added.length ? `added ${added.join(", ")}` : "", removed.length ? `removed ${removed.join(", ")}` : ""].filter(Boolean);
  return [{ kind: "mx-change", severity: "medium", subject: "", before: a.join(" ") || null, after: b.join(" ") || null, summary: `MX set changed: ${parts.join("; ")}.` }];
}

type StsEvidence = { policyText?: string; recordId?: string; policy?: { mode?: string } };
const normalizePolicy = (body: string) => body.replace(/\r\n/g, "\n").trim();

function mtaStsChanges(prev: ScanReport, cur: ScanReport): ChangeEvent[] {
  const a = prev.checks.mtaSts as StsEvidence;
  const b = cur.checks.mtaSts as StsEvidence;
  const out: ChangeEvent[] = [];
  const modeA = a.policy?.mode ?? null;
  const modeB = b.policy?.mode ?? null;
  if (modeA !== modeB) {
    const weaker = (MODE_RANK[modeB ?? ""] ?? 0) < (MODE_RANK[modeA ?? ""] ?? 0);
    // Leaving enforce removes the protection against STARTTLS stripping (RFC 8461 §5).
    const severity: Severity = modeA === "enforce" ? "high" : weaker ? "medium" : "info";
    out.push({ kind: "mta-sts-mode-change", severity, subject: "", before: modeA, after: modeB, summary: `MTA-STS mode changed from ${show(modeA)} to ${show(modeB)}.` });
  }
  const bodyChanged = a.policyText !== undefined && b.policyText !== undefined && normalizePolicy(a.policyText) !== normalizePolicy(b.policyText);
  const idChanged = a.recordId !== undefined && b.recordId !== undefined && a.recordId !== b.recordId;
  if (bodyChanged && !idChanged && b.recordId !== undefined) {
    // RFC 8461 §3.1: a changed policy needs a new id, or senders keep their cached copy.
    out.push({
      kind: "mta-sts-policy-changed-id-unchanged",
      severity: "high",
      subject: "",
      before: a.recordId ?? null,
      after: b.recordId,
      summary: `The MTA-STS policy changed but its record id stayed ${b.recordId}; senders with a cached policy will not fetch the new one.`,
    });
  } else if (bodyChanged) {
    out.push({ kind: "mta-sts-policy-change", severity: "low", subject: "", before: null, after: null, summary: "The MTA-STS policy file changed." });
  }
  if (idChanged) {
    out.push({ kind: "mta-sts-id-change", severity: "info", subject: "", before: a.recordId ?? null, after: b.recordId ?? null, summary: `The MTA-STS record id changed from ${show(a.recordId)} to ${show(b.recordId)}.` });
  }
  return out;
}

type Presented = { host: string; endpoint: Endpoint; mx: MxHost };

function presented(r: ScanReport): Presented[] {
  return r.mx.flatMap((mx) => mx.endpoints.map((endpoint) => ({ host: mx.host.toLowerCase(), endpoint, mx })));
}

/**
 * A published, usable TLSA RRset that the presented key no longer matches: DANE senders refuse
 * delivery to that MX (RFC 7672 §2.2). Raised per MX when it starts, not while it persists.
 */
function daneUnmatched(prev: ScanReport, cur: ScanReport): ChangeEvent[] {
  const unmatched = (r: ScanReport): Map<string, string> => {
    const m = new Map<string, string>();
    for (const p of presented(r)) {
      if (!p.mx.tlsa?.usable || p.mx.tlsa.records.length === 0) continue;
      if (p.endpoint.dane && !p.endpoint.dane.matches && !m.has(p.host)) m.set(p.host, p.endpoint.certificate?.spkiSha256 ?? "unknown key");
    }
    return m;
  };
  const before = unmatched(prev);
  const out: ChangeEvent[] = [];
  for (const [host, spki] of unmatched(cur)) {
    if (before.has(host)) continue;
    out.push({
      kind: "dane-key-unmatched",
      severity: "critical",
      subject: host,
      before: null,
      after: spki,
      summary: `${host} presents a key (SHA-256 ${spki.slice(0, 16)}…) that no published TLSA record matches; DANE senders will not deliver to it.`,
    });
  }
  return out;
}

/** The lowest threshold (days) at or below which the certificate's remaining lifetime lies, if any. */
function expiryBand(notAfter: string, at: number): number | null {
  const left = (Date.parse(notAfter) - at) / DAY_MS;
  if (!Number.isFinite(left)) return null;
  let band: number | null = null;
  for (const t of CERT_EXPIRY_THRESHOLDS) if (left <= t) band = t;
  return band;
}

function certExpiry(prev: ScanReport, cur: ScanReport): ChangeEvent[] {
  const prevAt = Date.parse(prev.startedAt);
  const curAt = Date.parse(cur.startedAt);
  const prevBand = new Map<string, number | null>();
  for (const p of presented(prev)) {
    const c = p.endpoint.certificate;
    if (c) prevBand.set(`${p.host}|${c.spkiSha256}|${c.notAfter}`, expiryBand(c.notAfter, prevAt));
  }
  const out: ChangeEvent[] = [];
  const done = new Set<string>();
  for (const p of presented(cur)) {
    const c = p.endpoint.certificate;
    if (!c) continue;
    const id = `${p.host}|${c.spkiSha256}|${c.notAfter}`;
    if (done.has(id)) continue;
    done.add(id);
    const band = expiryBand(c.notAfter, curAt);
    if (band === null) continue;
    // The same certificate seen before: raise only when it entered a new, lower band. A
    // certificate not seen before that is already inside a band is new news too.
    const before = prevBand.has(id) ? prevBand.get(id)! : null;
    if (before !== null && before <= band) continue;
    const severity: Severity = band <= 2 ? "critical" : band <= 7 ? "high" : "medium";
    const daysLeft = Math.max(0, Math.floor((Date.parse(c.notAfter) - curAt) / DAY_MS));
    out.push({
      kind: "cert-expiry",
      severity,
      subject: `${p.host}:${band}`,
      before: before === null ? null : `${before} days`,
      after: `${band} days`,
      summary: `The certificate of ${p.host} expires on ${c.notAfter.slice(0, 10)} (${daysLeft} day${daysLeft === 1 ? "" : "s"} left).`,
    });
  }
  return out;
}

/** Every DNSSEC verdict the report holds, by where it was observed. */
function dnssecStates(r: ScanReport): Map<string, string> {
  const m = new Map<string, string>();
  if (r.checks.dane.dnssec) m.set("", r.checks.dane.dnssec);
  for (const mx of r.mx) {
    m.set(mx.host.toLowerCase(), mx.dnssec);
    if (mx.tlsa) m.set(`_25._tcp.${mx.host.toLowerCase()}`, mx.tlsa.dnssec);
  }
  return m;
}

/** A bogus answer makes validating senders treat the name as unresolvable (RFC 4035 §5.5): mail stops. */
function dnssecBogus(prev: ScanReport, cur: ScanReport): ChangeEvent[] {
  const before = dnssecStates(prev);
  const out: ChangeEvent[] = [];
  for (const [where, state] of dnssecStates(cur)) {
    if (state !== "bogus" || before.get(where) === "bogus") continue;
    const name = where === "" ? cur.domain : where;
    out.push({ kind: "dnssec-bogus", severity: "critical", subject: where, before: before.get(where) ?? null, after: "bogus", summary: `DNSSEC validation of ${name} fails (bogus); validating senders cannot resolve it.` });
  }
  return out;
}

function dmarcPolicy(r: ScanReport): string | null {
  const d = r.checks.dmarc;
  return d.record && d.policy ? d.policy.toLowerCase() : null;
}

function dmarcWeakened(prev: ScanReport, cur: ScanReport): ChangeEvent[] {
  const a = dmarcPolicy(prev);
  const b = dmarcPolicy(cur);
  if ((DMARC_RANK[b ?? ""] ?? 0) >= (DMARC_RANK[a ?? ""] ?? 0)) return [];
  return [{ kind: "dmarc-weakened", severity: a === "reject" || a === "quarantine" ? "high" : "medium", subject: "", before: a, after: b, summary: `DMARC policy weakened from ${show(a)} to ${show(b)}.` }];
}

/** The events between a domain's previous stored report and its current one; none for a first scan. */
export function detectChanges(previous: ScanReport | null, current: ScanReport): ChangeEvent[] {
  if (!previous) return [];
  // A scan without a grade observed nothing (docs/report-format.md `notGraded`): set against a graded
  // one, every difference would read "could not check" as a grade drop, a weaker DMARC or a lost
  // protection. Going not graded is one event; while it lasts, and on the way back, nothing is compared.
  if (current.notGraded) return previous.notGraded ? [] : [notGradedEvent(previous, current.notGraded)];
  if (previous.notGraded) return [];
  return [
    ...gradeDrop(previous, current),
    ...newFindings(previous, current),
    ...exposureChange(previous, current),
    ...mxChange(previous, current),
    ...mtaStsChanges(previous, current),
    ...daneUnmatched(previous, current),
    ...certExpiry(previous, current),
    ...dnssecBogus(previous, current),
    ...dmarcWeakened(previous, current),
  ];
}
