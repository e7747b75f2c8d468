/**
 * Opening a share link: the only way into a workspace's data without an account, so it answers
 * null for anything that is not a live link — unknown, malformed, expired and revoked alike, with
 * no hint which — and the page turns null into a plain 404.
 *
 * The report is read the way the domain pages read it (report-store.ts + readStoredReport, rule
 * 38): a live link shows the domain's newest finished scan, a pinned link always its one scan.
 * The fix advice is the pure plan of lib/report/fix-plan, as on the Fix tab.
 */
import path from "node:path";
import { renderReportPdf } from "@/components/pdf/render-report-pdf";
import { getDb, type Db } from "@/lib/db/client";
import { buildFixSteps, type FixSteps } from "@/lib/report/fix-plan";
import { reportPdfFileName } from "@/lib/report/pdf/text";
import { readStoredReport } from "@/lib/report/stored-report";
import { RULESET_VERSION } from "@/lib/scan/score";
import type { ScanReport } from "@/lib/scan/types";
import { hashToken, looksLikeToken } from "@/lib/services/access/secrets";
import type { ReportPdf } from "@/lib/services/reports/pdf-report";
import { STORED_REPORT_SELECT, storedReportJson } from "@/lib/services/scans/report-store";

/** What the shared page shows of the Fix tab: the steps, without the what-if drafts (it posts nothing). */
export type SharedFixAdvice = Pick<FixSteps, "steps" | "acceptsMail" | "hasSuggestions" | "seriousFindings">;

export type SharedReport = {
  domain: string;
  label: string | null;
  expiresAt: Date;
  /** True when the link pins one scan; false for the live report (the newest finished scan). */
  pinned: boolean;
  /** The workspace that shares it, for the PDF's header. */
  workspaceName: string;
  /** The scan shown; null when there is none to show (see `unavailable`). */
  scanId: string | null;
  finishedAt: Date | null;
  report: ScanReport | null;
  /** Why there is no report: never scanned, the stored report cannot be read, the pinned scan is gone. */
  unavailable: string | null;
  fix: SharedFixAdvice | null;
  /** The ruleset the scanner grades with today: an older report says so (docs/ui.md §5.2). */
  currentRulesetVersion: number;
};

type Opts = { now?: Date };

async function resolve(token: string, now: Date, db: Db) {
  if (typeof token !== "string" || !looksLikeToken(token, "share")) return null;
  const link = await db.shareLink.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { domain: { select: { name: true } }, workspace: { select: { name: true } } },
  });
  if (!link || link.revokedAt || link.expiresAt.getTime() <= now.getTime()) return null;
  return link;
}

type Link = NonNullable<Awaited<ReturnType<typeof resolve>>>;

async function loadReport(link: Link, db: Db): Promise<SharedReport> {
  const base = { domain: link.domain.name, label: link.label, expiresAt: link.expiresAt, pinned: link.scanId !== null, workspaceName: link.workspace.name, currentRulesetVersion: RULESET_VERSION };
  const none = (unavailable: string): SharedReport => ({ ...base, scanId: null, finishedAt: null, report: null, unavailable, fix: null });
  const select = { id: true, finishedAt: true, ...STORED_REPORT_SELECT } as const;
  // The domain id keeps a pinned scan to the link's own domain, whatever the row says.
  const scan = link.scanId
    ? await db.scan.findFirst({ where: { id: link.scanId, domainId: link.domainId, status: "done" }, select })
    : await db.scan.findFirst({ where: { domainId: link.domainId, status: "done" }, orderBy: { finishedAt: "desc" }, select });
  if (!scan || !scan.finishedAt) return none(link.scanId ? "The scan this link points to is no longer stored." : `${link.domain.name} has not been scanned yet.`);
  const read = readStoredReport(storedReportJson(scan));
  if (!read.ok) return none(`The stored report cannot be read: ${read.unreadable.reason}`);
  const built = buildFixSteps(read.report);
  return {
    ...base,
    scanId: scan.id,
    finishedAt: scan.finishedAt,
    report: read.report,
    unavailable: null,
    fix: { steps: built.steps, acceptsMail: built.acceptsMail, hasSuggestions: built.hasSuggestions, seriousFindings: built.seriousFindings },
  };
}

/**
 * The report behind a share link, or null for an unknown, malformed, expired or revoked token.
 * Counts the open (`openCount`, `lastOpenedAt`) so the workspace sees whether the link was used.
 */
export async function openShareLink(token: string, db: Db = getDb(), opts: Opts = {}): Promise<SharedReport | null> {
  const now = opts.now ?? new Date();
  const link = await resolve(token, now, db);
  if (!link) return null;
  const shared = await loadReport(link, db);
  await db.shareLink.updateMany({ where: { id: link.id, revokedAt: null }, data: { lastOpenedAt: now, openCount: { increment: 1 } } });
  return shared;
}

/** Geist from the installed package, as lib/services/reports/pdf-report.ts renders it. */
const fontDir = () => path.join(process.cwd(), "node_modules", "geist", "dist", "fonts");

/**
 * The PDF of the shared report, or null when the link does not open or has no report to show.
 * A download is not counted as an open: the count is of visits to the page.
 */
export async function sharedReportPdf(token: string, db: Db = getDb(), opts: Opts = {}): Promise<ReportPdf | null> {
  const now = opts.now ?? new Date();
  const link = await resolve(token, now, db);
  if (!link) return null;
  const shared = await loadReport(link, db);
  if (!shared.report || !shared.scanId) return null;
  const body = await renderReportPdf({ report: shared.report, workspaceName: shared.workspaceName, scanId: shared.scanId, generatedAt: now }, { fontDir: fontDir() });
  return { fileName: reportPdfFileName(shared.domain, shared.report.startedAt), scanId: shared.scanId, body };
}
