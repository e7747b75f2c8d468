/**
 * What senders saw (docs/ui.md §5.8): the domain's sender reports (TLS-RPT, RFC 8460; DMARC
 * aggregate, RFC 7489 Appendix C) read for the report card, the senders page and the fix plan's
 * DMARC verdict. Every read is keyed by the caller's workspace (docs/architecture.md rule 41).
 * Reported org names, addresses and host names are untrusted text: the components render them
 * through UntrustedText.
 */
import { getDb, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { readStoredReport } from "@/lib/report/stored-report";
import { senderReportsCsv, type SenderReportLine } from "@/lib/report/senders/csv";
import { evaluateDmarcReadiness, type DmarcReadiness } from "@/lib/report/senders/readiness";
import type { DmarcSource, SenderSummary, SendersPage } from "@/lib/report/senders/view-types";
import type { Scope } from "@/lib/services/access/scope";
import { NotFoundError } from "@/lib/services/errors";
import { STORED_REPORT_SELECT, storedReportJson } from "@/lib/services/scans/report-store";
import { cachedReverseNames, defaultReverseLookup, refreshReverseNames, type ReverseLookup } from "./reverse-dns";

export type { Count, DmarcSource, SenderSummary, SendersPage, TimelineDay, TimelineScan } from "@/lib/report/senders/view-types";

const DAY_MS = 86_400_000;
/** The card and the breakdowns cover this many days; the timeline TIMELINE_DAYS. */
export const SUMMARY_DAYS = 30;
export const TIMELINE_DAYS = 90;
const TOP = 10;

type DomainRow = { id: string; name: string };

async function domainOf(scope: Scope, name: string, db: Db): Promise<DomainRow> {
  const d = await db.domain.findUnique({ where: { workspaceId_name: { workspaceId: scope.workspaceId, name } }, select: { id: true, name: true } });
  if (!d) throw new NotFoundError(`No domain ${name} in this workspace`);
  return d;
}

const dayStart = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const num = (v: bigint | number | null | undefined) => Number(v ?? 0);

/** The last SUMMARY_DAYS days of what senders reported for one domain (the report page's card). */
export async function getSenderSummary(scope: Scope, name: string, now: Date = new Date(), db: Db = getDb()): Promise<SenderSummary> {
  const d = await domainOf(scope, name, db);
  return summaryFor(scope, d, now, db);
}

async function summaryFor(scope: Scope, d: DomainRow, now: Date, db: Db): Promise<SenderSummary> {
  const since = new Date(dayStart(now).getTime() - (SUMMARY_DAYS - 1) * DAY_MS);
  const [days, kinds, unverified, byOrg, byMx] = await Promise.all([
    db.senderDay.findMany({ where: { domainId: d.id, workspaceId: scope.workspaceId, day: { gte: since } }, select: { tlsSuccess: true, tlsFailure: true, tlsFailureByType: true, dmarcMessages: true, dmarcPass: true, dmarcFail: true } }),
    db.senderReport.groupBy({ by: ["kind"], where: { domainId: d.id, workspaceId: scope.workspaceId, rangeStart: { gte: since } }, _count: { _all: true } }),
    db.senderReport.count({ where: { domainId: d.id, workspaceId: scope.workspaceId, rangeStart: { gte: since }, verified: false, raw: { channel: "imap" } } }),
    db.$queryRaw<{ org: string; sessions: bigint; failures: bigint }[]>`
      SELECT r."orgName" AS org, sum(p."successCount" + p."failureCount") AS sessions, sum(p."failureCount") AS failures
      FROM "TlsRptPolicy" p JOIN "SenderReport" r ON r.id = p."reportId"
      WHERE r."domainId" = ${d.id}::uuid AND r."workspaceId" = ${scope.workspaceId}::uuid AND r."rangeStart" >= ${since}
      GROUP BY r."orgName" ORDER BY failures DESC, sessions DESC, org LIMIT ${TOP}`,
    db.$queryRaw<{ mx: string | null; ip: string | null; failures: bigint }[]>`
      SELECT lower(f."receivingMxHost") AS mx, f."receivingIp" AS ip, sum(f."failedSessions") AS failures
      FROM "TlsRptFailure" f JOIN "TlsRptPolicy" p ON p.id = f."policyId" JOIN "SenderReport" r ON r.id = p."reportId"
      WHERE r."domainId" = ${d.id}::uuid AND r."workspaceId" = ${scope.workspaceId}::uuid AND r."rangeStart" >= ${since}
      GROUP BY 1, 2 ORDER BY failures DESC, mx, ip LIMIT ${TOP}`,
  ]);
  const byType = new Map<string, number>();
  let success = 0;
  let failures = 0;
  const dmarc = { messages: 0, pass: 0, fail: 0 };
  for (const day of days) {
    success += num(day.tlsSuccess);
    failures += num(day.tlsFailure);
    dmarc.messages += num(day.dmarcMessages);
    dmarc.pass += num(day.dmarcPass);
    dmarc.fail += num(day.dmarcFail);
    const types = day.tlsFailureByType;
    if (types && typeof types === "object" && !Array.isArray(types)) {
      for (const [type, n] of Object.entries(types)) byType.set(type, (byType.get(type) ?? 0) + Number(n ?? 0));
    }
  }
  const sessions = success + failures;
  const count = (k: string) => kinds.find((x) => x.kind === k)?._count._all ?? 0;
  return {
    domain: d.name,
    since: isoDay(since),
    until: isoDay(now),
    reports: { tlsrpt: count("tlsrpt"), dmarc: count("dmarc"), unverified },
    tls: {
      sessions,
      failures,
      failureRate: sessions > 0 ? failures / sessions : null,
      byType: [...byType.entries()].map(([label, n]) => ({ label, sessions: n })).sort((a, b) => b.sessions - a.sessions || a.label.localeCompare(b.label)),
      byOrg: byOrg.map((o) => ({ org: o.org, sessions: num(o.sessions), failures: num(o.failures) })),
      byMx: byMx.map((m) => ({ mx: m.mx, ip: m.ip, failures: num(m.failures) })),
    },
    dmarc,
  };
}

type SourceRow = { sourceIp: string; messages: bigint; pass: bigint; fail: bigint };

async function dmarcSources(scope: Scope, domainId: string, since: Date, db: Db, order: "messages" | "fail"): Promise<SourceRow[]> {
  const rows = await db.$queryRaw<SourceRow[]>`
    SELECT d."sourceIp", sum(d.count) AS messages,
           sum(CASE WHEN d.dkim = 'pass' OR d.spf = 'pass' THEN d.count ELSE 0 END) AS pass,
           sum(CASE WHEN d.dkim = 'pass' OR d.spf = 'pass' THEN 0 ELSE d.count END) AS fail
    FROM "DmarcRow" d JOIN "SenderReport" r ON r.id = d."reportId"
    WHERE d."domainId" = ${domainId}::uuid AND r."workspaceId" = ${scope.workspaceId}::uuid AND r."rangeStart" >= ${since}
    GROUP BY d."sourceIp"
    ORDER BY ${order === "fail" ? Prisma.raw("4") : Prisma.raw("2")} DESC, d."sourceIp" LIMIT ${TOP}`;
  return order === "fail" ? rows.filter((r) => num(r.fail) > 0) : rows;
}

async function withNames(rows: SourceRow[], db: Db): Promise<DmarcSource[]> {
  const names = await cachedReverseNames(rows.map((r) => r.sourceIp), db);
  return rows.map((r) => ({ sourceIp: r.sourceIp, messages: num(r.messages), pass: num(r.pass), fail: num(r.fail), name: names.get(r.sourceIp)?.name ?? null, lookedUp: names.has(r.sourceIp) }));
}

async function latestPolicy(domainId: string, db: Db): Promise<string | null> {
  const row = await db.scan.findFirst({ where: { domainId, status: "done" }, orderBy: { finishedAt: "desc" }, select: STORED_REPORT_SELECT });
  if (!row) return null;
  const read = readStoredReport(storedReportJson(row));
  if (!read.ok) return null;
  const dmarc = read.report.checks.dmarc;
  return dmarc.record && dmarc.policy ? dmarc.policy.toLowerCase() : null;
}

/** `failing`: the window's failing sources with their names, when the caller has them already (the senders page). */
async function readinessFor(scope: Scope, domainId: string, policy: string | null, now: Date, db: Db, failing?: Promise<DmarcSource[]>): Promise<DmarcReadiness> {
  const since = new Date(dayStart(now).getTime() - (SUMMARY_DAYS - 1) * DAY_MS);
  const [days, failingSources] = await Promise.all([
    db.senderDay.findMany({ where: { domainId, workspaceId: scope.workspaceId, day: { gte: since } }, select: { day: true, dmarcMessages: true, dmarcPass: true } }),
    failing ?? dmarcSources(scope, domainId, since, db, "fail").then((rows) => withNames(rows, db)),
  ]);
  return evaluateDmarcReadiness({
    policy,
    days: days.map((x) => ({ day: isoDay(x.day), messages: num(x.dmarcMessages), pass: num(x.dmarcPass) })),
    sources: failingSources.map((s) => ({ sourceIp: s.sourceIp, messages: s.messages, fail: s.fail, name: s.name })),
  });
}

/**
 * "Ready for p=quarantine/reject?" for the fix plan's DMARC step, from the last 30 days of
 * reports and the policy the latest scan saw (or `policy` when the caller has it).
 */
export async function getDmarcReadiness(scope: Scope, name: string, policy?: string | null, now: Date = new Date(), db: Db = getDb()): Promise<DmarcReadiness> {
  const d = await domainOf(scope, name, db);
  return readinessFor(scope, d.id, policy === undefined ? await latestPolicy(d.id, db) : policy, now, db);
}

export type SendersPageOptions = {
  now?: Date;
  /** How reverse names are looked up in the background; null: no lookups (tests). Default: the configured resolvers. */
  reverseLookup?: ReverseLookup | null;
};

/**
 * The senders page of a domain: the card's summary, the timeline of daily report failures with
 * the scans' grades, the DMARC view and the readiness verdict. Reverse names of the listed
 * sources are looked up afterwards, in the background, and appear on a later visit.
 */
export async function getSendersPage(scope: Scope, name: string, options: SendersPageOptions = {}, db: Db = getDb()): Promise<SendersPage> {
  const now = options.now ?? new Date();
  const d = await domainOf(scope, name, db);
  const since = new Date(dayStart(now).getTime() - (TIMELINE_DAYS - 1) * DAY_MS);
  const window = new Date(dayStart(now).getTime() - (SUMMARY_DAYS - 1) * DAY_MS);
  const policy = await latestPolicy(d.id, db);
  // The failing sources feed both the DMARC view and the readiness verdict: read (and named) once.
  const failing = dmarcSources(scope, d.id, window, db, "fail").then((rows) => withNames(rows, db));
  const [summary, days, scans, bySourceRows, topFailing, dispositions, readiness] = await Promise.all([
    summaryFor(scope, d, now, db),
    db.senderDay.findMany({ where: { domainId: d.id, workspaceId: scope.workspaceId, day: { gte: since } }, orderBy: { day: "asc" } }),
    db.scan.findMany({ where: { domainId: d.id, status: "done", finishedAt: { gte: since } }, orderBy: { finishedAt: "asc" }, select: { id: true, finishedAt: true, grade: true }, take: 500 }),
    dmarcSources(scope, d.id, window, db, "messages"),
    failing,
    db.$queryRaw<{ label: string; sessions: bigint }[]>`
      SELECT d.disposition AS label, sum(d.count) AS sessions FROM "DmarcRow" d JOIN "SenderReport" r ON r.id = d."reportId"
      WHERE d."domainId" = ${d.id}::uuid AND r."workspaceId" = ${scope.workspaceId}::uuid AND r."rangeStart" >= ${window}
      GROUP BY 1 ORDER BY 2 DESC LIMIT ${TOP}`,
    readinessFor(scope, d.id, policy, now, db, failing),
  ]);
  const bySource = await withNames(bySourceRows, db);
  const lookup = options.reverseLookup === undefined ? defaultReverseLookup() : options.reverseLookup;
  if (lookup) {
    // Fire and forget: the page never waits for DNS (each lookup has its own deadline).
    void refreshReverseNames([...new Set([...topFailing, ...bySource].map((s) => s.sourceIp))], lookup, now, db);
  }
  return {
    summary,
    timeline: {
      since: isoDay(since),
      days: days.map((x) => ({ day: isoDay(x.day), sessions: num(x.tlsSuccess) + num(x.tlsFailure), failures: num(x.tlsFailure), dmarcMessages: num(x.dmarcMessages), dmarcFail: num(x.dmarcFail) })),
      scans: scans.map((s) => ({ id: s.id, finishedAt: (s.finishedAt ?? now).toISOString(), grade: s.grade })),
    },
    dmarc: { bySource, topFailing, dispositions: dispositions.map((x) => ({ label: x.label, sessions: num(x.sessions) })) },
    readiness,
    policy,
  };
}

/** Lines in one CSV download: a year of daily reports from a few dozen senders fits. */
export const CSV_MAX_REPORTS = 20_000;

/** The domain's sender reports of the last TIMELINE_DAYS days as CSV, newest first (one line per report). */
export async function getSenderReportsCsv(scope: Scope, name: string, now: Date = new Date(), db: Db = getDb()): Promise<{ filename: string; body: string }> {
  const d = await domainOf(scope, name, db);
  const since = new Date(dayStart(now).getTime() - (TIMELINE_DAYS - 1) * DAY_MS);
  const rows = await db.$queryRaw<(Omit<SenderReportLine, "sessions" | "failures" | "messages" | "dmarcFail"> & { sessions: bigint | null; failures: bigint | null; messages: bigint | null; dmarcFail: bigint | null })[]>`
    SELECT r.kind, r."orgName", r."reportId", r."rangeStart", r."rangeEnd", raw.channel, r.verified, r.conflict,
      (SELECT sum(p."successCount" + p."failureCount") FROM "TlsRptPolicy" p WHERE p."reportId" = r.id) AS sessions,
      (SELECT sum(p."failureCount") FROM "TlsRptPolicy" p WHERE p."reportId" = r.id) AS failures,
      (SELECT sum(x.count) FROM "DmarcRow" x WHERE x."reportId" = r.id) AS messages,
      (SELECT sum(CASE WHEN x.dkim = 'pass' OR x.spf = 'pass' THEN 0 ELSE x.count END) FROM "DmarcRow" x WHERE x."reportId" = r.id) AS "dmarcFail"
    FROM "SenderReport" r JOIN "RawReport" raw ON raw.id = r."rawId"
    WHERE r."domainId" = ${d.id}::uuid AND r."workspaceId" = ${scope.workspaceId}::uuid AND r."rangeStart" >= ${since}
    ORDER BY r."rangeStart" DESC, r."orgName", r."reportId"
    LIMIT ${CSV_MAX_REPORTS}`;
  const lines: SenderReportLine[] = rows.map((r) => ({ ...r, sessions: r.kind === "tlsrpt" ? num(r.sessions) : null, failures: r.kind === "tlsrpt" ? num(r.failures) : null, messages: r.kind === "dmarc" ? num(r.messages) : null, dmarcFail: r.kind === "dmarc" ? num(r.dmarcFail) : null }));
  return { filename: `${d.name}-sender-reports-${isoDay(now)}.csv`, body: senderReportsCsv(lines) };
}
