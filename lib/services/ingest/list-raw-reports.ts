/** The settings page's table of recently received report files: when, how, what, and what became of each. */
import { getDb, type Db } from "@/lib/db/client";
import type { Scope } from "@/lib/services/access/scope";

export type RawReportRow = {
  id: string;
  receivedAt: Date;
  channel: string;
  kind: string | null;
  status: string;
  error: string | null;
  /** Mail only: whether the message's DKIM/DMARC checks passed; null for the receiver and uploads, which need none. */
  verified: boolean | null;
  filename: string | null;
  bytes: number;
  /** Reports stored from it (a zip may hold several), with their sender and domain. */
  reports: { orgName: string; reportId: string; domain: string; conflict: boolean }[];
};

export const RAW_REPORT_PAGE = 50;

export async function listRawReports(scope: Scope, opts: { limit?: number } = {}, db: Db = getDb()): Promise<RawReportRow[]> {
  const limit = Math.min(Math.max(1, opts.limit ?? RAW_REPORT_PAGE), 200);
  const rows = await db.rawReport.findMany({
    where: { workspaceId: scope.workspaceId },
    orderBy: { receivedAt: "desc" },
    take: limit,
    // The bytes themselves stay in the database: the table needs only their length.
    select: {
      id: true,
      receivedAt: true,
      channel: true,
      kind: true,
      status: true,
      error: true,
      verified: true,
      origin: true,
      reports: { select: { orgName: true, reportId: true, conflict: true, domain: { select: { name: true } } } },
    },
  });
  const sizes = rows.length
    ? await db.$queryRaw<{ id: string; size: number }[]>`SELECT id::text, octet_length(bytes)::int AS size FROM "RawReport" WHERE id = ANY(${rows.map((r) => r.id)}::uuid[]) AND "workspaceId" = ${scope.workspaceId}::uuid`
    : [];
  const sizeOf = new Map(sizes.map((s) => [s.id, s.size]));
  return rows.map((r) => {
    const origin = typeof r.origin === "object" && r.origin !== null ? (r.origin as Record<string, unknown>) : {};
    return {
      id: r.id,
      receivedAt: r.receivedAt,
      channel: r.channel,
      kind: r.kind,
      status: r.status,
      error: r.error,
      verified: r.channel === "imap" ? r.verified : null,
      filename: typeof origin.filename === "string" ? origin.filename : null,
      bytes: sizeOf.get(r.id) ?? 0,
      reports: r.reports.map((x) => ({ orgName: x.orgName, reportId: x.reportId, domain: x.domain.name, conflict: x.conflict })),
    };
  });
}
