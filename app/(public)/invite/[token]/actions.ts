"use server";

/**
 * Accepting an invitation: signed in (one click), or with a new account made from the link. Both
 * switch the app to the workspace just joined.
 */
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getAuth } from "@/app/_auth/auth";
import { currentUser } from "@/app/_auth/viewer";
import { runAction, type ActionResult } from "@/lib/actions";
import { UnauthenticatedError } from "@/lib/services/access/roles";
import { ValidationError } from "@/lib/services/errors";
import { acceptInvitation } from "@/lib/services/members/invitations";
import { joinWithNewAccount } from "@/lib/services/members/join";
import { setWorkspaceCookie } from "@/app/(app)/workspaces/cookie";

const field = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

export async function acceptInvitationAction(form: FormData): Promise<void> {
  const token = field(form, "token");
  const result = await runAction(async () => {
    const user = await currentUser();
    if (!user) throw new UnauthenticatedError("Your session has ended: sign in again, then open the link again.");
    const joined = await acceptInvitation(token, user.id);
    await setWorkspaceCookie(joined.workspaceId);
  });
  if (result.ok) redirect("/");
  // A link that has just become unusable shows its not-found page; other errors show beside the button.
  redirect(`/invite/${encodeURIComponent(token)}?${new URLSearchParams({ error: result.message })}`);
}

export async function joinWithAccountAction(_prev: ActionResult<null> | null, form: FormData): Promise<ActionResult<null>> {
  const result = await runAction(async () => {
    if (field(form, "password") !== field(form, "confirm")) throw new ValidationError("The passwords differ", { confirm: "The passwords differ" });
    const account = { name: field(form, "name"), email: field(form, "email"), password: field(form, "password") };
    const joined = await joinWithNewAccount(await getAuth(), field(form, "token"), account, { headers: await headers() });
    await setWorkspaceCookie(joined.workspaceId);
    return null;
  });
  if (result.ok) redirect("/");
  return result;
}
