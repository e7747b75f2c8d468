/**
 * Rows → the JSON API's domain and scan objects (app/api/v1/README.md), shared by the read routes
 * (v1.ts) and the write routes (v1-write.ts) so a domain added by POST looks exactly like one
 * listed by GET.
 */
import type { Db } from "@/lib/db/client";
import type { Scope } from "@/lib/services/access/scope";
import { NotFoundError } from "@/lib/services/errors";
import { SCAN_OUTCOME_SELECT, scanOutcomeJson } from "@/lib/services/scans/scan-json";
import type { ApiDomain, ApiScanSummary } from "./v1";

type DomainRow = {
  name: string;
  createdAt: Date;
  latest: { scanId: string; finishedAt: Date; grade: string; score: number; notGraded: string | null; exposure: string | null; criticalCount: number; highCount: number } | null;
};

export function toApiDomain(d: DomainRow): ApiDomain {
  return {
    name: d.name,
    createdAt: d.createdAt.toISOString(),
    // Not graded (NXDOMAIN, nothing could be looked up): no grade or score, and the reason.
    grade: d.latest && !d.latest.notGraded ? d.latest.grade : null,
    score: d.latest && !d.latest.notGraded ? d.latest.score : null,
    notGraded: d.latest?.notGraded ?? null,
    exposure: d.latest?.exposure ?? null,
    lastScan: d.latest ? { id: d.latest.scanId, finishedAt: d.latest.finishedAt.toISOString() } : null,
    criticalCount: d.latest?.criticalCount ?? 0,
    highCount: d.latest?.highCount ?? 0,
  };
}

export const SCAN_SUMMARY_SELECT = { ...SCAN_OUTCOME_SELECT, scannerVersion: true, rulesetVersion: true, attempts: true } as const;

type ScanRow = Parameters<typeof scanOutcomeJson>[0] & { scannerVersion: string | null; rulesetVersion: number | null; attempts: number };

export function toApiScanSummary(s: ScanRow, domain: string): ApiScanSummary {
  return { ...scanOutcomeJson(s), domain, scannerVersion: s.scannerVersion, rulesetVersion: s.rulesetVersion, attempts: s.attempts };
}

/** One domain of the scope's workspace as the API shows it; NotFoundError when it is not there. */
export async function loadApiDomain(scope: Scope, name: string, db: Db): Promise<ApiDomain> {
  const row = await db.domain.findUnique({ where: { workspaceId_name: { workspaceId: scope.workspaceId, name } }, include: { latest: true } });
  if (!row) throw new NotFoundError("No such domain in this workspace");
  return toApiDomain(row);
}

/** One scan of the scope's workspace without its report; NotFoundError when it is not there. */
export async function loadApiScanSummary(scope: Scope, scanId: string, db: Db): Promise<ApiScanSummary> {
  const scan = await db.scan.findFirst({
    where: { id: scanId, domain: { workspaceId: scope.workspaceId } },
    select: { ...SCAN_SUMMARY_SELECT, domain: { select: { name: true } } },
  });
  if (!scan) throw new NotFoundError("No such scan");
  return toApiScanSummary(scan, scan.domain.name);
}
