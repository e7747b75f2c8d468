/**
 * Stores reports as finished scans through the real storage path: a queued Scan row, then the
 * scan task of lib/services/scans/run-scan.ts with a scanner that returns the given report (so
 * history findings, the Finding rows, DomainLatest and the weekly roll-up are written exactly as
 * a worker writes them). The reports themselves are the pure builders of
 * tests/unit/report/fix-plan-fixtures.ts.
 */
import type { JobHelpers } from "graphile-worker";
import type { Db } from "../../../lib/db/client";
import { createScanTask } from "../../../lib/services/scans/run-scan";
import type { ScanReport } from "../../../lib/scan/types";
import { getDefaultWorkspace } from "../../../lib/services/workspaces";

export { longDmarcValue, mailReport, nullMxReport, spki } from "../../unit/report/fix-plan-fixtures";

/** A worker helper good enough for createScanTask: one attempt, never the last retry. */
function helpers(): JobHelpers {
  return { job: { locked_by: "test-worker", attempts: 1, max_attempts: 3 }, abortSignal: new AbortController().signal } as unknown as JobHelpers;
}

/** The domain's row in the workspace (default: the default workspace), created when needed. */
async function domainRow(db: Db, name: string, workspaceId?: string): Promise<string> {
  const wsId = workspaceId ?? (await getDefaultWorkspace(db)).id;
  const domain = await db.domain.upsert({
    where: { workspaceId_name: { workspaceId: wsId, name } },
    create: { workspaceId: wsId, name },
    update: {},
  });
  return domain.id;
}

/**
 * Adds the domain to the default workspace (if needed), queues a scan of it and lets the real
 * scan task store `report` (any JSON value: an older report's shape too) as its result.
 */
export async function storeDoneScan(db: Db, report: ScanReport | Record<string, unknown>, domain?: string, workspaceId?: string): Promise<{ scanId: string; domainId: string }> {
  const name = domain ?? (typeof report.domain === "string" ? report.domain : "");
  const domainId = await domainRow(db, name, workspaceId);
  const scan = await db.scan.create({ data: { domainId }, select: { id: true } });
  const task = createScanTask({ db, scan: async () => structuredClone(report) as ScanReport, heartbeatMs: 60_000, scannerVersion: "test-scanner" });
  await task({ scanId: scan.id }, helpers());
  const stored = await db.scan.findUniqueOrThrow({ where: { id: scan.id }, select: { status: true, error: true } });
  if (stored.status !== "done") throw new Error(`the scan task did not store the report: ${stored.status} ${stored.error ?? ""}`);
  return { scanId: scan.id, domainId };
}

/** A domain in the workspace with no scan at all. */
export async function storeDomainOnly(db: Db, name: string): Promise<string> {
  const workspace = await getDefaultWorkspace(db);
  const d = await db.domain.create({ data: { workspaceId: workspace.id, name } });
  return d.id;
}
