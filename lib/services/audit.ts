/**
 * The workspace's audit log: who added, deleted, rescanned, shared, revoked or created tokens, and
 * when. Written by the service that did the thing, in its transaction when it has one, so a logged
 * action happened and a happened action is logged.
 */
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { actorKey, type Scope } from "@/lib/services/access/scope";

export const AUDIT_ACTIONS = [
  "domain.add",
  "domain.delete",
  "domain.rescan",
  "domain.tag",
  "share.create",
  "share.revoke",
  "token.create",
  "token.revoke",
  "member.invite",
  "member.join",
  "member.role",
  "member.remove",
  "invite.revoke",
  "workspace.create",
  "workspace.settings",
  "alert.change",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

type Writer = Pick<Db, "auditEntry"> | Prisma.TransactionClient;

export async function recordAudit(db: Writer, scope: Scope, action: AuditAction, target = "", detail?: Prisma.InputJsonValue): Promise<void> {
  await db.auditEntry.create({
    data: { workspaceId: scope.workspaceId, actor: actorKey(scope.actor), actorName: scope.actor.name, action, target, ...(detail === undefined ? {} : { detail }) },
  });
}

export type AuditRow = { id: string; at: Date; actor: string; actorName: string; action: string; target: string; detail: unknown };

/** Newest first, keyset-paged by id. */
export async function listAudit(db: Db, scope: Scope, opts: { before?: string; limit?: number } = {}): Promise<{ rows: AuditRow[]; nextBefore: string | null }> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const before = opts.before && /^\d{1,19}$/.test(opts.before) ? BigInt(opts.before) : undefined;
  const rows = await db.auditEntry.findMany({
    where: { workspaceId: scope.workspaceId, ...(before ? { id: { lt: before } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit).map((r) => ({ id: r.id.toString(), at: r.createdAt, actor: r.actor, actorName: r.actorName, action: r.action, target: r.target, detail: r.detail }));
  return { rows: page, nextBefore: rows.length > limit ? page[page.length - 1]!.id : null };
}
