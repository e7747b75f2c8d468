"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/actions";
import { addDomains, type AddDomainsResult } from "@/lib/services/domains/add-domains";
import { requestScan as requestScanService, type RequestScanResult } from "@/lib/services/scans/request-scan";
import { requestScans, type RequestScansResult } from "@/lib/services/scans/request-scans";

/** Adds a domain if needed and queues its scan; the caller then follows the scan's progress. */
export async function requestScan(domain: string): Promise<ActionResult<RequestScanResult>> {
  const result = await runAction(() => requestScanService({ domain }));
  if (result.ok) revalidatePath("/");
  return result;
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
  const result = await runAction(() => addDomains(typeof text === "string" ? text : "", { rescanExisting }));
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
  const result = await runAction(() => requestScans(names));
  if (result.ok) {
    revalidatePath("/");
    revalidatePath("/scans");
  }
  return result;
}

/** "Rescan all": queues every domain of the workspace that has no active scan. */
export async function rescanAll(_prev: ActionResult<RequestScansResult> | null, _form: FormData): Promise<ActionResult<RequestScansResult>> {
  const result = await runAction(() => requestScans("all"));
  if (result.ok) {
    revalidatePath("/");
    revalidatePath("/scans");
  }
  return result;
}
