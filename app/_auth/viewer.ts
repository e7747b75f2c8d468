/**
 * Who is looking: the signed-in user and the current workspace (the switcher's cookie, checked
 * against their memberships). Pages call `requireViewer` (signed out → the sign-in page), server
 * actions call `actionScope` (signed out → an UNAUTHENTICATED result, never a redirect mid-action).
 */
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { UnauthenticatedError } from "@/lib/services/access/roles";
import type { Scope } from "@/lib/services/access/scope";
import { viewerScope } from "@/lib/services/auth/web";
import type { WorkspaceSummary } from "@/lib/services/workspaces";
import { getAuth } from "./auth";
import { safeNextPath } from "./next-path";
import { REQUEST_PATH_HEADER } from "@/lib/security/paths";

export const WORKSPACE_COOKIE = "mailposture.workspace";

export type SignedInUser = { id: string; name: string; email: string };

export type Viewer = {
  user: SignedInUser;
  scope: Scope;
  workspace: WorkspaceSummary;
  workspaces: WorkspaceSummary[];
};

/** The session's user, or null; one lookup per request however many components ask. */
export const currentUser = cache(async (): Promise<SignedInUser | null> => {
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: await headers() });
  if (!session) return null;
  return { id: session.user.id, name: session.user.name, email: session.user.email };
});

/** The viewer, or null when signed out or a member of no workspace. */
export const currentViewer = cache(async (): Promise<Viewer | null> => {
  const user = await currentUser();
  if (!user) return null;
  const preferred = (await cookies()).get(WORKSPACE_COOKIE)?.value;
  const resolved = await viewerScope(user, preferred);
  if (!resolved) return null;
  return { user, ...resolved };
});

/** For pages: the viewer, or a redirect to sign in (then back to `here`) or to the no-workspace page. */
export async function requireViewer(here?: string): Promise<Viewer> {
  const viewer = await currentViewer();
  if (viewer) return viewer;
  if (await currentUser()) redirect("/welcome");
  const back = safeNextPath(here ?? (await headers()).get(REQUEST_PATH_HEADER));
  redirect(back !== "/" ? `/sign-in?next=${encodeURIComponent(back)}` : "/sign-in");
}

/** For server actions and route handlers: the scope, or UNAUTHENTICATED. */
export async function actionScope(): Promise<Scope> {
  const viewer = await currentViewer();
  if (!viewer) throw new UnauthenticatedError("Your session has ended: sign in again. Nothing was changed.");
  return viewer.scope;
}
