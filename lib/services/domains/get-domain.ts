import { getDb, type Db } from "@/lib/db/client";
import { readStoredReport, type UnreadableReport } from "@/lib/report/stored-report";
import { storedReportJson } from "@/lib/services/scans/report-store";
import { RULESET_VERSION } from "@/lib/scan/score";
import type { ScanReport } from "@/lib/scan/types";
import type { Scope } from "@/lib/services/access/scope";
import { NotFoundError } from "@/lib/services/errors";
import { toScanView, type ScanView } from "@/lib/services/scans/get-scan";

export type DomainView = {
  name: string;
  createdAt: Date;
  /** The newest scan in any state (what the page shows progress for). */
  current: ScanView | null;
  /** The newest finished report, shown while a newer scan runs or after one fails. */
  lastReport: { scanId: string; finishedAt: Date; report: ScanReport } | null;
  /**
   * The newest finished scan when its stored report cannot be read (lastReport is then null):
   * pages say so instead of showing an older report as the latest.
   */
  unreadableReport: { scanId: string; finishedAt: Date; unreadable: UnreadableReport } | null;
  /**
   * The ruleset the scanner grades with today (lib/scan/score.ts). A report scored with an older
   * one says so and offers a rescan (docs/ui.md §5.2 "older rules"); app/ may not import the scanner.
   */
  currentRulesetVersion: number;
};

export async function getDomain(scope: Scope, name: string, db: Db = getDb()): Promise<DomainView> {
  const domain = await db.domain.findUnique({ where: { workspaceId_name: { workspaceId: scope.workspaceId, name } } });
  if (!domain) throw new NotFoundError(`No domain ${name} in this workspace`);
  const [current, lastDone] = await Promise.all([
    db.scan.findFirst({ where: { domainId: domain.id }, orderBy: { requestedAt: "desc" }, include: { reportRef: { select: { report: true } } } }),
    db.scan.findFirst({ where: { domainId: domain.id, status: "done" }, orderBy: { finishedAt: "desc" }, include: { reportRef: { select: { report: true } } } }),
  ]);
  const stored = lastDone?.report && lastDone.finishedAt ? { scanId: lastDone.id, finishedAt: lastDone.finishedAt, read: readStoredReport(storedReportJson(lastDone)) } : null;
  return {
    name: domain.name,
    createdAt: domain.createdAt,
    current: current ? toScanView(current, domain.name) : null,
    lastReport: stored?.read.ok ? { scanId: stored.scanId, finishedAt: stored.finishedAt, report: stored.read.report } : null,
    unreadableReport: stored && !stored.read.ok ? { scanId: stored.scanId, finishedAt: stored.finishedAt, unreadable: stored.read.unreadable } : null,
    currentRulesetVersion: RULESET_VERSION,
  };
}

/** Whether the workspace has this domain (pages answer 404 before they start streaming). */
export async function domainExists(scope: Scope, name: string, db: Db = getDb()): Promise<boolean> {
  const found = await db.domain.findUnique({ where: { workspaceId_name: { workspaceId: scope.workspaceId, name } }, select: { id: true } });
  return found !== null;
}
