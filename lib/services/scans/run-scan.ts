/**
 * The queue task that runs one scan: claims the Scan row, runs the scanner while heartbeating,
 * and stores report, findings and the domain's latest summary in one transaction.
 *
 * Each claim increments Scan.attempts and the worker keeps that number as a fencing token: a worker
 * that was presumed dead (and whose scan was handed to another) finds its token stale and stores
 * nothing, so a scan ends `done` exactly once.
 */
import type { JobHelpers } from "graphile-worker";
import type { Db } from "@/lib/db/client";
import { isFreshScanPayload, isScanJobPayload } from "@/lib/queue/jobs";
import { storedReportOrNull } from "@/lib/report/stored-report";
import { STORED_REPORT_SELECT, storedForm, storedReportJson } from "@/lib/services/scans/report-store";
import { summarizeReport } from "@/lib/report/summary";
import { withHistory } from "@/lib/services/scans/history-findings";
import { recordWeek, weekStateOf } from "@/lib/services/scans/weekly-rollup";
import { recordChangeEvents } from "@/lib/services/monitoring/events";
import type { ScanProgress, ScanReport } from "@/lib/scan/types";
import type { ProbeSharingHandles } from "@/lib/services/context";

export type Scanner = (
  domain: string,
  options: {
    onProgress: (p: ScanProgress) => void;
    signal: AbortSignal;
    /** Re-probe SMTP endpoints instead of reusing a shared observation (a person's Rescan; docs/politeness.md). */
    refreshProbes?: boolean;
    /** The cache and limiter shared with other scans (the workers' PostgreSQL ones). */
    sharing?: ProbeSharingHandles;
  },
) => Promise<ScanReport>;

export type RunScanDeps = {
  db: Db;
  scan: Scanner;
  heartbeatMs: number;
  scannerVersion: string;
  /** The probe cache and per-address limiter all workers share (lib/services/probe-cache). */
  sharing?: ProbeSharingHandles;
};

const PROGRESS_FLUSH_MS = 200;

type Claim = { attempts: number; name: string; domainId: string; workspaceId: string };

async function claim(db: Db, scanId: string, workerId: string): Promise<Claim | undefined> {
  const rows = await db.$queryRaw<Claim[]>`
    UPDATE "Scan" s SET status = 'running', attempts = s.attempts + 1, "startedAt" = now(),
           "workerId" = ${workerId}, "heartbeatAt" = now(), error = NULL, progress = NULL
      FROM "Domain" d
     WHERE s.id = ${scanId}::uuid AND d.id = s."domainId" AND s.status IN ('queued', 'running')
    RETURNING s.attempts, d.name, d.id AS "domainId", d."workspaceId"`;
  return rows[0];
}

async function previousScan(
  db: Db,
  domainId: string,
  scanId: string,
): Promise<{ id: string; report: ScanReport; stored: unknown; reportRefScanId: string | null } | null> {
  const prev = await db.scan.findFirst({
    where: { domainId, status: "done", id: { not: scanId } },
    // Scans that finished at the same instant (a fixed clock, a coarse one) are told apart by when
    // they were requested, so "the previous scan" is always the same one.
    orderBy: [{ finishedAt: "desc" }, { requestedAt: "desc" }],
    select: { id: true, reportRefScanId: true, ...STORED_REPORT_SELECT },
  });
  // A previous report that cannot be read gives no history findings or events rather than a failed scan.
  const stored = storedReportJson(prev);
  const report = storedReportOrNull(stored);
  return prev && report ? { id: prev.id, report, stored, reportRefScanId: prev.reportRefScanId } : null;
}

function storedColumns(previous: Parameters<typeof storedForm>[0], report: ScanReport) {
  const form = storedForm(previous, report);
  return { report: form.report as object, reportHash: form.reportHash, reportRefScanId: form.reportRefScanId };
}

