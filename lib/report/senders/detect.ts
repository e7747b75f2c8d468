/**
 * The detector rules over sender reports (docs/monitoring.md, "Events from sender reports"): pure
 * functions from the reported facts and the latest scan's observations to events. The database
 * glue (which rows, which scan, storing once by key) is lib/services/ingest/detectors.ts.
 */
import type { ScanReport, Severity } from "@/lib/scan/types";
import { canonicalIp, normalizeHost, shortDigest, type SenderEvent } from "./kinds";

const DAY_MS = 86_400_000;

/** One failure detail of a TLS-RPT report (RFC 8460 §4.3), with its policy and reporter. */
export type ReportedFailure = {
  orgName: string;
  policyType: string;
  resultType: string;
  receivingMxHost: string | null;
  receivingIp: string | null;
  failedSessions: number;
};

/** What the latest finished scan saw, reduced to what the rules compare against. */
export type ScanFacts = {
  /** Per MX host: its resolved addresses and what each said to STARTTLS (endpoint.starttls). */
  mx: { host: string; endpoints: { address: string; starttls: string }[] }[];
  /** The MTA-STS policy body the scan fetched; null when it fetched none. */
  stsPolicyText: string | null;
};

/** The scan facts of a stored report. */
export function scanFactsOf(report: ScanReport): ScanFacts {
  const sts = report.checks.mtaSts as { policyText?: unknown };
  return {
    mx: report.mx.map((m) => ({ host: normalizeHost(m.host), endpoints: m.endpoints.map((e) => ({ address: canonicalIp(e.address), starttls: e.starttls })) })),
    stsPolicyText: typeof sts.policyText === "string" ? sts.policyText : null,
  };
}

/** The MX a failure is about: its reported host name, else the MX whose address it names. */
export function failureMx(f: Pick<ReportedFailure, "receivingMxHost" | "receivingIp">, scan: ScanFacts | null): string | null {
  if (f.receivingMxHost && f.receivingMxHost.trim() !== "") return normalizeHost(f.receivingMxHost);
  if (f.receivingIp && scan) {
    const ip = canonicalIp(f.receivingIp);
    const mx = scan.mx.find((m) => m.endpoints.some((e) => e.address === ip));
    if (mx) return mx.host;
  }
  return null;
}

/** Failure types that break delivery or its protection outright rate higher than the rest. */
const SERIOUS_TYPES = new Set(["starttls-not-supported", "certificate-host-mismatch", "certificate-expired", "certificate-not-trusted", "validation-failure", "tlsa-invalid", "dnssec-invalid", "dane-required"]);

/**
 * First-seen failure types: one candidate per (result type, MX) in the report. The caller stores
 * each under a key of its own, so only the first report that shows a pair raises the event.
 */
export function firstSeenFailures(failures: ReportedFailure[], scan: ScanFacts | null): SenderEvent[] {
  const out = new Map<string, SenderEvent>();
  for (const f of failures) {
    if (f.failedSessions <= 0) continue;
    const mx = failureMx(f, scan) ?? "";
    const subject = `${f.resultType}@${mx}`;
    if (out.has(subject)) continue;
    const severity: Severity = SERIOUS_TYPES.has(f.resultType) ? "high" : "medium";
    out.set(subject, {
      kind: "sender-failure-new",
      severity,
      subject,
      before: null,
      after: f.resultType,
      summary: `Senders report a new kind of TLS failure: ${f.resultType}${mx ? ` at ${mx}` : ""} (first reported by ${f.orgName}).`,
    });
  }
  return [...out.values()];
}

/** How many distinct organisations must report `starttls-not-supported` before it counts as stripping. */
export const STRIPPING_MIN_ORGS = 2;

/**
 * Possible STARTTLS stripping on the path: `starttls-not-supported` (RFC 8460 §4.3.1) reported by
 * at least two organisations for an MX that the latest scan saw offering STARTTLS on every address
 * it reached. When the scan agrees (an address did not offer it), the reports describe the server,
 * not an attacker, and no event is raised. `failures` are the window's failures of all reporters.
 */
