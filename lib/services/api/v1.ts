/**
 * The read-only JSON API (v1) as data: what `app/api/v1/**` route handlers return. Dates are ISO
 * strings, lists are paged in one envelope `{ data, page, perPage, total }` (see
 * app/api/v1/README.md), and only the default workspace's domains and scans are visible.
 */
import { getDb, type Db } from "@/lib/db/client";
import { readStoredReport } from "@/lib/report/stored-report";
import type { ScanReport } from "@/lib/scan/types";
import { NotFoundError } from "@/lib/services/errors";
import { getDefaultWorkspace } from "@/lib/services/workspaces";
import { domainFromPath, type Paging } from "./params";
import { scanOutcomeJson } from "@/lib/services/scans/scan-json";
import { STORED_REPORT_SELECT, storedReportJson } from "@/lib/services/scans/report-store";

export type Page<T> = { data: T[]; page: number; perPage: number; total: number };

export type ApiDomain = {
  name: string;
  createdAt: string;
  grade: string | null;
  score: number | null;
  /** protected | partial | exposed | inconclusive | no-inbound-mail; null before the first finished scan. */
  exposure: string | null;
  /** The latest finished scan, null before the first one. */
  lastScan: { id: string; finishedAt: string } | null;
  criticalCount: number;
  highCount: number;
};

export type ApiScanSummary = {
  id: string;
  domain: string;
  status: "queued" | "running" | "done" | "failed";
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  grade: string | null;
  score: number | null;
  scannerVersion: string | null;
  rulesetVersion: number | null;
  attempts: number;
  error: string | null;
};

/**
 * One scan: its metadata and, once done, the stored report as the spec's JSON (read through
 * readStoredReport, so a report of an older scanner comes upgraded to today's shape). A finished
 * scan whose report cannot be read has `report: null` and `reportError` saying why.
 */
export type ApiScan = { scan: ApiScanSummary; report: ScanReport | null; reportError?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;


type ScanRow = {
  id: string;
  status: ApiScanSummary["status"];
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  grade: string | null;
  score: number | null;
  scannerVersion: string | null;
  rulesetVersion: number | null;
  attempts: number;
  error: string | null;
};

const SCAN_SUMMARY_FIELDS = {
  id: true,
  status: true,
  requestedAt: true,
  startedAt: true,
  finishedAt: true,
  durationMs: true,
  grade: true,
  score: true,
  scannerVersion: true,
  rulesetVersion: true,
  attempts: true,
  error: true,
} as const;

function toSummary(s: ScanRow, domain: string): ApiScanSummary {
  return {
    ...scanOutcomeJson(s),
    domain,
    scannerVersion: s.scannerVersion,
    rulesetVersion: s.rulesetVersion,
    attempts: s.attempts,
  };
}

/** The workspace's domains by name with their latest grade, score, exposure and last scan. */
export async function listApiDomains(paging: Paging, db: Db = getDb()): Promise<Page<ApiDomain>> {
  const workspace = await getDefaultWorkspace(db);
  const where = { workspaceId: workspace.id };
  const [total, rows] = await Promise.all([
    db.domain.count({ where }),
    db.domain.findMany({
      where,
      orderBy: { name: "asc" },
      skip: (paging.page - 1) * paging.perPage,
      take: paging.perPage,
      include: { latest: true },
    }),
  ]);
  return {
    data: rows.map((d) => ({
      name: d.name,
      createdAt: d.createdAt.toISOString(),
      grade: d.latest?.grade ?? null,
      score: d.latest?.score ?? null,
      exposure: d.latest?.exposure ?? null,
      lastScan: d.latest ? { id: d.latest.scanId, finishedAt: d.latest.finishedAt.toISOString() } : null,
      criticalCount: d.latest?.criticalCount ?? 0,
      highCount: d.latest?.highCount ?? 0,
    })),
    page: paging.page,
    perPage: paging.perPage,
    total,
  };
}

/** A domain's scans, newest request first, without reports. NotFoundError for a domain not in the workspace. */
export async function listApiDomainScans(domainSegment: string, paging: Paging, db: Db = getDb()): Promise<Page<ApiScanSummary>> {
  const name = domainFromPath(domainSegment);
  const workspace = await getDefaultWorkspace(db);
  const domain = await db.domain.findUnique({ where: { workspaceId_name: { workspaceId: workspace.id, name } }, select: { id: true, name: true } });
  if (!domain) throw new NotFoundError("No such domain in this workspace");
  const where = { domainId: domain.id };
  const [total, rows] = await Promise.all([
    db.scan.count({ where }),
    db.scan.findMany({
      where,
      // id breaks ties so pages never overlap or skip when two scans share a timestamp.
      orderBy: [{ requestedAt: "desc" }, { id: "desc" }],
      skip: (paging.page - 1) * paging.perPage,
      take: paging.perPage,
      select: SCAN_SUMMARY_FIELDS,
    }),
  ]);
  return { data: rows.map((s) => toSummary(s, domain.name)), page: paging.page, perPage: paging.perPage, total };
}

/** One scan of the workspace with its stored report. An unknown or malformed id is NotFoundError. */
export async function getApiScan(id: string, db: Db = getDb()): Promise<ApiScan> {
  if (!UUID.test(id)) throw new NotFoundError("No such scan");
  const workspace = await getDefaultWorkspace(db);
  const scan = await db.scan.findFirst({
    where: { id: id.toLowerCase(), domain: { workspaceId: workspace.id } },
    select: { ...SCAN_SUMMARY_FIELDS, ...STORED_REPORT_SELECT, domain: { select: { name: true } } },
  });
  if (!scan) throw new NotFoundError("No such scan");
  const summary = toSummary(scan, scan.domain.name);
  if (scan.status !== "done" || !scan.report) return { scan: summary, report: null };
  const stored = readStoredReport(storedReportJson(scan));
  return stored.ok ? { scan: summary, report: stored.report } : { scan: summary, report: null, reportError: stored.unreadable.reason };
}