async function store(db: Db, scanId: string, c: Claim, observed: ScanReport): Promise<boolean> {
  const previous = await previousScan(db, c.domainId, scanId);
  const report = withHistory(previous?.report ?? null, observed);
  const summary = summarizeReport(report);
  const finishedAt = new Date(Date.parse(report.startedAt) + report.durationMs);
  const stored = storedColumns(previous, report);
  return db.$transaction(async (tx) => {
    const updated = await tx.scan.updateMany({
      where: { id: scanId, attempts: c.attempts, status: "running" },
      data: {
        status: "done",
        finishedAt,
        durationMs: report.durationMs,
        grade: report.grade,
        score: report.score,
        notGraded: report.notGraded ?? null,
        scannerVersion: report.scannerVersion ?? null,
        rulesetVersion: report.rulesetVersion ?? null,
        // Unchanged since the previous scan: only the times, and a reference to the body (report-store.ts).
        ...stored,
        heartbeatAt: null,
      },
    });
    if (updated.count !== 1) return false;
    // Finding rows go with a report body: a reference scan repeats the findings of the scan whose body
    // it points at, and no view reads findings per scan (the portfolio reads DomainLatest.findingIds),
    // so storage keeps growing with change, not with time (docs/politeness.md).
    if (report.findings.length > 0 && stored.reportRefScanId === null) {
      await tx.finding.createMany({
        data: report.findings.map((f) => ({ scanId, domainId: c.domainId, findingId: f.id, severity: f.severity, host: f.host ?? null })),
      });
    }
    const latest = {
      workspaceId: c.workspaceId,
      scanId,
      finishedAt,
      grade: report.grade,
      score: report.score,
      ...summary,
    };
    // Only a newer result replaces the summary (a retried older scan may finish last).
    const current = await tx.domainLatest.findUnique({ where: { domainId: c.domainId }, select: { finishedAt: true } });
    if (!current || current.finishedAt <= finishedAt) {
      await tx.domainLatest.upsert({ where: { domainId: c.domainId }, create: { domainId: c.domainId, ...latest }, update: latest });
    }
    await recordWeek(tx, { domainId: c.domainId, workspaceId: c.workspaceId, scanId, finishedAt, state: weekStateOf(report.grade, summary) });
    // Change events and their alerts (docs/monitoring.md), with the scan or not at all.
    await recordChangeEvents(tx, { workspaceId: c.workspaceId, domainId: c.domainId, scanId, previous, current: report, at: finishedAt });
    return true;
  }, { maxWait: 15_000, timeout: 30_000 });
}

/** Builds the graphile-worker task handler for scans. */
export function createScanTask(deps: RunScanDeps) {
  return async (payload: unknown, helpers: JobHelpers): Promise<void> => {
    if (!isScanJobPayload(payload)) throw new Error("scan job without a scanId");
    const { scanId } = payload;
    const workerId = helpers.job.locked_by ?? "unknown";
    const c = await claim(deps.db, scanId, workerId);
    if (!c) return; // already finished (a duplicate delivery) or deleted: nothing to do.

    const mine = { id: scanId, attempts: c.attempts, status: "running" as const };
    const beat = setInterval(() => {
      deps.db.scan.updateMany({ where: mine, data: { heartbeatAt: new Date() } }).catch(() => {});
    }, deps.heartbeatMs);
    // Progress is written as it happens, coalesced so a burst of stages costs one UPDATE.
    const progress: ScanProgress[] = [];
    let flush: ReturnType<typeof setTimeout> | undefined;
    const writeProgress = () => {
      flush = undefined;
      deps.db.scan.updateMany({ where: mine, data: { progress: [...progress] as object[] } }).catch(() => {});
    };
    try {
      const report = await deps.scan(c.name, {
        signal: helpers.abortSignal ?? new AbortController().signal,
        // A person's Rescan re-probes; scheduled and bulk scans reuse within the TTL (docs/politeness.md).
        refreshProbes: isFreshScanPayload(payload),
        ...(deps.sharing ? { sharing: deps.sharing } : {}),
        onProgress: (p) => {
          progress.push(p);
          flush ??= setTimeout(writeProgress, PROGRESS_FLUSH_MS);
        },
      });
      report.scannerVersion ??= deps.scannerVersion;
      await store(deps.db, scanId, c, report);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const last = helpers.job.attempts >= helpers.job.max_attempts;
      await deps.db.scan
        .updateMany({
          where: { id: scanId, attempts: c.attempts },
          data: last ? { status: "failed", error: message, finishedAt: new Date(), heartbeatAt: null } : { status: "queued", error: message, heartbeatAt: null },
        })
        .catch(() => {});
      if (!last) throw err;
    } finally {
      clearInterval(beat);
      if (flush) clearTimeout(flush);
    }
  };
}
