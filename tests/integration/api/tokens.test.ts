/**
 * API tokens (lib/services/api-tokens/tokens.ts): only a hash at rest, the role a token acts
 * with, expiry, revocation, the coarse lastUsedAt, and the bearer check of the route handlers
 * (401 with WWW-Authenticate, 403 for a read token on a write route). Each test file owns a
 * workspace of its own and deletes it at the end.
 */
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ForbiddenError, UnauthenticatedError } from "@/lib/services/access/roles";
import { systemScope, type Scope } from "@/lib/services/access/scope";
import { authenticateApiToken, createApiToken, LAST_USED_RESOLUTION_MS, listApiTokens, revokeApiToken } from "@/lib/services/api-tokens/tokens";
import { NotFoundError, ValidationError } from "@/lib/services/errors";
import { createWorkspace } from "@/lib/services/workspaces";
import { openTestDb } from "../../helpers/db";

process.env.DATABASE_URL = inject("databaseUrl");

const db = openTestDb();
let owner: Scope;
let other: Scope;
let domainsRoute: { GET: (req: Request) => Promise<Response>; POST: (req: Request) => Promise<Response> };

beforeAll(async () => {
  owner = systemScope((await createWorkspace(db, `tokens ${randomBytes(4).toString("hex")}`)).id);
  other = systemScope((await createWorkspace(db, `tokens other ${randomBytes(4).toString("hex")}`)).id);
  domainsRoute = await import("../../../app/api/v1/domains/route");
});
afterAll(async () => {
  await db.workspace.deleteMany({ where: { id: { in: [owner.workspaceId, other.workspaceId] } } });
  await db.$disconnect();
});

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe("createApiToken", () => {
  it("returns the token once and stores only its SHA-256", async () => {
    const created = await createApiToken(owner, { name: "ci", scope: "read" }, db);
    expect(created.token).toMatch(/^mp_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, 10));
    expect(created.expiresAt).toBeNull();
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(created.token).digest("hex"));
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    // No column holds the token or its secret part.
    expect(JSON.stringify(row)).not.toContain(created.token.slice(10));
    const audit = await db.auditEntry.findFirst({ where: { workspaceId: owner.workspaceId, action: "token.create", target: "ci" } });
    expect(audit).toMatchObject({ actor: "system" });
    expect(JSON.stringify(audit?.detail)).not.toContain(created.token.slice(10));
  });

  it("sets the expiry from expiresInDays", async () => {
    const now = new Date("2026-12-01T00:00:00.000Z");
    const created = await createApiToken(owner, { name: "short", scope: "write", expiresInDays: 7 }, db, now);
    expect(created.expiresAt?.toISOString()).toBe("2026-12-08T00:00:00.000Z");
  });

  it.each([
    ["an empty name", { name: "  ", scope: "read" }, "name"],
    ["an unknown scope", { name: "x", scope: "admin" }, "scope"],
    ["a fractional expiry", { name: "x", scope: "read", expiresInDays: 1.5 }, "expiresInDays"],
    ["a zero expiry", { name: "x", scope: "read", expiresInDays: 0 }, "expiresInDays"],
  ])("refuses %s", async (_what, input, field) => {
    const err = await createApiToken(owner, input, db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fieldErrors).toHaveProperty(field);
  });

  it("needs the manage permission: an editor or viewer gets 403", async () => {
    for (const role of ["editor", "viewer"] as const) {
      await expect(createApiToken({ ...owner, role }, { name: "nope", scope: "read" }, db)).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(await db.apiToken.count({ where: { workspaceId: owner.workspaceId, name: "nope" } })).toBe(0);
  });
});

