import { getDb, type Db } from "@/lib/db/client";
import type { Scan } from "@/lib/generated/prisma/client";
import { RULESET_VERSION } from "@/lib/scan/score";
import { readStoredReport, type UnreadableReport } from "@/lib/report/stored-report";
import { storedReportJson } from "@/lib/services/scans/report-store";
import type { ScanProgress, ScanReport } from "@/lib/scan/types";
import type { Scope } from "@/lib/services/access/scope";
import { NotFoundError } from "@/lib/services/errors";
import { scanOutcomeJson } from "@/lib/services/scans/scan-json";

/** A scan as the UI and the JSON API see it (dates as ISO strings: it crosses the network). */
export type ScanView = {
  id: string;
  domain: string;
  status: "queued" | "running" | "done" | "failed";
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  grade: string | null;
  score: number | null;
  attempts: number;
  error: string | null;
  progress: ScanProgress[];
  /** Scans queued before this one that have not started (only while queued). */
  queuedAhead?: number;
  report: ScanReport | null;
  /** A finished scan whose stored report cannot be read (report is then null): why. */
  reportUnreadable: UnreadableReport | null;
};

/** `report` and `reportUnreadable` of a view from the stored JSON (null before the scan is done). */
function reportFields(json: unknown): Pick<ScanView, "report" | "reportUnreadable"> {
  if (json === null || json === undefined) return { report: null, reportUnreadable: null };
  const stored = readStoredReport(json);
  return stored.ok ? { report: stored.report, reportUnreadable: null } : { report: null, reportUnreadable: stored.unreadable };
}

/** `s` with its `reportRef` included when its report may be a reference (report-store.ts). */
export function toScanView(s: Scan & { reportRef?: { report: unknown } | null }, domain: string): ScanView {
  return {
    ...scanOutcomeJson(s),
    domain,
    attempts: s.attempts,
    progress: Array.isArray(s.progress) ? (s.progress as unknown as ScanProgress[]) : [],
    ...reportFields(storedReportJson(s)),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A scan of the workspace by id; another workspace's scan is "not found", like an unknown id. */
export async function getScan(scope: Scope, id: string, db: Db = getDb()): Promise<ScanView> {
  if (!UUID.test(id)) throw new NotFoundError("No such scan");
  const scan = await db.scan.findFirst({
    where: { id: id.toLowerCase(), domain: { workspaceId: scope.workspaceId } },
    include: { domain: { select: { name: true } }, reportRef: { select: { report: true } } },
  });
  if (!scan) throw new NotFoundError("No such scan");
  const view = toScanView(scan, scan.domain.name);
  if (scan.status === "queued") {
    // The workers serve every workspace in request order, so the wait depends on the whole queue.
    view.queuedAhead = await db.scan.count({ where: { status: "queued", requestedAt: { lt: scan.requestedAt } } });
  }
  return view;
}

/** One scan of a domain, pinned (docs/ui.md §5.2 `/domains/[domain]/scans/[scanId]`). */
export type DomainScanView = {
  domain: string;
  scan: ScanView;
  /** The domain's newest finished scan, to link "view the latest report" when this one is older. */
  latestDoneScanId: string | null;
  /** The ruleset the scanner grades with today (see DomainView.currentRulesetVersion). */
  currentRulesetVersion: number;
};

/**
 * A scan of `domain` in this workspace. A scan id of another domain or workspace is "not found",
 * with no hint that it exists elsewhere.
 */
export async function getDomainScan(scope: Scope, domain: string, scanId: string, db: Db = getDb()): Promise<DomainScanView> {
  if (!UUID.test(scanId)) throw new NotFoundError("No such scan");
  const row = await db.domain.findUnique({ where: { workspaceId_name: { workspaceId: scope.workspaceId, name: domain } }, select: { id: true, name: true } });
  if (!row) throw new NotFoundError("No such scan");
  const [scan, latest] = await Promise.all([
    db.scan.findFirst({ where: { id: scanId, domainId: row.id }, include: { reportRef: { select: { report: true } } } }),
    db.scan.findFirst({ where: { domainId: row.id, status: "done" }, orderBy: { finishedAt: "desc" }, select: { id: true } }),
  ]);
  if (!scan) throw new NotFoundError("No such scan");
  return { domain: row.name, scan: toScanView(scan, row.name), latestDoneScanId: latest?.id ?? null, currentRulesetVersion: RULESET_VERSION };
}
