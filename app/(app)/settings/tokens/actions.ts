"use server";

/** API tokens: each action parses the form, calls one service, and maps its error. */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actionScope } from "@/app/_auth/viewer";
import { runAction, type ActionResult } from "@/lib/actions";
import { createApiToken, revokeApiToken } from "@/lib/services/api-tokens/tokens";

const PATH = "/settings/tokens";

export type CreatedToken = { token: string; name: string; scope: string; prefix: string; expiresAt: string | null };

/** A blank expiry field means "never"; anything else goes to the service's schema as a number. */
function expiryFrom(value: FormDataEntryValue | null): { expiresInDays?: number } {
  const text = typeof value === "string" ? value.trim() : "";
  return text === "" ? {} : { expiresInDays: Number(text) };
}

/** The token is returned to the form, shown once, and never put in a URL or stored in clear. */
export async function createTokenAction(_prev: ActionResult<CreatedToken> | null, form: FormData): Promise<ActionResult<CreatedToken>> {
  const result = await runAction(async () => {
    const made = await createApiToken(await actionScope(), { name: form.get("name"), scope: form.get("scope"), ...expiryFrom(form.get("expiresInDays")) });
    return { token: made.token, name: made.name, scope: made.scope, prefix: made.prefix, expiresAt: made.expiresAt?.toISOString() ?? null };
  });
  if (result.ok) revalidatePath(PATH);
  return result;
}

/** Back to the page with the outcome in the query string (the form works without JavaScript). */
export async function revokeTokenAction(form: FormData): Promise<void> {
  const id = form.get("id");
  const result = await runAction(async () => revokeApiToken(await actionScope(), typeof id === "string" ? id : ""));
  revalidatePath(PATH);
  redirect(`${PATH}?${new URLSearchParams(result.ok ? { revoked: "1" } : { error: result.message })}`);
}