describe("authenticateApiToken", () => {
  it("gives a read token the viewer role and a write token the editor role, in the token's workspace", async () => {
    const read = await createApiToken(owner, { name: "reader", scope: "read" }, db);
    const write = await createApiToken(owner, { name: "writer", scope: "write" }, db);
    expect(await authenticateApiToken(read.token, db)).toEqual({ workspaceId: owner.workspaceId, role: "viewer", actor: { kind: "token", tokenId: read.id, name: "reader" } });
    expect(await authenticateApiToken(write.token, db)).toMatchObject({ workspaceId: owner.workspaceId, role: "editor" });
  });

  it.each([
    ["junk", "hello"],
    ["another kind of token", `inv_${randomBytes(32).toString("base64url")}`],
    ["a well-formed token nobody made", `mp_${randomBytes(32).toString("base64url")}`],
    ["an empty string", ""],
  ])("refuses %s", async (_what, token) => {
    await expect(authenticateApiToken(token, db)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("refuses an expired token", async () => {
    const now = new Date();
    const created = await createApiToken(owner, { name: "expiring", scope: "read", expiresInDays: 1 }, db, now);
    await expect(authenticateApiToken(created.token, db, new Date(now.getTime() + 3_600_000))).resolves.toMatchObject({ role: "viewer" });
    await expect(authenticateApiToken(created.token, db, new Date(now.getTime() + 86_400_000 + 1))).rejects.toThrow(/expired/);
  });

  it("refreshes lastUsedAt at most once a minute", async () => {
    const created = await createApiToken(owner, { name: "used", scope: "read" }, db);
    const lastUsed = async () => (await db.apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt?.toISOString() ?? null;
    expect(await lastUsed()).toBeNull();
    const t0 = new Date("2030-01-01T00:00:00.000Z");
    await authenticateApiToken(created.token, db, t0);
    expect(await lastUsed()).toBe(t0.toISOString());
    // Within the minute: no write.
    await authenticateApiToken(created.token, db, new Date(t0.getTime() + LAST_USED_RESOLUTION_MS - 1000));
    expect(await lastUsed()).toBe(t0.toISOString());
    const later = new Date(t0.getTime() + LAST_USED_RESOLUTION_MS + 1000);
    await authenticateApiToken(created.token, db, later);
    expect(await lastUsed()).toBe(later.toISOString());
  });
});

describe("revokeApiToken and listApiTokens", () => {
  it("revokes at once: the next request is 401", async () => {
    const created = await createApiToken(owner, { name: "revoked", scope: "read" }, db);
    expect((await domainsRoute.GET(new Request("http://localhost/api/v1/domains", bearer(created.token)))).status).toBe(200);
    await revokeApiToken(owner, created.id, db);
    await expect(authenticateApiToken(created.token, db)).rejects.toThrow(/revoked/);
    const res = await domainsRoute.GET(new Request("http://localhost/api/v1/domains", bearer(created.token)));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: "UNAUTHENTICATED" });
    // Revoking twice changes nothing and writes one audit entry.
    await revokeApiToken(owner, created.id, db);
    expect(await db.auditEntry.count({ where: { workspaceId: owner.workspaceId, action: "token.revoke", target: "revoked" } })).toBe(1);
  });

  it("another workspace's token, a malformed id and an unknown id are not found; a viewer is forbidden", async () => {
    const created = await createApiToken(owner, { name: "mine", scope: "write" }, db);
    await expect(revokeApiToken(other, created.id, db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(revokeApiToken(owner, "not-a-uuid", db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(revokeApiToken(owner, "00000000-0000-4000-8000-000000000000", db)).rejects.toBeInstanceOf(NotFoundError);
    await expect(revokeApiToken({ ...owner, role: "viewer" }, created.id, db)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(authenticateApiToken(created.token, db)).resolves.toMatchObject({ workspaceId: owner.workspaceId });
  });

  it("lists the workspace's tokens with their state, never a secret", async () => {
    const created = await createApiToken(owner, { name: "listed", scope: "write" }, db);
    const rows = await listApiTokens(owner, db);
    const row = rows.find((r) => r.id === created.id);
    expect(row).toMatchObject({ name: "listed", scope: "write", prefix: created.prefix, status: "active", revokedAt: null });
    expect(Object.keys(row!).sort()).toEqual(["createdAt", "expiresAt", "id", "lastUsedAt", "name", "prefix", "revokedAt", "scope", "status"]);
    expect(rows.find((r) => r.name === "revoked")?.status).toBe("revoked");
    expect((await listApiTokens(other, db)).some((r) => r.id === created.id)).toBe(false);
  });
});

describe("bearer authentication of /api/v1", () => {
  it.each([
    ["no Authorization header", undefined],
    ["another scheme", "Basic dXNlcjpwYXNz"],
    ["an unknown token", `Bearer mp_${randomBytes(32).toString("base64url")}`],
    ["a bare token without the scheme", `mp_${randomBytes(32).toString("base64url")}`],
  ])("%s is 401 with WWW-Authenticate: Bearer", async (_what, authorization) => {
    const res = await domainsRoute.GET(new Request("http://localhost/api/v1/domains", authorization ? { headers: { authorization } } : {}));
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ error: expect.any(String), code: "UNAUTHENTICATED" });
  });

  it("accepts the scheme in any case (RFC 9110 §11.1)", async () => {
    const created = await createApiToken(owner, { name: "case", scope: "read" }, db);
    const res = await domainsRoute.GET(new Request("http://localhost/api/v1/domains", { headers: { authorization: `bEaReR ${created.token}` } }));
    expect(res.status).toBe(200);
  });

  it("a read token on a write route is 403 and changes nothing", async () => {
    const read = await createApiToken(owner, { name: "read-only", scope: "read" }, db);
    const domain = `forbidden-${randomBytes(4).toString("hex")}.example`;
    const res = await domainsRoute.POST(new Request("http://localhost/api/v1/domains", { method: "POST", headers: { authorization: `Bearer ${read.token}` }, body: JSON.stringify({ domain }) }));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: "FORBIDDEN" });
    expect(await db.domain.count({ where: { name: domain } })).toBe(0);
  });
});