export function possibleStripping(failures: ReportedFailure[], scan: ScanFacts | null): SenderEvent[] {
  if (!scan) return [];
  const orgsByMx = new Map<string, Set<string>>();
  for (const f of failures) {
    if (f.resultType !== "starttls-not-supported" || f.failedSessions <= 0) continue;
    const mx = failureMx(f, scan);
    if (!mx) continue;
    const orgs = orgsByMx.get(mx) ?? new Set<string>();
    orgs.add(f.orgName.trim().toLowerCase());
    orgsByMx.set(mx, orgs);
  }
  const out: SenderEvent[] = [];
  for (const [mx, orgs] of orgsByMx) {
    if (orgs.size < STRIPPING_MIN_ORGS) continue;
    const host = scan.mx.find((m) => m.host === mx);
    if (!host) continue;
    const reached = host.endpoints.filter((e) => e.starttls === "ok" || e.starttls === "not-offered");
    if (reached.length === 0 || reached.some((e) => e.starttls !== "ok")) continue;
    out.push({
      kind: "sender-possible-stripping",
      severity: "critical",
      subject: mx,
      before: "STARTTLS offered (scan)",
      after: `STARTTLS not supported (${orgs.size} reporters)`,
      summary: `${orgs.size} organisations report that ${mx} did not offer STARTTLS, but the latest scan saw it offered: something on the path may be stripping STARTTLS.`,
    });
  }
  return out;
}

/**
 * A `receiving-ip` that is none of the MX addresses the latest scan resolved: the sender connected
 * somewhere the domain's DNS does not point (stale DNS at the sender, or a redirection on path).
 */
export function unknownReceivingIps(failures: ReportedFailure[], scan: ScanFacts | null): SenderEvent[] {
  if (!scan) return [];
  const known = new Set(scan.mx.flatMap((m) => m.endpoints.map((e) => e.address)));
  if (known.size === 0) return [];
  const out = new Map<string, SenderEvent>();
  for (const f of failures) {
    if (!f.receivingIp || f.receivingIp.trim() === "") continue;
    const ip = canonicalIp(f.receivingIp);
    if (known.has(ip) || out.has(ip)) continue;
    out.set(ip, {
      kind: "sender-unknown-receiving-ip",
      severity: "high",
      subject: ip,
      before: null,
      after: ip,
      summary: `${f.orgName} reports delivering to ${ip}${f.receivingMxHost ? ` (${normalizeHost(f.receivingMxHost)})` : ""}, which is not an address of any MX the latest scan resolved.`,
    });
  }
  return [...out.values()];
}

/**
 * An MTA-STS policy in the normalised form two copies are compared in: one `key: value` per line,
 * keys lower-cased, blanks trimmed, empty lines dropped, lines sorted (RFC 8461 §3.2 gives the
 * fields no order).
 */
export function normalizeStsPolicy(lines: string[]): string {
  return lines
    .flatMap((l) => l.split(/\r?\n/))
    .map((l) => {
      const i = l.indexOf(":");
      return i === -1 ? l.trim().toLowerCase() : `${l.slice(0, i).trim().toLowerCase()}: ${l.slice(i + 1).trim()}`;
    })
    .filter((l) => l !== "")
    .sort()
    .join("\n");
}

/** A reported `sts` policy (its `policy-string` lines) and who reported it. */
export type ReportedPolicy = { orgName: string; policyType: string; policyStrings: string[] };

/**
 * A reported `policy-string` for `sts` that differs from the policy the latest scan fetched: the
 * sender applies another policy than the one served (a cached copy whose id was not changed, or a
 * policy host that answers differently on path).
 */
export function policyMismatches(policies: ReportedPolicy[], scan: ScanFacts | null): SenderEvent[] {
  if (!scan?.stsPolicyText) return [];
  const served = normalizeStsPolicy([scan.stsPolicyText]);
  const out = new Map<string, SenderEvent>();
  for (const p of policies) {
    if (p.policyType.toLowerCase() !== "sts" || p.policyStrings.length === 0) continue;
    const reported = normalizeStsPolicy(p.policyStrings);
    if (reported === served) continue;
    const subject = `sts:${shortDigest(reported)}`;
    if (out.has(subject)) continue;
    out.set(subject, {
      kind: "sender-policy-mismatch",
      severity: "medium",
      subject,
      before: served,
      after: reported,
      summary: `${p.orgName} applied an MTA-STS policy that differs from the one the latest scan fetched (a cached older policy, or a different answer on path).`,
    });
  }
  return [...out.values()];
}

