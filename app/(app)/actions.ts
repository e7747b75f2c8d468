"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actionScope } from "@/app/_auth/viewer";
import { runAction, type ActionResult } from "@/lib/actions";
import { addDomains, type AddDomainsResult } from "@/lib/services/domains/add-domains";
import { addTagToDomains, removeTagFromDomains, setDomainTags } from "@/lib/services/domains/tag-domains";
import { requestScan as requestScanService, type RequestScanResult } from "@/lib/services/scans/request-scan";
import { requestScans, type RequestScansResult } from "@/lib/services/scans/request-scans";

/** Adds a domain if needed and queues its scan; the caller then follows the scan's progress. */
export async function requestScan(domain: string): Promise<ActionResult<RequestScanResult>> {
  const result = await runAction(async () => requestScanService(await actionScope(), { domain }));
  if (result.ok) revalidatePath("/");
  return result;
}

/**
 * A plain form's "Rescan" (the history page): queues the scan and opens the domain's page, which
 * follows its progress; a refusal (quota, role) is shown there by the page's own status.
 */
export async function rescanAndOpen(form: FormData): Promise<void> {
  const result = await requestScan(String(form.get("domain") ?? ""));
  redirect(`/domains/${encodeURIComponent(result.ok ? result.data.domain : String(form.get("domain") ?? ""))}`);
}

/** Form variant (works without JavaScript): on success, go to the domain's page. */
export async function requestScanFromForm(_prev: ActionResult<RequestScanResult> | null, form: FormData): Promise<ActionResult<RequestScanResult>> {
  const result = await requestScan(String(form.get("domain") ?? ""));
  if (result.ok) redirect(`/domains/${encodeURIComponent(result.data.domain)}`);
  return result;
}

/** A pasted or uploaded list: one result per line; present domains are rescanned only when asked. */
export async function addDomainsFromForm(_prev: ActionResult<AddDomainsResult> | null, form: FormData): Promise<ActionResult<AddDomainsResult>> {
  const text = form.get("domains");
  const rescanExisting = form.get("rescanExisting") === "on";
  const result = await runAction(async () => addDomains(await actionScope(), typeof text === "string" ? text : "", { rescanExisting }));
  if (result.ok) {
    revalidatePath("/");
    revalidatePath("/scans");
  }
  return result;
}

/**
 * The table's rescan form: a row's own button submits `one=<domain>`; "Rescan selected" submits
 * every checked `domain`. Domains with a scan already queued or running are skipped.
 */
export async function rescanFromForm(_prev: ActionResult<RequestScansResult> | null, form: FormData): Promise<ActionResult<RequestScansResult>> {
  const one = form.get("one");
  const names = typeof one === "string" && one !== "" ? [one] : form.getAll("domain").filter((v): v is string => typeof v === "string");
  const result = await runAction(async () => requestScans(await actionScope(), names));
  if (result.ok) {
    revalidatePath("/");
    revalidatePath("/scans");
  }
  return result;
}

/** "Rescan all": queues every domain of the workspace that has no active scan. */
export async function rescanAll(_prev: ActionResult<RequestScansResult> | null, _form: FormData): Promise<ActionResult<RequestScansResult>> {
  const result = await runAction(async () => requestScans(await actionScope(), "all"));
  if (result.ok) {
    revalidatePath("/");
    revalidatePath("/scans");
  }
  return result;
}

export type TagSelectedResult = { tag: string; mode: "add" | "remove"; changed: string[]; full: string[] };

/**
 * The table's "Tag selected…": adds (or, with `tagMode=remove`, removes) the typed `tag` on every
 * checked `domain`.
 */
export async function tagSelectedFromForm(_prev: ActionResult<TagSelectedResult> | null, form: FormData): Promise<ActionResult<TagSelectedResult>> {
  const names = form.getAll("domain").filter((v): v is string => typeof v === "string");
  const tag = form.get("tag");
  const remove = form.get("tagMode") === "remove";
  const result = await runAction(async (): Promise<TagSelectedResult> => {
    const scope = await actionScope();
    if (remove) {
      const r = await removeTagFromDomains(scope, names, tag);
      return { tag: r.tag, mode: "remove", changed: r.untagged, full: [] };
    }
    const r = await addTagToDomains(scope, names, tag);
    return { tag: r.tag, mode: "add", changed: r.tagged, full: r.full };
  });
  if (result.ok) revalidatePath("/");
  return result;
}

/** The domain page's tag editor: the whole set, comma-separated (works without JavaScript). */
export async function setDomainTagsFromForm(_prev: ActionResult<{ domain: string; tags: string[] }> | null, form: FormData): Promise<ActionResult<{ domain: string; tags: string[] }>> {
  const domain = String(form.get("domain") ?? "");
  const text = form.get("tags");
  const tags = typeof text === "string" ? text.split(",") : [];
  const result = await runAction(async () => setDomainTags(await actionScope(), domain, tags));
  if (result.ok) {
    revalidatePath(`/domains/${encodeURIComponent(result.data.domain)}`);
    revalidatePath("/");
  }
  return result;
}
