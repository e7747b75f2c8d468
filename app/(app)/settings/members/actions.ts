"use server";

/** Members and invitations: each action parses the form, calls one service, and maps its error. */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actionScope } from "@/app/_auth/viewer";
import { runAction, type ActionResult } from "@/lib/actions";
import { changeMemberRole, removeMember } from "@/lib/services/members";
import { createInvitation, revokeInvitation } from "@/lib/services/members/invitations";

const PATH = "/settings/members";

/** Back to the page with the outcome in the query string (these forms work without JavaScript). */
function back(result: { ok: true } | { ok: false; message: string }, done: string): never {
  redirect(`${PATH}?${new URLSearchParams(result.ok ? { done } : { error: result.message })}`);
}

export type CreatedInvitation = { url: string; role: string; expiresAt: string };

/** The link is returned to the form, shown once, and never put in a URL or stored in clear. */
export async function createInvitationAction(_prev: ActionResult<CreatedInvitation> | null, form: FormData): Promise<ActionResult<CreatedInvitation>> {
  const result = await runAction(async () => {
    const made = await createInvitation(await actionScope(), { role: form.get("role"), email: form.get("email") });
    return { url: made.url, role: made.role, expiresAt: made.expiresAt.toISOString() };
  });
  if (result.ok) revalidatePath(PATH);
  return result;
}

export async function revokeInvitationAction(form: FormData): Promise<void> {
  const result = await runAction(async () => revokeInvitation(await actionScope(), form.get("id")));
  revalidatePath(PATH);
  back(result, "revoked");
}

export async function changeRoleAction(form: FormData): Promise<void> {
  const result = await runAction(async () => changeMemberRole(await actionScope(), form.get("userId"), form.get("role")));
  revalidatePath(PATH);
  back(result, "role");
}

export async function removeMemberAction(form: FormData): Promise<void> {
  const result = await runAction(async () => removeMember(await actionScope(), form.get("userId")));
  revalidatePath(PATH);
  back(result, "removed");
}
