"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actionScope } from "@/app/_auth/viewer";
import { runAction } from "@/lib/actions";
import { revokeShareLink } from "@/lib/services/sharing/share-links";

const PAGE = "/settings/share-links";

/** A row's Revoke button (works without JavaScript): back to the list with the outcome in the query. */
export async function revokeShareLinkFromForm(form: FormData): Promise<void> {
  const id = form.get("id");
  const result = await runAction(async () => revokeShareLink(await actionScope(), typeof id === "string" ? id : ""));
  revalidatePath(PAGE);
  const q = new URLSearchParams(result.ok ? { revoked: "1" } : { error: result.message });
  if (form.get("all") === "1") q.set("all", "1");
  redirect(`${PAGE}?${q}`);
}
