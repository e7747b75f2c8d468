/**
 * The client-ready PDF of a scan (issue 13): loads the report through the existing loaders (the
 * domain's latest finished scan, or one pinned scan) and the workspace name, and renders it with
 * components/pdf. Route handlers call these; a share route can call reportPdfForScan with the
 * scan id it resolved.
 */
import path from "node:path";
import { getDb, type Db } from "@/lib/db/client";
import { renderReportPdf } from "@/components/pdf/render-report-pdf";
import { reportPdfFileName } from "@/lib/report/pdf/text";
import type { ScanReport } from "@/lib/scan/types";
import type { Scope } from "@/lib/services/access/scope";
import { getDomain } from "@/lib/services/domains/get-domain";
import { NotFoundError } from "@/lib/services/errors";
import { getDomainScan, getScan, type ScanView } from "@/lib/services/scans/get-scan";
import { getSenderSummary } from "@/lib/services/senders/views";

export type ReportPdf = {
  /** `<a-label domain>-<yyyy-mm-dd>.pdf`, from the scan's start date. */
  fileName: string;
  scanId: string;
  body: Buffer;
};

export type ReportPdfOptions = {
  /** When the PDF is made (certificate expiry is judged against it); default now. */
  now?: Date;
};

/**
 * Geist, the web app's face, straight from the installed `geist` package: the server runs from the
 * project directory (npm start, the worker, tests). When it is not there the renderer falls back
 * to its built-in fonts.
 */
function fontDir(): string {
  return path.join(process.cwd(), "node_modules", "geist", "dist", "fonts");
}

async function render(db: Db, scope: Scope, report: ScanReport, scanId: string, now: Date): Promise<ReportPdf> {
  const [workspace, senders] = await Promise.all([
    db.workspace.findUniqueOrThrow({ where: { id: scope.workspaceId }, select: { name: true } }),
    // What senders reported lately (docs/ingest.md); a domain deleted meanwhile just has none.
    getSenderSummary(scope, report.domain, now, db).catch((err: unknown) => {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }),
  ]);
  const body = await renderReportPdf({ report, workspaceName: workspace.name, scanId, generatedAt: now, ...(senders ? { senders } : {}) }, { fontDir: fontDir() });
  return { fileName: reportPdfFileName(report.domain, report.startedAt), scanId, body };
}

function doneReport(scan: ScanView): ScanReport {
  if (scan.status !== "done" || !scan.report) throw new NotFoundError("This scan has no readable report");
  return scan.report;
}

/** The PDF of the domain's latest finished scan; NotFoundError for an unknown domain or one never scanned. */
export async function domainReportPdf(scope: Scope, domain: string, options: ReportPdfOptions = {}, db: Db = getDb()): Promise<ReportPdf> {
  const view = await getDomain(scope, domain, db);
  if (!view.lastReport) throw new NotFoundError(`No finished scan of ${view.name} to report on`);
  return render(db, scope, view.lastReport.report, view.lastReport.scanId, options.now ?? new Date());
}

/** The PDF of one scan of `domain`; a scan of another domain, unfinished or unknown, is not found. */
export async function pinnedScanReportPdf(scope: Scope, domain: string, scanId: string, options: ReportPdfOptions = {}, db: Db = getDb()): Promise<ReportPdf> {
  const view = await getDomainScan(scope, domain, scanId, db);
  return render(db, scope, doneReport(view.scan), view.scan.id, options.now ?? new Date());
}

/**
 * The PDF of a scan of the scope's workspace by id alone, for a route that has already resolved
 * the id (a share link, with the scope of the link's workspace).
 */
export async function reportPdfForScan(scope: Scope, scanId: string, options: ReportPdfOptions = {}, db: Db = getDb()): Promise<ReportPdf> {
  const scan = await getScan(scope, scanId, db);
  return render(db, scope, doneReport(scan), scan.id, options.now ?? new Date());
}
