/**
 * The signed-in person's own workspaces: choosing one (the switcher checks membership, so a forged
 * cookie or form value names nothing) and making a new one, which they own.
 */
import { getDb, type Db } from "@/lib/db/client";
import type { Scope } from "@/lib/services/access/scope";
import { recordAudit } from "@/lib/services/audit";
import { NotFoundError } from "@/lib/services/errors";
import { createWorkspace, listUserWorkspaces, type WorkspaceSummary } from "@/lib/services/workspaces";

/** The workspace if `userId` is a member of it; another workspace is simply not found. */
export async function findMemberWorkspace(userId: string, workspaceId: unknown, db: Db = getDb()): Promise<WorkspaceSummary> {
  const found = typeof workspaceId === "string" ? (await listUserWorkspaces(db, userId)).find((w) => w.id === workspaceId) : undefined;
  if (!found) throw new NotFoundError("No such workspace among yours");
  return found;
}

/** A new workspace owned by `user`; its audit log starts with its creation. */
export async function createOwnWorkspace(user: { id: string; name: string }, nameInput: unknown, db: Db = getDb()): Promise<WorkspaceSummary> {
  const workspace = await createWorkspace(db, nameInput, user.id);
  const scope: Scope = { workspaceId: workspace.id, role: "owner", actor: { kind: "user", userId: user.id, name: user.name } };
  await recordAudit(db, scope, "workspace.create", workspace.slug, { name: workspace.name });
  return { ...workspace, role: "owner" };
}
