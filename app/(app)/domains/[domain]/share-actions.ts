"use server";

import { revalidatePath } from "next/cache";
import { actionScope } from "@/app/_auth/viewer";
import { runAction, type ActionResult } from "@/lib/actions";
import { createShareLink } from "@/lib/services/sharing/share-links";

/** What the Share form shows after it made a link: the URL (once — only its hash is kept) and the expiry. */
export type CreatedShareView = { url: string; expiresAt: string; pinned: boolean; label: string | null };

/** "" is the default expiry; anything but digits is passed on as NaN, which the service refuses with its message. */
function daysFrom(raw: FormDataEntryValue | null): number | undefined {
  if (typeof raw !== "string" || raw.trim() === "") return undefined;
  return /^[0-9]{1,6}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
}

/** The report header's Share form: a live link, or one pinned to the scan on screen. */
export async function createShareLinkFromForm(_prev: ActionResult<CreatedShareView> | null, form: FormData): Promise<ActionResult<CreatedShareView>> {
  const result = await runAction(async () => {
    const scope = await actionScope();
    const label = form.get("label");
    const link = await createShareLink(scope, {
      domain: String(form.get("domain") ?? ""),
      scanId: form.get("target") === "scan" ? String(form.get("scanId") ?? "") : undefined,
      label: typeof label === "string" ? label : undefined,
      expiresInDays: daysFrom(form.get("expiresInDays")),
    });
    return { url: link.url, expiresAt: link.expiresAt.toISOString(), pinned: link.scanId !== null, label: link.label };
  });
  if (result.ok) revalidatePath("/settings/share-links");
  return result;
}
