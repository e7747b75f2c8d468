/**
 * Who is asking, and in which workspace. Every service that reads or changes a workspace's data
 * takes a Scope and keys its queries by `scope.workspaceId`: another workspace's domain, scan,
 * share link or token is then simply not found (404), never "forbidden" (docs/teams.md).
 */
import { assertRoleCan, type Permission, type Role } from "./roles";

export type Actor =
  | { kind: "user"; userId: string; name: string }
  | { kind: "token"; tokenId: string; name: string }
  /** The command line on this machine (`mailposture token create`), or a test. */
  | { kind: "cli"; name: string }
  /** The scheduler and other background work. */
  | { kind: "system"; name: string };

export type Scope = {
  workspaceId: string;
  role: Role;
  actor: Actor;
};

/** Throws 403 when the scope's role lacks the permission. */
export function assertCan(scope: Scope, permission: Permission): void {
  assertRoleCan(scope.role, permission);
}

/** The audit log's actor key: `user:<id>`, `token:<id>`, `cli` or `system`. */
export function actorKey(actor: Actor): string {
  switch (actor.kind) {
    case "user":
      return `user:${actor.userId}`;
    case "token":
      return `token:${actor.tokenId}`;
    default:
      return actor.kind;
  }
}

/** A full-rights scope for the CLI, background jobs and tests acting on one workspace. */
export function systemScope(workspaceId: string, actor: Actor = { kind: "system", name: "system" }): Scope {
  return { workspaceId, role: "owner", actor };
}
