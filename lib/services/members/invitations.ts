/**
 * Invitations: a one-use link that makes whoever opens it (signed in, or with a new account) a
 * member with the invitation's role. The link carries a full-entropy token; only its SHA-256 is
 * stored (access/secrets.ts), so the database alone cannot be used to join.
 */
import { z } from "zod";
import { getDb, type Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { isRole, type Role } from "@/lib/services/access/roles";
import { assertCan, type Scope } from "@/lib/services/access/scope";
import { hashToken, looksLikeToken, newToken } from "@/lib/services/access/secrets";
import { recordAudit } from "@/lib/services/audit";
import { NotFoundError, ValidationError } from "@/lib/services/errors";
import { assertCanTouchOwnerRole, parseRole } from "@/lib/services/members";

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

export type InvitationState = "pending" | "accepted" | "revoked" | "expired";

export type InvitationRow = {
  id: string;
  role: Role;
  email: string | null;
  createdAt: Date;
  expiresAt: Date;
  state: InvitationState;
  /** When it was accepted or revoked. */
  settledAt: Date | null;
};

export type InvitationPreview = {
  workspaceId: string;
  workspaceName: string;
  role: Role;
  inviterName: string | null;
  email: string | null;
  expiresAt: Date;
  state: InvitationState;
};

/** Said for every link that cannot be used: which of the reasons applies is not the holder's business. */
export const INVITATION_UNUSABLE = "This invitation link is not valid: it has expired, has been used or revoked, or was never issued. Ask for a new one.";

function stateOf(row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): InvitationState {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt.getTime() <= now.getTime() ? "expired" : "pending";
}

/** Invitations are built on the app's public URL, as people open them from elsewhere. */
function invitationBaseUrl(): string {
  const env = getEnv();
  return (env.MAILPOSTURE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
}

const EmailNote = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, { error: "That e-mail address is too long" })
  .pipe(z.email({ error: "Enter an e-mail address such as ana@example.com, or leave it empty" }));

function parseEmailNote(input: unknown): string | null {
  if (input === undefined || input === null || (typeof input === "string" && input.trim() === "")) return null;
  const parsed = EmailNote.safeParse(input);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Enter an e-mail address";
    throw new ValidationError(message, { email: message });
  }
  return parsed.data;
}

export async function createInvitation(
  scope: Scope,
  input: { role: unknown; email?: unknown },
  db: Db = getDb(),
): Promise<{ id: string; url: string; token: string; role: Role; expiresAt: Date }> {
  assertCan(scope, "manage");
  const role = parseRole(input.role);
  assertCanTouchOwnerRole(scope, role);
  const email = parseEmailNote(input.email);
  const { token, hash } = newToken("invite");
  const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
  const createdById = scope.actor.kind === "user" ? scope.actor.userId : null;
  const row = await db.$transaction(async (tx) => {
    const made = await tx.invitation.create({ data: { workspaceId: scope.workspaceId, tokenHash: hash, role, email, createdById, expiresAt }, select: { id: true } });
    await recordAudit(tx, scope, "member.invite", made.id, { role, ...(email ? { email } : {}) });
    return made;
  });
  return { id: row.id, url: `${invitationBaseUrl()}/invite/${token}`, token, role, expiresAt };
}

/** The workspace's invitations, newest first (pending, and the settled ones for the record). */
export async function listInvitations(scope: Scope, db: Db = getDb()): Promise<InvitationRow[]> {
  assertCan(scope, "manage");
  const now = new Date();
  const rows = await db.invitation.findMany({ where: { workspaceId: scope.workspaceId }, orderBy: { createdAt: "desc" }, take: 200 });
  return rows
    .filter((r) => isRole(r.role))
    .map((r) => ({
      id: r.id,
      role: r.role as Role,
      email: r.email,
      createdAt: r.createdAt,
      expiresAt: r.expiresAt,
      state: stateOf(r, now),
      settledAt: r.acceptedAt ?? r.revokedAt,
    }));
}

