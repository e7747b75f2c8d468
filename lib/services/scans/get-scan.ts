import { getDb, type Db } from "@/lib/db/client";
import type { Scan } from "@/lib/generated/prisma/client";
import type { ScanProgress, ScanReport } from "@/lib/scan/types";
import { NotFoundError } from "@/lib/services/errors";

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
};

export function toScanView(s: Scan, domain: string): ScanView {
  return {
    id: s.id,
    domain,
    status: s.status,
    requestedAt: s.requestedAt.toISOString(),
    startedAt: s.startedAt?.toISOString() ?? null,
    finishedAt: s.finishedAt?.toISOString() ?? null,
    durationMs: s.durationMs,
    grade: s.grade,
    score: s.score,
    attempts: s.attempts,
    error: s.error,
    progress: Array.isArray(s.progress) ? (s.progress as unknown as ScanProgress[]) : [],
    report: (s.report as unknown as ScanReport | null) ?? null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getScan(id: string, db: Db = getDb()): Promise<ScanView> {
  if (!UUID.test(id)) throw new NotFoundError("No such scan");
  const scan = await db.scan.findUnique({ where: { id }, include: { domain: { select: { name: true } } } });
  if (!scan) throw new NotFoundError("No such scan");
  const view = toScanView(scan, scan.domain.name);
  if (scan.status === "queued") {
    view.queuedAhead = await db.scan.count({ where: { status: "queued", requestedAt: { lt: scan.requestedAt } } });
  }
  return view;
}
