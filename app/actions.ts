"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/actions";
import { requestScan as requestScanService, type RequestScanResult } from "@/lib/services/scans/request-scan";

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
