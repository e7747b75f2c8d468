/**
 * A workspace's members: who belongs, with which role, and changing or ending that. Invitations
 * (how people join) are in members/invitations.ts. Access ends at once on removal or demotion:
 * every request resolves its scope from the memberships (workspaces.ts), never from the session.
 */
import { z } from "zod";
import { getDb, type Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ForbiddenError, isRole, ROLES, type Role } from "@/lib/services/access/roles";
import { assertCan, type Scope } from "@/lib/services/access/scope";
import { recordAudit } from "@/lib/services/audit";
import { NotFoundError, ValidationError } from "@/lib/services/errors";

export type Member = { userId: string; name: string; email: string; role: Role; joinedAt: Date };

/** Lower is more: owner 0 … viewer 3 (ROLES is ordered from most to least). */
export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

export function parseRole(input: unknown): Role {
  if (!isRole(input)) throw new ValidationError("Choose a role: owner, admin, editor or viewer", { role: "Choose a role" });
  return input;
}

/** Granting or taking away the owner role is an owner's decision, not an admin's. */
export function assertCanTouchOwnerRole(scope: Scope, ...roles: Role[]): void {
  if (roles.includes("owner") && scope.role !== "owner") throw new ForbiddenError("Only an owner can grant or take away the owner role.");
}

const isUuid = (v: unknown): v is string => z.guid().safeParse(v).success;

export async function listMembers(scope: Scope, db: Db = getDb()): Promise<Member[]> {
  assertCan(scope, "read");
  const rows = await db.membership.findMany({
    where: { workspaceId: scope.workspaceId },
    include: { user: { select: { name: true, email: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows
    .filter((r) => isRole(r.role))
    .map((r) => ({ userId: r.userId, name: r.user.name, email: r.user.email, role: r.role as Role, joinedAt: r.createdAt }))
    .sort((a, b) => roleRank(a.role) - roleRank(b.role) || a.name.localeCompare(b.name));
}

type Locked = { role: Role; email: string; ownerCount: number };

/**
 * The member's row and the workspace's owner count, with every owner row locked: two owners
 * demoting each other at the same moment must not leave the workspace without one.
 */
async function lockMember(tx: Prisma.TransactionClient, scope: Scope, userId: unknown): Promise<Locked> {
  const missing = new NotFoundError("No such member in this workspace");
  if (!isUuid(userId)) throw missing;
  const owners = await tx.$queryRaw<{ userId: string }[]>`
    SELECT "userId" FROM "Membership" WHERE "workspaceId" = ${scope.workspaceId}::uuid AND role = 'owner' FOR UPDATE`;
  const rows = await tx.$queryRaw<{ role: string; email: string }[]>`
    SELECT m.role, u.email FROM "Membership" m JOIN "User" u ON u.id = m."userId"
    WHERE m."workspaceId" = ${scope.workspaceId}::uuid AND m."userId" = ${userId}::uuid FOR UPDATE OF m`;
  const row = rows[0];
  if (!row || !isRole(row.role)) throw missing;
  return { role: row.role, email: row.email, ownerCount: owners.length };
}

const LAST_OWNER = "This is the workspace's last owner: make someone else an owner first.";

export async function changeMemberRole(scope: Scope, userId: unknown, roleInput: unknown, db: Db = getDb()): Promise<Member> {
  assertCan(scope, "manage");
  const role = parseRole(roleInput);
  await db.$transaction(async (tx) => {
    const current = await lockMember(tx, scope, userId);
    if (current.role === role) return;
    assertCanTouchOwnerRole(scope, current.role, role);
    if (current.role === "owner" && current.ownerCount <= 1) throw new ValidationError(LAST_OWNER, { role: LAST_OWNER });
    await tx.membership.update({ where: { workspaceId_userId: { workspaceId: scope.workspaceId, userId: userId as string } }, data: { role } });
    await recordAudit(tx, scope, "member.role", current.email, { userId: userId as string, from: current.role, to: role });
  });
  const member = (await listMembers(scope, db)).find((m) => m.userId === userId);
  if (!member) throw new NotFoundError("No such member in this workspace");
  return member;
}

export async function removeMember(scope: Scope, userId: unknown, db: Db = getDb()): Promise<void> {
  assertCan(scope, "manage");
  await db.$transaction(async (tx) => {
    const current = await lockMember(tx, scope, userId);
    assertCanTouchOwnerRole(scope, current.role);
    if (current.role === "owner" && current.ownerCount <= 1) throw new ValidationError(LAST_OWNER);
    await tx.membership.delete({ where: { workspaceId_userId: { workspaceId: scope.workspaceId, userId: userId as string } } });
    await recordAudit(tx, scope, "member.remove", current.email, { userId: userId as string, role: current.role });
  });
}
