/**
 * The current workspace lives in a cookie: a preference, not a grant. Every request checks it
 * against the user's memberships (app/_auth/viewer.ts), so a forged value selects nothing.
 * A plain module, not a server action: only actions that have checked membership call it.
 */
import { cookies } from "next/headers";
import { WORKSPACE_COOKIE } from "@/app/_auth/viewer";
import { appOrigins } from "@/lib/security/settings";

const ONE_YEAR_SECONDS = 365 * 24 * 3600;

export async function setWorkspaceCookie(workspaceId: string): Promise<void> {
  (await cookies()).set(WORKSPACE_COOKIE, workspaceId, { httpOnly: true, sameSite: "lax", path: "/", secure: appOrigins().secure, maxAge: ONE_YEAR_SECONDS });
}
