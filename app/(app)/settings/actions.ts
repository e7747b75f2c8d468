"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actionScope } from "@/app/_auth/viewer";
import { runAction } from "@/lib/actions";
import { EVENT_KINDS } from "@/lib/report/changes";
import { addAlertChannel, addAlertRule, removeAlertChannel, removeAlertRule, setDomainSchedule, setWorkspaceSchedule } from "@/lib/services/monitoring/settings";

/** Back to `path` with the outcome in the query string (forms work without JavaScript). */
function back(path: string, result: { ok: true } | { ok: false; message: string }, extra: Record<string, string> = {}, onError: Record<string, string> = {}): never {
  const q = new URLSearchParams(result.ok ? extra : { error: result.message, ...onError });
  redirect(q.size > 0 ? `${path}?${q}` : path);
}

const kindsOf = (form: FormData) => form.getAll("kinds").filter((k): k is string => typeof k === "string" && (EVENT_KINDS as readonly string[]).includes(k));

export async function saveWorkspaceSchedule(form: FormData): Promise<void> {
  const result = await runAction(async () => setWorkspaceSchedule(await actionScope(), { interval: form.get("interval") }));
  revalidatePath("/settings");
  back("/settings", result, result.ok ? { saved: "schedule" } : {});
}

export async function saveDomainSchedule(form: FormData): Promise<void> {
  const domain = String(form.get("domain") ?? "");
  const result = await runAction(async () => setDomainSchedule(await actionScope(), { domain, interval: form.get("interval") }));
  const path = `/domains/${encodeURIComponent(domain)}/events`;
  revalidatePath(path);
  back(path, result, result.ok ? { saved: "schedule" } : {});
}

export async function createChannel(form: FormData): Promise<void> {
  const result = await runAction(async () =>
    addAlertChannel(await actionScope(), {
      kind: form.get("kind"),
      name: form.get("name"),
      target: form.get("target"),
      minSeverity: form.get("minSeverity"),
      mode: form.get("mode"),
      kinds: kindsOf(form),
    }),
  );
  revalidatePath("/settings/alerts");
  // A webhook's signing secret is shown once, right after the channel is made.
  // On an error the message is shown beside the form with the type and name kept; the target is
  // not put in the URL, since a Slack or webhook URL is itself a credential.
  const kept = { form: "channel", kind: String(form.get("kind") ?? ""), name: String(form.get("name") ?? "").slice(0, 80) };
  back("/settings/alerts", result, result.ok ? (result.data.secret ? { created: result.data.id, secret: result.data.secret } : { created: result.data.id }) : {}, kept);
}

export async function deleteChannel(form: FormData): Promise<void> {
  const result = await runAction(async () => removeAlertChannel(await actionScope(), form.get("id")));
  revalidatePath("/settings/alerts");
  back("/settings/alerts", result);
}

export async function createRule(form: FormData): Promise<void> {
  const result = await runAction(async () => addAlertRule(await actionScope(), { channelId: form.get("channelId"), minSeverity: form.get("minSeverity"), mode: form.get("mode"), kinds: kindsOf(form) }));
  revalidatePath("/settings/alerts");
  back("/settings/alerts", result);
}

export async function deleteRule(form: FormData): Promise<void> {
  const result = await runAction(async () => removeAlertRule(await actionScope(), form.get("id")));
  revalidatePath("/settings/alerts");
  back("/settings/alerts", result);
}
