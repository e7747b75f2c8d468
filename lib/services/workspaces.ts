import type { Db } from "@/lib/db/client";

export const DEFAULT_WORKSPACE_SLUG = "default";

/**
 * The workspace every domain belongs to until accounts arrive; created on first use. INSERT … ON
 * CONFLICT makes concurrent first requests safe (an upsert would race on the unique slug).
 */
export async function getDefaultWorkspace(db: Db): Promise<{ id: string; slug: string; name: string }> {
  await db.$executeRaw`INSERT INTO "Workspace" (id, slug, name) VALUES (gen_random_uuid(), ${DEFAULT_WORKSPACE_SLUG}, 'Default workspace') ON CONFLICT (slug) DO NOTHING`;
  return db.workspace.findUniqueOrThrow({ where: { slug: DEFAULT_WORKSPACE_SLUG }, select: { id: true, slug: true, name: true } });
}
