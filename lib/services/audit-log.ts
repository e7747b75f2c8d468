/**
 * The audit log page's read (/settings/audit): the workspace's entries, newest first, for roles that
 * may manage the workspace (docs/teams.md). Paged with `before` (an entry id) as listAudit is.
 */
import { getDb, type Db } from "@/lib/db/client";
import { assertCan, type Scope } from "@/lib/services/access/scope";
import { listAudit, type AuditRow } from "@/lib/services/audit";

export type AuditLogPage = { rows: AuditRow[]; nextBefore: string | null };

export async function listAuditLog(scope: Scope, opts: { before?: string; limit?: number } = {}, db: Db = getDb()): Promise<AuditLogPage> {
  assertCan(scope, "manage");
  return listAudit(db, scope, opts);
}
