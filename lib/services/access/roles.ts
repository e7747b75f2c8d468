/**
 * Roles and what each may do (docs/teams.md). Pure: the table is unit-tested, and every service
 * that changes state asks `assertCan` before it touches the database.
 */
import { ServiceError } from "@/lib/services/errors";

export const ROLES = ["owner", "admin", "editor", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/**
 * - read: see the workspace's reports, history, events, share links' list
 * - write: add, rescan, tag and delete domains
 * - share: create and revoke share links
 * - manage: members, invitations, API tokens, alerts, schedules, the audit log
 * - own: rename or delete the workspace, change owners
 */
export type Permission = "read" | "write" | "share" | "manage" | "own";

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  owner: new Set(["read", "write", "share", "manage", "own"]),
  admin: new Set(["read", "write", "share", "manage"]),
  editor: new Set(["read", "write", "share"]),
  viewer: new Set(["read"]),
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function roleCan(role: Role, permission: Permission): boolean {
  return GRANTS[role].has(permission);
}

/** A member without the permission: 403 (they may know the object exists; strangers get 404). */
export class ForbiddenError extends ServiceError {
  constructor(message: string) {
    super("FORBIDDEN", message);
  }
}

/** The caller is not signed in or presented no valid token: 401. */
export class UnauthenticatedError extends ServiceError {
  constructor(message = "Sign in first") {
    super("UNAUTHENTICATED", message);
  }
}

const VERB: Record<Permission, string> = {
  read: "see this workspace",
  write: "add, rescan or delete domains",
  share: "create or revoke share links",
  manage: "manage members, tokens and alerts",
  own: "change the workspace itself",
};

export function assertRoleCan(role: Role, permission: Permission): void {
  if (!roleCan(role, permission)) throw new ForbiddenError(`Your role (${role}) cannot ${VERB[permission]} here.`);
}
