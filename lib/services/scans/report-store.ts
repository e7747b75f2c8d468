/**
 * Storage that grows with change, not with time: a scan whose report equals its predecessor's,
 * ignoring the per-scan times (startedAt, durationMs, and when a shared SMTP observation was made,
 * `reusedFrom`), stores only those times, plus a reference to the scan holding the report body
 * (`Scan.reportRefScanId`). A daily scan of an unchanged domain costs a small row, not a report.
 *
 * Every reader selects STORED_REPORT_SELECT and passes the row to `storedReportJson`, which returns
 * the full report as it was produced; lib/report/stored-report.ts then parses it as before.
 */
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { ScanReport } from "@/lib/scan/types";

/** The per-scan fields of a referenced report (stored in `Scan.report` of a reference scan). */
export type ReportOverlay = {
  reportRef: true;
  startedAt: string;
  durationMs: number;
  /** `"<mx index>:<endpoint index>"` → reusedFrom of that endpoint. */
  reusedFrom?: Record<string, string>;
};

/** What the readers select to read a scan's report. */
export const STORED_REPORT_SELECT = { report: true, reportRef: { select: { report: true } } } as const;

type Json = unknown;
type Row = { report: Json; reportRef?: { report: Json } | null };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isOverlay(v: unknown): v is ReportOverlay {
  return isRecord(v) && v.reportRef === true;
}

/** The report (or stored report JSON) without the fields that change on every scan of an unchanged domain. */
export function canonicalReport(report: ScanReport | Record<string, unknown>): Record<string, unknown> {
  const { startedAt: _s, durationMs: _d, ...rest } = report as Record<string, unknown>;
  const mx = Array.isArray(rest.mx)
    ? rest.mx.map((m: unknown) =>
        isRecord(m) && Array.isArray(m.endpoints) ? { ...m, endpoints: m.endpoints.map((e: unknown) => (isRecord(e) ? (({ reusedFrom: _r, ...x }) => x)(e) : e)) } : m,
      )
    : rest.mx;
  return { ...rest, mx };
}

/** Key order does not matter: objects are written with sorted keys. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function reportHashOf(report: ScanReport | Record<string, unknown>): string {
  return createHash("sha256").update(stableStringify(canonicalReport(report))).digest("hex");
}

export function overlayOf(report: ScanReport): ReportOverlay {
  const reusedFrom: Record<string, string> = {};
  report.mx.forEach((m, i) => m.endpoints.forEach((e, j) => e.reusedFrom !== undefined && (reusedFrom[`${i}:${j}`] = e.reusedFrom)));
  return { reportRef: true, startedAt: report.startedAt, durationMs: report.durationMs, ...(Object.keys(reusedFrom).length > 0 ? { reusedFrom } : {}) };
}

/**
 * How to store `report` after `previous` (the domain's last done scan, `stored` its full report
 * JSON as read back): as a reference when the bodies are equal, else in full. The comparison is
 * with what is stored now, not with a hash kept earlier, so a body rewritten since (a data
 * migration) is never referenced by mistake. References always point at the scan holding the body.
 */
export function storedForm(
  previous: { id: string; reportRefScanId: string | null; stored: Json } | null,
  report: ScanReport,
): { report: Json; reportHash: string; reportRefScanId: string | null } {
  const reportHash = reportHashOf(report);
  if (previous && isRecord(previous.stored) && reportHashOf(previous.stored) === reportHash) {
    return { report: overlayOf(report), reportHash, reportRefScanId: previous.reportRefScanId ?? previous.id };
  }
  return { report, reportHash, reportRefScanId: null };
}

/** The full report JSON of a row selected with STORED_REPORT_SELECT (null when it has none). */
export function storedReportJson(row: Row | null | undefined): Json {
  if (!row) return null;
  const own = row.report;
  if (!isOverlay(own)) return own;
  const body = row.reportRef?.report;
  // A body that is itself missing or unreadable is reported by the stored-report reader.
  if (!isRecord(body)) return body ?? null;
  const mx = Array.isArray(body.mx)
    ? body.mx.map((m: unknown, i: number) =>
        isRecord(m) && Array.isArray(m.endpoints)
          ? {
              ...m,
              endpoints: m.endpoints.map((e: unknown, j: number) => {
                if (!isRecord(e)) return e;
                const { reusedFrom: _r, ...rest } = e;
                const stamp = own.reusedFrom?.[`${i}:${j}`];
                return stamp !== undefined ? { ...rest, reusedFrom: stamp } : rest;
              }),
            }
          : m,
      )
    : body.mx;
  return { ...body, startedAt: own.startedAt, durationMs: own.durationMs, mx };
}

/**
 * Retention for old unchanged scans (`MAILPOSTURE_UNCHANGED_RETENTION_DAYS`): deletes scans stored
 * as references that finished more than `days` ago. Scans that hold a body are kept (history
 * shows every change), and so is any scan something else points at (the domain's latest, a weekly
 * roll-up, a monitoring event), so no link breaks. `scope.domainId` limits it to one domain.
 * Returns how many were deleted.
 */
export async function pruneUnchangedScans(db: Db, days: number, scope: { domainId?: string } = {}): Promise<number> {
  if (!(days > 0)) return 0;
  const domainId = scope.domainId ?? null;
  return db.$executeRaw`
    DELETE FROM "Scan" s
     WHERE s."reportRefScanId" IS NOT NULL
       AND (${domainId}::uuid IS NULL OR s."domainId" = ${domainId}::uuid)
       AND s."finishedAt" < now() - make_interval(days => ${days}::int)
       AND NOT EXISTS (SELECT 1 FROM "DomainLatest" l WHERE l."scanId" = s.id)
       AND NOT EXISTS (SELECT 1 FROM "DomainWeek" w WHERE w."scanId" = s.id)
       AND NOT EXISTS (SELECT 1 FROM "Event" e WHERE e."scanId" = s.id OR e."previousScanId" = s.id)
       -- A share link pinned to this scan keeps it, however unchanged it was.
       AND NOT EXISTS (SELECT 1 FROM "ShareLink" sl WHERE sl."scanId" = s.id)`;
}
