/** The owner's workspace as a service scope, for tests that seed through the services layer. */
import type { Db } from "../../lib/db/client";
import { systemScope, type Scope } from "../../lib/services/access/scope";
import { getDefaultWorkspace } from "../../lib/services/workspaces";

/** The first owner took over the default workspace (auth.setup.ts); tests act in it. */
export async function ownerWorkspaceScope(db: Db): Promise<Scope> {
  return systemScope((await getDefaultWorkspace(db)).id, { kind: "cli", name: "e2e" });
}
