/**
 * API tokens for /api/v1 (app/api/v1/README.md): a workspace's bearer secrets, `read` or `write`.
 * Only the SHA-256 of a token is stored (lib/services/access/secrets.ts); the token itself is shown
 * once, at creation. A token acts with a fixed role in its workspace — `read` as a viewer, `write`
 * as an editor — so the same `assertCan` checks guard the API and the dashboard.
 */
import { z } from "zod";
import { getDb, type Db } from "@/lib/db/client";
import { UnauthenticatedError, type Role } from "@/lib/services/access/roles";
import { assertCan, type Scope } from "@/lib/services/access/scope";
import { hashToken, looksLikeToken, newToken } from "@/lib/services/access/secrets";
import { recordAudit } from "@/lib/services/audit";
import { NotFoundError, ValidationError } from "@/lib/services/errors";

export const API_TOKEN_SCOPES = ["read", "write"] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/** The role a token acts with: a read token can never write, a write token never manages. */
const ROLE_OF: Record<ApiTokenScope, Role> = { read: "viewer", write: "editor" };

/** Characters of the token kept in clear (`mp_` and 7 more): enough to tell tokens apart, far too few to guess the rest. */
export const PREFIX_CHARS = 10;
/** `lastUsedAt` is refreshed at most this often, so an API client does not cost a write per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;
export const MAX_EXPIRES_DAYS = 3650;

export const CreateApiTokenInput = z.object({
  name: z.string({ error: "Name the token" }).trim().min(1, { error: "Name the token" }).max(80, { error: "Use at most 80 characters" }),
  scope: z.enum(API_TOKEN_SCOPES, { error: "Choose read or write" }),
  expiresInDays: z
    .number({ error: "Enter a number of days" })
    .int({ error: "Enter a whole number of days" })
    .min(1, { error: "At least 1 day" })
    .max(MAX_EXPIRES_DAYS, { error: `At most ${MAX_EXPIRES_DAYS} days` })
    .optional(),
});
export type CreateApiTokenInput = z.infer<typeof CreateApiTokenInput>;

export type CreatedApiToken = { id: string; token: string; name: string; scope: ApiTokenScope; prefix: string; expiresAt: Date | null };

export type ApiTokenStatus = "active" | "expired" | "revoked";

export type ApiTokenRow = {
  id: string;
  name: string;
  scope: ApiTokenScope;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  status: ApiTokenStatus;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_MS = 86_400_000;

function parseCreateInput(input: unknown): CreateApiTokenInput {
  const parsed = CreateApiTokenInput.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
  throw new ValidationError(Object.values(fieldErrors)[0] ?? "Check the form", fieldErrors);
}

function isTokenScope(value: string): value is ApiTokenScope {
  return (API_TOKEN_SCOPES as readonly string[]).includes(value);
}

function statusOf(row: { expiresAt: Date | null; revokedAt: Date | null }, now: Date): ApiTokenStatus {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && row.expiresAt <= now) return "expired";
  return "active";
}

/** A new token of the scope's workspace; the returned `token` is the only time it exists in clear. */
export async function createApiToken(scope: Scope, input: unknown, db: Db = getDb(), now = new Date()): Promise<CreatedApiToken> {
  assertCan(scope, "manage");
  const { name, scope: tokenScope, expiresInDays } = parseCreateInput(input);
  const { token, hash } = newToken("api");
  const prefix = token.slice(0, PREFIX_CHARS);
  const expiresAt = expiresInDays === undefined ? null : new Date(now.getTime() + expiresInDays * DAY_MS);
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        workspaceId: scope.workspaceId,
        name,
        tokenHash: hash,
        prefix,
        scope: tokenScope,
        createdById: scope.actor.kind === "user" ? scope.actor.userId : null,
        // One clock for both, so the lifetime is exactly expiresInDays.
        createdAt: now,
        expiresAt,
      },
      select: { id: true },
    });
    await recordAudit(tx, scope, "token.create", name, { id: created.id, scope: tokenScope, prefix, expiresAt: expiresAt?.toISOString() ?? null });
    return created;
  });
  return { id: row.id, token, name, scope: tokenScope, prefix, expiresAt };
}

/** Every token of the workspace, newest first, revoked and expired ones included; never the secret. */
export async function listApiTokens(scope: Scope, db: Db = getDb(), now = new Date()): Promise<ApiTokenRow[]> {
  assertCan(scope, "read");
  const rows = await db.apiToken.findMany({
    where: { workspaceId: scope.workspaceId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, name: true, scope: true, prefix: true, createdAt: true, expiresAt: true, lastUsedAt: true, revokedAt: true },
  });
  return rows.map((r) => ({ ...r, scope: isTokenScope(r.scope) ? r.scope : "read", status: statusOf(r, now) }));
}

/** Revokes a token at once (its next request is 401). Revoking a revoked token changes nothing. */
export async function revokeApiToken(scope: Scope, id: string, db: Db = getDb()): Promise<void> {
  assertCan(scope, "manage");
  if (!UUID.test(id)) throw new NotFoundError("No such API token in this workspace");
  await db.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({ where: { id: id.toLowerCase(), workspaceId: scope.workspaceId }, select: { id: true, name: true, revokedAt: true } });
    if (!token) throw new NotFoundError("No such API token in this workspace");
    if (token.revokedAt) return;
    await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, scope, "token.revoke", token.name, { id: token.id });
  });
}

/**
 * The scope a bearer token acts with, or UnauthenticatedError for anything that is not a live
 * token of ours (junk, unknown, revoked, expired). The messages name the state, not the workspace:
 * whoever holds the token already knows it, and nobody else learns anything.
 */
export async function authenticateApiToken(bearer: string, db: Db = getDb(), now = new Date()): Promise<Scope> {
  if (!looksLikeToken(bearer, "api")) throw new UnauthenticatedError("That is not a mailposture API token");
  const token = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(bearer) },
    select: { id: true, name: true, workspaceId: true, scope: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
  });
  if (!token || !isTokenScope(token.scope)) throw new UnauthenticatedError("Unknown API token");
  const status = statusOf(token, now);
  if (status === "revoked") throw new UnauthenticatedError("This API token was revoked");
  if (status === "expired") throw new UnauthenticatedError("This API token has expired");
  const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!token.lastUsedAt || token.lastUsedAt < stale) {
    // Conditional, so concurrent requests of one token refresh it once, not once each.
    await db.apiToken.updateMany({ where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: stale } }] }, data: { lastUsedAt: now } });
  }
  return { workspaceId: token.workspaceId, role: ROLE_OF[token.scope], actor: { kind: "token", tokenId: token.id, name: token.name } };
}
