/**
 * Workspaces and memberships: which workspaces a person belongs to and with which role, the
 * current workspace of a request, and the workspaces made before accounts existed.
 */
import type { Db } from "@/lib/db/client";
import { isRole, type Role } from "@/lib/services/access/roles";
import type { Scope } from "@/lib/services/access/scope";
import { ValidationError } from "@/lib/services/errors";

export const DEFAULT_WORKSPACE_SLUG = "default";

export type WorkspaceSummary = { id: string; slug: string; name: string; role: Role };

/**
 * The workspace an installation had before accounts (and the CLI's default); created on first
 * use. INSERT … ON CONFLICT makes concurrent first requests safe (an upsert would race on the slug).
 */
export async function getDefaultWorkspace(db: Db): Promise<{ id: string; slug: string; name: string }> {
  await db.$executeRaw`INSERT INTO "Workspace" (id, slug, name) VALUES (gen_random_uuid(), ${DEFAULT_WORKSPACE_SLUG}, 'Default workspace') ON CONFLICT (slug) DO NOTHING`;
  return db.workspace.findUniqueOrThrow({ where: { slug: DEFAULT_WORKSPACE_SLUG }, select: { id: true, slug: true, name: true } });
}

export async function listUserWorkspaces(db: Db, userId: string): Promise<WorkspaceSummary[]> {
  const rows = await db.membership.findMany({
    where: { userId },
    include: { workspace: { select: { id: true, slug: true, name: true } } },
    orderBy: [{ workspace: { name: "asc" } }, { createdAt: "asc" }],
  });
  return rows.filter((r) => isRole(r.role)).map((r) => ({ ...r.workspace, role: r.role as Role }));
}

/**
 * The request's scope: the preferred workspace (the switcher's choice) when the user is a member
 * of it, else their first workspace; null when they belong to none.
 */
export async function resolveUserScope(
  db: Db,
  user: { id: string; name: string },
  preferredWorkspaceId?: string,
): Promise<{ scope: Scope; workspace: WorkspaceSummary; workspaces: WorkspaceSummary[] } | null> {
  const workspaces = await listUserWorkspaces(db, user.id);
  const workspace = workspaces.find((w) => w.id === preferredWorkspaceId) ?? workspaces[0];
  if (!workspace) return null;
  return { scope: { workspaceId: workspace.id, role: workspace.role, actor: { kind: "user", userId: user.id, name: user.name } }, workspace, workspaces };
}

/** A URL-safe slug from a name, unique among workspaces (`acme`, `acme-2`, …). */
async function uniqueSlug(db: Db, name: string): Promise<string> {
  const base =
    name
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "workspace";
  for (let i = 1; ; i++) {
    const slug = i === 1 ? base : `${base}-${i}`;
    if (!(await db.workspace.findUnique({ where: { slug }, select: { id: true } }))) return slug;
  }
}

export function parseWorkspaceName(input: unknown): string {
  const name = typeof input === "string" ? input.trim() : "";
  if (name.length < 1 || name.length > 80) throw new ValidationError("Name the workspace (1 to 80 characters)", { name: "Name the workspace (1 to 80 characters)" });
  return name;
}

/** A new workspace; `ownerId` becomes its owner. */
export async function createWorkspace(db: Db, nameInput: unknown, ownerId?: string): Promise<{ id: string; slug: string; name: string }> {
  const name = parseWorkspaceName(nameInput);
  for (let attempt = 0; ; attempt++) {
    const slug = await uniqueSlug(db, name);
    try {
      return await db.workspace.create({
        data: { slug, name, ...(ownerId ? { members: { create: { userId: ownerId, role: "owner" } } } : {}) },
        select: { id: true, slug: true, name: true },
      });
    } catch (err) {
      // Two creations raced to one slug: take the next one.
      if (attempt < 3 && (err as { code?: string }).code === "P2002") continue;
      throw err;
    }
  }
}

/** The workspace with this name or slug (the CLI's `--workspace`), created when none matches. */
export async function findOrCreateWorkspace(db: Db, nameOrSlug: string): Promise<{ id: string; slug: string; name: string; created: boolean }> {
  const found = await db.workspace.findFirst({ where: { OR: [{ slug: nameOrSlug }, { name: nameOrSlug }] }, select: { id: true, slug: true, name: true }, orderBy: { createdAt: "asc" } });
  if (found) return { ...found, created: false };
  return { ...(await createWorkspace(db, nameOrSlug)), created: true };
}

/**
 * Gives `userId` the owner role in every workspace without members: the data of an installation
 * from before accounts (and workspaces the CLI created before it) lands with the first account.
 * When there is no workspace at all, the first account gets the default one.
 */
export async function claimOwnerlessWorkspaces(db: Db, userId: string): Promise<number> {
  // Only the first account: an invitee must never inherit workspaces nobody gave them.
  if ((await db.user.count()) !== 1) return 0;
  const claimed = await db.$executeRaw`
    INSERT INTO "Membership" ("workspaceId", "userId", role)
    SELECT w.id, ${userId}::uuid, 'owner' FROM "Workspace" w
    WHERE NOT EXISTS (SELECT 1 FROM "Membership" m WHERE m."workspaceId" = w.id)
    ON CONFLICT DO NOTHING`;
  if (claimed === 0 && (await db.membership.count({ where: { userId } })) === 0) {
    await getDefaultWorkspace(db);
    return claimOwnerlessWorkspaces(db, userId);
  }
  return claimed;
}
