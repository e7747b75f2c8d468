import type { Metadata } from "next";
import Link from "next/link";
import { Trash2 } from "lucide-react";
import { EVENT_KIND_LABEL } from "@/components/events/event-timeline";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { RelativeTime } from "@/components/time";
import { requireViewer } from "@/app/_auth/viewer";
import { roleCan } from "@/lib/services/access/roles";
import { listAlertChannels } from "@/lib/services/monitoring/settings";
import { createChannel, createRule, deleteChannel, deleteRule } from "../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Alerts" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const KIND_LABEL: Record<string, string> = { email: "E-mail", webhook: "Webhook (signed JSON)", slack: "Slack / Teams incoming webhook" };
const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
const field = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";

function RuleFields() {
  return (
    <>
      <label className="text-sm text-slate-700">
        <span className="mb-1 block font-medium">At least</span>
        <select name="minSeverity" defaultValue="high" className={field}>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>{s}</option>
          ))}
        </select>
      </label>
      <label className="text-sm text-slate-700">
        <span className="mb-1 block font-medium">When</span>
        <select name="mode" defaultValue="immediate" className={field}>
          <option value="immediate">Immediately</option>
          <option value="digest">Daily digest</option>
        </select>
      </label>
      <fieldset className="w-full text-sm text-slate-700">
        <legend className="mb-1 font-medium">Event kinds (none ticked: all)</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {Object.entries(EVENT_KIND_LABEL).map(([k, label]) => (
            <label key={k} className="inline-flex items-center gap-1">
              <input type="checkbox" name="kinds" value={k} /> {label}
            </label>
          ))}
        </div>
      </fieldset>
    </>
  );
}

