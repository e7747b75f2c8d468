/**
 * The JSON API's (v1) read side as data: what the `GET` route handlers return. Dates are ISO
 * strings, lists are paged in one envelope `{ data, page, perPage, total }` (see
 * app/api/v1/README.md), and only the caller's workspace's domains and scans are visible.
 */
import { getDb, type Db } from "@/lib/db/client";
import { readStoredReport } from "@/lib/report/stored-report";
import type { ScanReport } from "@/lib/scan/types";
import { NotFoundError } from "@/lib/services/errors";
import type { Scope } from "@/lib/services/access/scope";
import { SCAN_SUMMARY_SELECT, toApiDomain, toApiScanSummary } from "./api-json";
import { domainFromPath, type Paging } from "./params";
import { STORED_REPORT_SELECT, storedReportJson } from "@/lib/services/scans/report-store";

export type Page<T> = { data: T[]; page: number; perPage: number; total: number };

export type ApiDomain = {
  name: string;
  createdAt: string;
  /** null before the first finished scan, and when it could not be graded. */
  grade: string | null;
  score: number | null;
  /** Why the latest scan has no grade (NXDOMAIN, or none of the domain's lookups succeeded); null otherwise. */
  notGraded: string | null;
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
  notGraded: string | null;
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

/** The workspace's domains by name with their latest grade, score, exposure and last scan. */
export async function listApiDomains(scope: Scope, paging: Paging, db: Db = getDb()): Promise<Page<ApiDomain>> {
  const where = { workspaceId: scope.workspaceId };
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
    data: rows.map(toApiDomain),
    page: paging.page,
    perPage: paging.perPage,
    total,
  };
}

/** A domain's scans, newest request first, without reports. NotFoundError for a domain not in the workspace. */
export async function listApiDomainScans(scope: Scope, domainSegment: string, paging: Paging, db: Db = getDb()): Promise<Page<ApiScanSummary>> {
  const name = domainFromPath(domainSegment);
  const domain = await db.domain.findUnique({ where: { workspaceId_name: { workspaceId: scope.workspaceId, name } }, select: { id: true, name: true } });
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
      select: SCAN_SUMMARY_SELECT,
    }),
  ]);
  return { data: rows.map((s) => toApiScanSummary(s, domain.name)), page: paging.page, perPage: paging.perPage, total };
}

/** One scan of the workspace with its stored report. An unknown or malformed id is NotFoundError. */
export async function getApiScan(scope: Scope, id: string, db: Db = getDb()): Promise<ApiScan> {
  if (!UUID.test(id)) throw new NotFoundError("No such scan");
  const scan = await db.scan.findFirst({
    where: { id: id.toLowerCase(), domain: { workspaceId: scope.workspaceId } },
    select: { ...SCAN_SUMMARY_SELECT, ...STORED_REPORT_SELECT, domain: { select: { name: true } } },
  });
  if (!scan) throw new NotFoundError("No such scan");
  const summary = toApiScanSummary(scan, scan.domain.name);
  if (scan.status !== "done" || !scan.report) return { scan: summary, report: null };
  const stored = readStoredReport(storedReportJson(scan));
  return stored.ok ? { scan: summary, report: stored.report } : { scan: summary, report: null, reportError: stored.unreadable.reason };
}