/** A change event of the domain's scans (lib/report/changes.ts) that can make TLS sessions fail. */
export type DomainChange = { id: string; kind: string; at: Date; summary: string };

/** Scan event kinds that change where or how senders connect: the MX set, certificates and keys, the policy. */
export const CHANGE_KINDS_FOR_FAILURES = ["mx-change", "mta-sts-policy-change", "mta-sts-policy-changed-id-unchanged", "mta-sts-mode-change", "mta-sts-id-change", "dane-key-unmatched", "cert-expiry", "dnssec-bogus"] as const;

export const CHANGE_WINDOW_MS = 24 * 3_600_000;

/** Days before a change that must be free of failures for failures after it to have "begun" then. */
export const QUIET_DAYS_BEFORE_CHANGE = 3;

/**
 * Failures that began within 24 h after a change: the report shows failures, the days before the
 * change (`days`: the domain's daily failed sessions, UTC `yyyy-mm-dd`) had none, and the report's
 * range overlaps the 24 hours after the change. The newest such change is named.
 */
export function failuresAfterChange(input: { range: { start: Date; end: Date }; failedSessions: number; days: { day: string; failures: number }[]; changes: DomainChange[] }): SenderEvent[] {
  if (input.failedSessions <= 0) return [];
  const failedBefore = (c: DomainChange) => {
    const changeDay = Date.parse(`${c.at.toISOString().slice(0, 10)}T00:00:00Z`);
    return input.days.some((d) => {
      const t = Date.parse(`${d.day}T00:00:00Z`);
      return d.failures > 0 && t < changeDay && t >= changeDay - QUIET_DAYS_BEFORE_CHANGE * DAY_MS;
    });
  };
  const change = input.changes
    .filter((c) => (CHANGE_KINDS_FOR_FAILURES as readonly string[]).includes(c.kind))
    .filter((c) => input.range.end.getTime() > c.at.getTime() && input.range.start.getTime() < c.at.getTime() + CHANGE_WINDOW_MS)
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .find((c) => !failedBefore(c));
  if (!change) return [];
  return [
    {
      kind: "sender-failures-after-change",
      severity: "high",
      subject: change.id,
      before: change.kind,
      after: `${input.failedSessions} failed sessions`,
      summary: `Senders report TLS failures that began within 24 h of a change: ${change.summary}`,
    },
  ];
}

/** A reporter's recent history for one domain: the UTC days its reports started on. */
export type ReporterHistory = { orgName: string; days: string[]; lastRangeEnd: Date };

export const SILENT_AFTER_DAYS = 3;
/** A reporter counts as regular with reports on at least this many of the last REGULAR_WINDOW_DAYS days. */
export const REGULAR_MIN_DAYS = 5;
export const REGULAR_WINDOW_DAYS = 14;


/**
 * A regular reporter gone silent: reports on at least 5 of the 14 days before it went quiet, and
 * nothing that ends within the last 3 days. The subject carries the last report's day, so one
 * silence raises one event and a later one raises another.
 */
export function silentReporters(reporters: ReporterHistory[], now: Date): SenderEvent[] {
  const out: SenderEvent[] = [];
  for (const r of reporters) {
    const quietFor = now.getTime() - r.lastRangeEnd.getTime();
    if (quietFor < SILENT_AFTER_DAYS * DAY_MS) continue;
    const windowStart = r.lastRangeEnd.getTime() - REGULAR_WINDOW_DAYS * DAY_MS;
    const days = new Set(r.days.filter((d) => Date.parse(`${d}T00:00:00Z`) >= windowStart - DAY_MS));
    if (days.size < REGULAR_MIN_DAYS) continue;
    const last = r.lastRangeEnd.toISOString().slice(0, 10);
    const org = r.orgName.trim();
    out.push({
      kind: "sender-silent",
      severity: "medium",
      subject: `${org.toLowerCase()}@${last}`,
      before: `${days.size} reports in ${REGULAR_WINDOW_DAYS} days`,
      after: `none for ${Math.floor(quietFor / DAY_MS)} days`,
      summary: `${org} sent reports regularly but none since ${last}: the reporting address may be broken, or mail from it no longer arrives.`,
    });
  }
  return out;
}