/** Revokes a pending invitation; revoking a revoked one is a no-op, an accepted one cannot be. */
export async function revokeInvitation(scope: Scope, id: unknown, db: Db = getDb()): Promise<void> {
  assertCan(scope, "manage");
  const missing = new NotFoundError("No such invitation in this workspace");
  if (!z.guid().safeParse(id).success) throw missing;
  const invitationId = id as string;
  await db.$transaction(async (tx) => {
    const done = await tx.invitation.updateMany({ where: { id: invitationId, workspaceId: scope.workspaceId, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    if (done.count === 1) {
      await recordAudit(tx, scope, "invite.revoke", invitationId);
      return;
    }
    const row = await tx.invitation.findFirst({ where: { id: invitationId, workspaceId: scope.workspaceId }, select: { acceptedAt: true } });
    if (!row) throw missing;
    if (row.acceptedAt) throw new ValidationError("This invitation has been accepted already: remove the member instead.");
  });
}

/** What the invitation page shows; null for a string that is no invitation of ours. */
export async function readInvitation(token: string, db: Db = getDb()): Promise<InvitationPreview | null> {
  if (!looksLikeToken(token, "invite")) return null;
  const row = await db.invitation.findUnique({ where: { tokenHash: hashToken(token) }, include: { workspace: { select: { name: true } } } });
  if (!row || !isRole(row.role)) return null;
  const inviter = row.createdById ? await db.user.findUnique({ where: { id: row.createdById }, select: { name: true } }) : null;
  return {
    workspaceId: row.workspaceId,
    workspaceName: row.workspace.name,
    role: row.role,
    inviterName: inviter?.name ?? null,
    email: row.email,
    expiresAt: row.expiresAt,
    state: stateOf(row, new Date()),
  };
}

/**
 * Accepts the invitation for `userId`. One use: the single conditional UPDATE below is the only
 * check, so of two people opening the same link at once exactly one joins. A member who already
 * has a higher role keeps it (an invitation never demotes).
 */
export async function acceptInvitation(token: string, userId: string, db: Db = getDb()): Promise<{ workspaceId: string; workspaceName: string; role: Role }> {
  if (!looksLikeToken(token, "invite")) throw new NotFoundError(INVITATION_UNUSABLE);
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true } });
    if (!user) throw new NotFoundError("No such user");
    const won = await tx.$queryRaw<{ id: string; workspaceId: string; role: string }[]>`
      UPDATE "Invitation" SET "acceptedAt" = now(), "acceptedBy" = ${user.id}::uuid
      WHERE "tokenHash" = ${hashToken(token)} AND "acceptedAt" IS NULL AND "revokedAt" IS NULL AND "expiresAt" > now()
      RETURNING id, "workspaceId", role`;
    const invitation = won[0];
    if (!invitation || !isRole(invitation.role)) throw new NotFoundError(INVITATION_UNUSABLE);
    // ROLES order as SQL: the lower position is the higher role; an existing higher role stays.
    const joined = await tx.$queryRaw<{ role: string }[]>`
      INSERT INTO "Membership" ("workspaceId", "userId", role) VALUES (${invitation.workspaceId}::uuid, ${user.id}::uuid, ${invitation.role})
      ON CONFLICT ("workspaceId", "userId") DO UPDATE SET role = EXCLUDED.role
        WHERE array_position(ARRAY['owner','admin','editor','viewer'], EXCLUDED.role) < array_position(ARRAY['owner','admin','editor','viewer'], "Membership".role)
      RETURNING role`;
    const current = joined[0]?.role ?? (await tx.membership.findUniqueOrThrow({ where: { workspaceId_userId: { workspaceId: invitation.workspaceId, userId: user.id } } })).role;
    const role: Role = isRole(current) ? current : invitation.role;
    const scope: Scope = { workspaceId: invitation.workspaceId, role, actor: { kind: "user", userId: user.id, name: user.name } };
    await recordAudit(tx, scope, "member.join", user.email, { invitationId: invitation.id, invitedAs: invitation.role, role });
    const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: invitation.workspaceId }, select: { name: true } });
    return { workspaceId: invitation.workspaceId, workspaceName: workspace.name, role };
  });
}
