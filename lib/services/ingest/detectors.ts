/**
 * Detectors over sender reports (docs/monitoring.md, "Events from sender reports"): after a report
 * is stored, the pure rules of lib/report/senders/detect.ts compare it with the domain's latest
 * scan, its recent reports and its change events. Each event is stored once under a `dedupeKey`
 * and handed to the alert fan-out of lib/services/monitoring/events.ts, in one transaction, like
 * a scan's events: an event is never stored without its deliveries and their jobs.
 *
 * Unverified mail reports (kept apart by the ingest step) never raise events.
 */
import { getDb, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { readStoredReport } from "@/lib/report/stored-report";
import {
  CHANGE_KINDS_FOR_FAILURES,
  CHANGE_WINDOW_MS,
  failuresAfterChange,
  firstSeenFailures,
  policyMismatches,
  possibleStripping,
  QUIET_DAYS_BEFORE_CHANGE,
  REGULAR_WINDOW_DAYS,
  scanFactsOf,
  silentReporters,
  SILENT_AFTER_DAYS,
  unknownReceivingIps,
  type ReportedFailure,
  type ScanFacts,
} from "@/lib/report/senders/detect";
import type { SenderEvent } from "@/lib/report/senders/kinds";
import { fanOut } from "@/lib/services/monitoring/events";
import { STORED_REPORT_SELECT, storedReportJson } from "@/lib/services/scans/report-store";

type Tx = Prisma.TransactionClient;
const DAY_MS = 86_400_000;

/** How far back reports of other organisations count for the stripping rule. */
export const STRIPPING_WINDOW_DAYS = 14;

/**
 * Reports that may raise events: everything but mail whose DKIM/DMARC or submitter check failed
 * (HTTPS reports carry the workspace's secret token; uploads come from a member).
 */
const TRUSTED = Prisma.sql`(r.verified OR raw.channel <> 'imap')`;

/** The unique key of a sender event: per domain, kind and subject (capped well under the index limit). */
export function senderEventKey(domainId: string, e: Pick<SenderEvent, "kind" | "subject">): string {
  return `sender:${domainId}:${e.kind}:${e.subject}`.slice(0, 500);
}

/** Reported text may hold NUL, which PostgreSQL text cannot store. */
const safe = (s: string | null): string | null => (s === null ? null : s.replaceAll("\u0000", "\uFFFD"));

/** Stores the events not stored before (by key) and fans the new ones out to the alert channels. */
async function storeEvents(tx: Tx, workspaceId: string, domainId: string, events: SenderEvent[], at: Date): Promise<number> {
  if (events.length === 0) return 0;
  const created = await tx.event.createManyAndReturn({
    data: events.map((e) => ({
      workspaceId,
      domainId,
      scanId: null,
      previousScanId: null,
      kind: e.kind,
      severity: e.severity,
      subject: safe(e.subject)!.slice(0, 300),
      before: safe(e.before),
      after: safe(e.after),
      summary: safe(e.summary)!.slice(0, 1000),
      createdAt: at,
      dedupeKey: safe(senderEventKey(domainId, e)),
    })),
    // dedupeKey is unique: a detector that sees the same thing again stores nothing.
    skipDuplicates: true,
    select: { id: true, kind: true, severity: true, domainId: true },
  });
  await fanOut(tx, workspaceId, created, at);
  return created.length;
}

/** Runs `work` in a transaction, or inside the caller's when given a transaction client. */
async function inTransaction<T>(db: Db | Tx, work: (tx: Tx) => Promise<T>): Promise<T> {
  return "$transaction" in db ? (db as Db).$transaction(work) : work(db);
}

/** What the domain's latest finished scan saw, or null when it has none that can be read. */
async function latestScanFacts(tx: Tx, domainId: string): Promise<ScanFacts | null> {
  const row = await tx.scan.findFirst({ where: { domainId, status: "done" }, orderBy: { finishedAt: "desc" }, select: STORED_REPORT_SELECT });
  if (!row) return null;
  const read = readStoredReport(storedReportJson(row));
  return read.ok ? scanFactsOf(read.report) : null;
}

type FailureRow = { orgName: string; policyType: string; resultType: string; receivingMxHost: string | null; receivingIp: string | null; failedSessions: bigint };
const toFailure = (r: FailureRow): ReportedFailure => ({ ...r, failedSessions: Number(r.failedSessions) });

export type DetectorInput = { workspaceId: string; domainId: string; senderReportId: string };

/**
 * The detectors for one stored report (called by the ingest job after the report's rows are
 * committed, or inside its transaction). Returns how many new events were stored.
 */
export async function runDetectors(db: Db | Tx, input: DetectorInput, now: Date = new Date()): Promise<number> {
  return inTransaction(db, async (tx) => {
    const report = await tx.senderReport.findFirst({
      where: { id: input.senderReportId, workspaceId: input.workspaceId, domainId: input.domainId },
      select: { kind: true, verified: true, orgName: true, rangeStart: true, rangeEnd: true, raw: { select: { channel: true } } },
    });
    if (!report || (report.raw.channel === "imap" && !report.verified)) return 0;
    // DMARC aggregate reports feed the views and the readiness verdict; the silent-reporter rule runs from the scheduler.
    if (report.kind !== "tlsrpt") return 0;

    const scan = await latestScanFacts(tx, input.domainId);
    const own = await tx.$queryRaw<FailureRow[]>`
      SELECT r."orgName", p."policyType", f."resultType", f."receivingMxHost", f."receivingIp", f."failedSessions"
      FROM "TlsRptFailure" f JOIN "TlsRptPolicy" p ON p.id = f."policyId" JOIN "SenderReport" r ON r.id = p."reportId"
      WHERE r.id = ${input.senderReportId}::uuid`;
    const failures = own.map(toFailure);
    const policies = await tx.tlsRptPolicy.findMany({ where: { reportId: input.senderReportId }, select: { policyType: true, policyStrings: true, failureCount: true } });

    // Other organisations' reports of the last weeks: stripping needs two independent witnesses.
    const since = new Date(report.rangeEnd.getTime() - STRIPPING_WINDOW_DAYS * DAY_MS);
    const window = (
      await tx.$queryRaw<FailureRow[]>`
        SELECT r."orgName", p."policyType", f."resultType", f."receivingMxHost", f."receivingIp", f."failedSessions"
        FROM "TlsRptFailure" f JOIN "TlsRptPolicy" p ON p.id = f."policyId" JOIN "SenderReport" r ON r.id = p."reportId" JOIN "RawReport" raw ON raw.id = r."rawId"
        WHERE f."domainId" = ${input.domainId}::uuid AND f."resultType" = 'starttls-not-supported' AND r."workspaceId" = ${input.workspaceId}::uuid AND r."rangeEnd" >= ${since} AND ${TRUSTED}`
    ).map(toFailure);

    const changes = await tx.event.findMany({
      where: { domainId: input.domainId, workspaceId: input.workspaceId, kind: { in: [...CHANGE_KINDS_FOR_FAILURES] }, createdAt: { gte: new Date(report.rangeStart.getTime() - CHANGE_WINDOW_MS), lte: report.rangeEnd } },
      select: { id: true, kind: true, createdAt: true, summary: true },
    });
    const days = await tx.senderDay.findMany({
      where: { domainId: input.domainId, day: { gte: new Date(report.rangeStart.getTime() - (QUIET_DAYS_BEFORE_CHANGE + 2) * DAY_MS), lte: report.rangeEnd } },
      select: { day: true, tlsFailure: true },
    });
    const failedSessions = policies.reduce((n, p) => n + Number(p.failureCount), 0);

    const events: SenderEvent[] = [
      ...firstSeenFailures(failures, scan),
      ...possibleStripping(window, scan),
      ...unknownReceivingIps(failures, scan),
      ...policyMismatches(policies.map((p) => ({ orgName: report.orgName, policyType: p.policyType, policyStrings: p.policyStrings })), scan),
      ...failuresAfterChange({
        range: { start: report.rangeStart, end: report.rangeEnd },
        failedSessions,
        days: days.map((d) => ({ day: d.day.toISOString().slice(0, 10), failures: Number(d.tlsFailure) })),
        changes: changes.map((c) => ({ id: c.id, kind: c.kind, at: c.createdAt, summary: c.summary })),
      }),
    ];
    return storeEvents(tx, input.workspaceId, input.domainId, events, now);
  });
}

/** Looks for silent reporters at most this often per process (every worker may run it: keys keep events single). */
export const SILENT_CHECK_INTERVAL_MS = 3_600_000;
let lastSilentCheck = 0;

type ReporterRow = { workspaceId: string; domainId: string; orgName: string; last: Date; days: string[] };

/**
 * A regular reporter gone silent for 3 days (lib/report/senders/detect.ts silentReporters), over
 * every workspace. Meant for the scheduler tick (lib/services/monitoring/runtime.ts
 * startMonitoringTimer, next to openDueDigests); it runs its query at most once an hour per
 * process unless `force` is set. Returns how many events it stored.
 */
export async function detectSilentReporters(db: Db = getDb(), now: Date = new Date(), opts: { force?: boolean } = {}): Promise<number> {
  if (!opts.force && now.getTime() - lastSilentCheck < SILENT_CHECK_INTERVAL_MS) return 0;
  lastSilentCheck = now.getTime();
  const oldest = new Date(now.getTime() - (SILENT_AFTER_DAYS + REGULAR_WINDOW_DAYS + 3) * DAY_MS);
  const quietSince = new Date(now.getTime() - SILENT_AFTER_DAYS * DAY_MS);
  const rows = await db.$queryRaw<ReporterRow[]>`
    SELECT r."workspaceId", r."domainId", r."orgName", max(r."rangeEnd") AS last,
           array_agg(DISTINCT to_char(r."rangeStart" AT TIME ZONE 'UTC', 'YYYY-MM-DD')) AS days
    FROM "SenderReport" r JOIN "RawReport" raw ON raw.id = r."rawId"
    WHERE r."rangeEnd" >= ${oldest} AND ${TRUSTED}
    GROUP BY r."workspaceId", r."domainId", r."orgName"
    HAVING max(r."rangeEnd") < ${quietSince}`;
  let stored = 0;
  for (const row of rows) {
    const events = silentReporters([{ orgName: row.orgName, days: row.days, lastRangeEnd: row.last }], now);
    if (events.length === 0) continue;
    stored += await db.$transaction((tx) => storeEvents(tx, row.workspaceId, row.domainId, events, now));
  }
  return stored;
}
