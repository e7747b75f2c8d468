import { getDb, type Db } from "@/lib/db/client";
import { getDefaultWorkspace } from "@/lib/services/workspaces";

export type DomainRow = {
  name: string;
  createdAt: Date;
  grade: string | null;
  score: number | null;
  exposure: string | null;
  lastScanAt: Date | null;
  criticalCount: number;
  highCount: number;
  activeScan: { id: string; status: "queued" | "running" } | null;
};

/** The workspace's domains with their latest grade; the summary table makes this one join. */
export async function listDomains(db: Db = getDb()): Promise<DomainRow[]> {
  const workspace = await getDefaultWorkspace(db);
  const domains = await db.domain.findMany({
    where: { workspaceId: workspace.id },
    orderBy: { name: "asc" },
    include: {
      latest: true,
      scans: { where: { status: { in: ["queued", "running"] } }, select: { id: true, status: true }, take: 1 },
    },
  });
  return domains.map((d) => {
    const active = d.scans[0];
    return {
      name: d.name,
      createdAt: d.createdAt,
      grade: d.latest?.grade ?? null,
      score: d.latest?.score ?? null,
      exposure: d.latest?.exposure ?? null,
      lastScanAt: d.latest?.finishedAt ?? null,
      criticalCount: d.latest?.criticalCount ?? 0,
      highCount: d.latest?.highCount ?? 0,
      activeScan: active ? { id: active.id, status: active.status as "queued" | "running" } : null,
    };
  });
}
