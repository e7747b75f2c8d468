"use server";

/** The workspace switcher's actions: switch to one of your workspaces, or make a new one. */
import { redirect } from "next/navigation";
import { currentUser } from "@/app/_auth/viewer";
import { runAction, type ActionResult } from "@/lib/actions";
import { UnauthenticatedError } from "@/lib/services/access/roles";
import { createOwnWorkspace, findMemberWorkspace } from "@/lib/services/members/my-workspaces";
import { setWorkspaceCookie } from "../workspaces/cookie";

export async function switchWorkspaceAction(form: FormData): Promise<void> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const result = await runAction(() => findMemberWorkspace(user.id, form.get("workspaceId")));
  // Not a member (a stale page after removal, a forged value): stay in the current workspace.
  if (result.ok) await setWorkspaceCookie(result.data.id);
  redirect("/");
}

export async function createWorkspaceAction(_prev: ActionResult<null> | null, form: FormData): Promise<ActionResult<null>> {
  const result = await runAction(async () => {
    const user = await currentUser();
    if (!user) throw new UnauthenticatedError("Your session has ended: sign in again. Nothing was created.");
    const workspace = await createOwnWorkspace(user, form.get("name"));
    await setWorkspaceCookie(workspace.id);
    return null;
  });
  if (result.ok) redirect("/");
  return result;
}
