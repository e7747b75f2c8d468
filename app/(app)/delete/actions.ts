"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actionScope } from "@/app/_auth/viewer";
import { runAction, type ActionResult } from "@/lib/actions";
import { deleteDomains } from "@/lib/services/domains/delete-domains";

/**
 * The confirmation pages' submit: deletes every `domain` of the form, then returns to the
 * portfolio with the count (works without JavaScript: a plain POST, then a redirect).
 */
export async function deleteDomainsFromForm(_prev: ActionResult<{ deleted: string[] }> | null, form: FormData): Promise<ActionResult<{ deleted: string[] }>> {
  const names = form.getAll("domain").filter((v): v is string => typeof v === "string");
  const result = await runAction(async () => deleteDomains(await actionScope(), names));
  if (!result.ok) return result;
  revalidatePath("/");
  revalidatePath("/scans");
  redirect(`/?deleted=${result.data.deleted.length}`);
}
