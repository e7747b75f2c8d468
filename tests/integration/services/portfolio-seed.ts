/**
 * Seeds domains with finished scans and a DomainLatest summary directly (no scanner), so the
 * portfolio services can be tested on exact states. Each call creates only the rows it names.
 */
import type { Db } from "../../../lib/db/client";
import { getDefaultWorkspace } from "../../../lib/services/workspaces";

export type SeedLatest = {
  exposure?: string | null;
  mtaStsMode?: string | null;
  daneState?: string | null;
  dmarcPolicy?: string | null;
  criticalCount?: number;
  highCount?: number;
  findingIds?: string[];
  /** The latest scan could not be graded: set on it and on DomainLatest. */
  notGraded?: string;
};

export type SeedDomain = {
  name: string;
  /** Finished scans, oldest first: [grade, score, finishedAt]. The last one becomes DomainLatest. */
  scans?: [string, number, Date][];
  latest?: SeedLatest;
  active?: "queued" | "running";
};

export async function seedDomain(db: Db, seed: SeedDomain): Promise<{ id: string; activeScanId?: string }> {
  const ws = await getDefaultWorkspace(db);
  const domain = await db.domain.create({ data: { workspaceId: ws.id, name: seed.name } });
  let last: { id: string; grade: string; score: number; finishedAt: Date } | undefined;
  for (const [grade, score, finishedAt] of seed.scans ?? []) {
    const requestedAt = new Date(finishedAt.getTime() - 5_000);
    const scan = await db.scan.create({
      data: { domainId: domain.id, status: "done", grade, score, requestedAt, startedAt: requestedAt, finishedAt, durationMs: 5_000, attempts: 1 },
    });
    last = { id: scan.id, grade, score, finishedAt };
  }
  if (last) {
    const l = seed.latest ?? {};
    if (l.notGraded) await db.scan.update({ where: { id: last.id }, data: { notGraded: l.notGraded } });
    await db.domainLatest.create({
      data: {
        domainId: domain.id,
        workspaceId: ws.id,
        scanId: last.id,
        finishedAt: last.finishedAt,
        grade: last.grade,
        score: last.score,
        exposure: l.exposure === undefined ? "protected" : l.exposure,
        mtaStsMode: l.mtaStsMode === undefined ? "enforce" : l.mtaStsMode,
        daneState: l.daneState === undefined ? "pass" : l.daneState,
        dmarcPolicy: l.dmarcPolicy === undefined ? "reject" : l.dmarcPolicy,
        criticalCount: l.criticalCount ?? 0,
        highCount: l.highCount ?? 0,
        findingIds: l.findingIds ?? [],
        notGraded: l.notGraded ?? null,
      },
    });
  }
  let activeScanId: string | undefined;
  if (seed.active) {
    const scan = await db.scan.create({
      data: {
        domainId: domain.id,
        status: seed.active,
        ...(seed.active === "running" ? { startedAt: new Date(), attempts: 1, workerId: "worker-seed", heartbeatAt: new Date() } : {}),
      },
    });
    activeScanId = scan.id;
  }
  return { id: domain.id, activeScanId };
}

export const daysAgo = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000);