export default async function AlertsPage({ searchParams }: Props) {
  const sp = await searchParams;
  const { scope } = await requireViewer("/settings/alerts");
  // Channel targets are credentials (webhook and Slack URLs): only those who manage alerts see them.
  if (!roleCan(scope.role, "manage")) return <AlertsNotAllowed role={scope.role} />;
  const channels = await listAlertChannels(scope);
  const now = new Date();
  const error = typeof sp.error === "string" ? sp.error : null;
  // An error of the "Add a channel" form is shown inside that form, with the type and name kept.
  const channelError = error && sp.form === "channel" ? error : null;
  const pageError = channelError ? null : error;
  const keptKind = typeof sp.kind === "string" && sp.kind in KIND_LABEL ? sp.kind : "webhook";
  const keptName = channelError && typeof sp.name === "string" ? sp.name : undefined;
  const secret = typeof sp.secret === "string" ? sp.secret : null;
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <Link href="/settings" className="text-blue-700 underline">Settings</Link> / Alerts
      </nav>
      <header>
        <h1 className="text-2xl font-semibold">Alerts</h1>
        <p className="text-sm text-slate-600">Each change event is sent once per channel whose rules it matches. A domain that keeps flapping is summarised in the daily digest instead of sending alert after alert.</p>
      </header>
      {pageError ? <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">{pageError}</p> : null}
      {secret ? (
        <div role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900">
          Channel added. Its signing secret, shown only now — receivers check <span className="font-mono">X-Mailposture-Signature</span> with it:
          <span className="mt-1 block font-mono [overflow-wrap:anywhere]">{secret}</span>
        </div>
      ) : sp.created ? <p role="status" className="text-sm text-green-800">Channel added.</p> : null}

      {channels.length === 0 ? (
        <EmptyState title="No alert channels yet">Add one below to hear about changes without opening the dashboard.</EmptyState>
      ) : (
        channels.map((c) => (
          <Card key={c.id} labelledBy={`ch-${c.id}`}>
            <div className="flex flex-wrap items-start justify-between gap-3">
              <div className="min-w-0">
                <h2 id={`ch-${c.id}`} className="text-base font-semibold">{c.name}</h2>
                <p className="text-sm text-slate-600">
                  {KIND_LABEL[c.kind] ?? c.kind} · <span className="font-mono [overflow-wrap:anywhere]">{c.target}</span>
                  {c.hasSecret ? " · signed" : ""}
                </p>
              </div>
              <form action={deleteChannel} className="no-print">
                <input type="hidden" name="id" value={c.id} />
                <button type="submit" className={buttonClass("secondary", "sm")}>
                  <Trash2 aria-hidden className="h-3.5 w-3.5" /> Remove channel
                </button>
              </form>
            </div>
            <h3 className="mt-3 text-sm font-semibold">Rules</h3>
            <ul className="mt-1 space-y-1 text-sm">
              {c.rules.map((r) => (
                <li key={r.id} className="flex flex-wrap items-center gap-2">
                  <span>
                    {r.kinds.length === 0 ? "All events" : r.kinds.map((k) => EVENT_KIND_LABEL[k] ?? k).join(", ")} of severity {r.minSeverity} or worse, {r.mode === "digest" ? "in the daily digest" : "immediately"}
                  </span>
                  <form action={deleteRule} className="no-print inline">
                    <input type="hidden" name="id" value={r.id} />
                    <button type="submit" className="text-xs text-blue-700 underline">Remove</button>
                  </form>
                </li>
              ))}
              {c.rules.length === 0 ? <li className="text-slate-600">No rules: this channel receives nothing.</li> : null}
            </ul>
            <details className="no-print mt-2">
              <summary className="cursor-pointer text-sm text-blue-700">Add a rule</summary>
              <form action={createRule} className="mt-2 flex flex-wrap items-end gap-3">
                <input type="hidden" name="channelId" value={c.id} />
                <RuleFields />
                <button type="submit" className={buttonClass("secondary")}>Add rule</button>
              </form>
            </details>
            <h3 className="mt-3 text-sm font-semibold">Recent deliveries</h3>
            {c.recent.length === 0 ? (
              <p className="text-sm text-slate-600">Nothing sent yet. An alert goes out when a rescan records an event one of these rules matches.</p>
            ) : (
              <ul className="mt-1 divide-y divide-slate-100 text-sm">
                {c.recent.map((d, i) => (
                  <li key={i} className="flex flex-wrap gap-x-3 py-1">
                    <RelativeTime date={d.at} now={now} />
                    <span className="font-medium">{d.status}{d.attempts > 1 ? ` after ${d.attempts} attempts` : ""}</span>
                    <span className="font-mono">{d.domain}</span>
                    <span className="min-w-0 [overflow-wrap:anywhere]">{d.summary}</span>
                    {d.lastError ? <span className="text-red-800 [overflow-wrap:anywhere]">last error: {d.lastError}</span> : null}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ))
      )}

      <Card labelledBy="add-h">
        <h2 id="add-h" className="text-base font-semibold">Add a channel</h2>
        {channelError ? (
          <p id="add-error" role="alert" className="mt-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
            {channelError} Nothing was added.
          </p>
        ) : null}
        <form action={createChannel} className="mt-2 flex flex-wrap items-end gap-3">
          <label className="text-sm text-slate-700">
            <span className="mb-1 block font-medium">Type</span>
            <select name="kind" defaultValue={keptKind} className={field}>
              {Object.entries(KIND_LABEL).map(([k, label]) => (
                <option key={k} value={k}>{label}</option>
              ))}
            </select>
          </label>
          <label className="text-sm text-slate-700">
            <span className="mb-1 block font-medium">Name</span>
            <input name="name" required maxLength={80} defaultValue={keptName} className={field} placeholder="Ops on-call" />
          </label>
          <label className="min-w-[min(18rem,100%)] flex-1 text-sm text-slate-700">
            <span className="mb-1 block font-medium">E-mail address or URL</span>
            <input
              name="target"
              required
              aria-invalid={channelError ? true : undefined}
              aria-describedby={channelError ? "add-error" : undefined}
              className={`${field} w-full`}
              placeholder="https://hooks.example.net/mailposture"
            />
          </label>
          <RuleFields />
          <button type="submit" className={buttonClass("primary")}>Add channel</button>
        </form>
        <p className="mt-2 text-xs text-slate-600">E-mail needs <span className="font-mono">MAILPOSTURE_SMTP_URL</span>. Webhook targets on loopback or private addresses are refused unless lab mode is on.</p>
      </Card>
    </div>
  );
}

function AlertsNotAllowed({ role }: { role: string }) {
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <Link href="/settings" className="text-blue-700 underline">Settings</Link> / Alerts
      </nav>
      <h1 className="text-2xl font-semibold">Alerts</h1>
      <EmptyState title="Alerts are managed by the workspace's owners and admins">
        Your role ({role}) can see events but not the alert channels, whose addresses and URLs are private. Ask an owner or admin to add you to a channel.
      </EmptyState>
    </div>
  );
}
