/** Scopes for integration tests: the default workspace with full rights, or any workspace and role. */
import type { Db } from "../../lib/db/client";
import type { Role } from "../../lib/services/access/roles";
import { systemScope, type Scope } from "../../lib/services/access/scope";
import { getDefaultWorkspace } from "../../lib/services/workspaces";

/** An owner's scope in the database's default workspace (where the seed helpers put their rows). */
export async function defaultScope(db: Db): Promise<Scope> {
  return systemScope((await getDefaultWorkspace(db)).id);
}

/** A person's scope with the given role in a workspace (the user need not exist: services only read the ids). */
export function roleScope(workspaceId: string, role: Role): Scope {
  return { workspaceId, role, actor: { kind: "user", userId: "00000000-0000-4000-8000-000000000001", name: `test ${role}` } };
}
