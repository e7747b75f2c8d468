"use server";

/** Sender reports: the receiver token and uploads; each action parses the form, calls one service, and maps its error. */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actionScope } from "@/app/_auth/viewer";
import { runAction, type ActionResult } from "@/lib/actions";
import { saveMailboxSettings } from "@/lib/services/ingest/mailbox-settings";
import { createIngestToken, type CreatedIngestToken } from "@/lib/services/ingest/token";
import { uploadReports, type UploadOutcome } from "@/lib/services/ingest/upload";

const PATH = "/settings/reports";

/** The token is returned to the form, shown once, and never put in a URL or stored in clear. */
export async function createIngestTokenAction(_prev: ActionResult<CreatedIngestToken> | null, _form: FormData): Promise<ActionResult<CreatedIngestToken>> {
  const result = await runAction(async () => createIngestToken(await actionScope()));
  if (result.ok) revalidatePath(PATH);
  return result;
}

/** Every chosen file is stored and queued on its own; the form lists what became of each. */
export async function uploadReportsAction(_prev: ActionResult<UploadOutcome[]> | null, form: FormData): Promise<ActionResult<UploadOutcome[]>> {
  const result = await runAction(async () => {
    const scope = await actionScope();
    // An empty file input still sends one nameless, empty file.
    const chosen = form.getAll("files").filter((f): f is File => typeof f !== "string" && (f.size > 0 || f.name !== ""));
    const files = await Promise.all(chosen.map(async (f) => ({ filename: f.name, ...(f.type ? { contentType: f.type } : {}), bytes: Buffer.from(await f.arrayBuffer()) })));
    return uploadReports(scope, files);
  });
  if (result.ok) revalidatePath(PATH);
  return result;
}

/** Back to the page with the outcome in the query string (the form works without JavaScript); the URL's password never goes there. */
export async function saveMailboxAction(form: FormData): Promise<void> {
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  const result = await runAction(async () => saveMailboxSettings(await actionScope(), { url: text("url"), mailbox: text("mailbox"), doneMailbox: text("doneMailbox") }));
  revalidatePath(PATH);
  redirect(`${PATH}?${new URLSearchParams(result.ok ? { saved: "mailbox" } : { error: result.message })}#mailbox-h`);
}
