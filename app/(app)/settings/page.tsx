import type { Metadata } from "next";
import Link from "next/link";
import { BellRing, History, Inbox, KeyRound, Link2, Users } from "lucide-react";
import { intervalLabel, ScheduleForm } from "@/components/events/schedule-form";
import { Card } from "@/components/ui/card";
import { requireViewer } from "@/app/_auth/viewer";
import { roleCan } from "@/lib/services/access/roles";
import { getWorkspaceSchedule } from "@/lib/services/monitoring/settings";
import { saveWorkspaceSchedule } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SettingsPage({ searchParams }: Props) {
  const sp = await searchParams;
  const { scope } = await requireViewer("/settings");
  const schedule = await getWorkspaceSchedule(scope);
  const error = typeof sp.error === "string" ? sp.error : null;
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Settings</h1>
        <p className="text-sm text-slate-600">How often domains are rescanned, and where changes are reported.</p>
      </header>
      <Card labelledBy="schedule-h">
        <h2 id="schedule-h" className="text-base font-semibold">Rescan schedule</h2>
        <p className="mb-3 text-sm text-slate-600">
          {schedule.seconds === 0 ? "Domains are not rescanned automatically." : `Domains are rescanned ${intervalLabel(schedule.seconds)}, spread over the interval rather than all at once.`}{" "}
          A domain can override this on its Events tab. Scheduled scans wait behind scans a person asked for.
        </p>
        {error ? <p role="alert" className="mb-2 text-sm text-red-800">{error}</p> : null}
        {sp.saved === "schedule" ? <p role="status" className="mb-2 text-sm text-green-800">Schedule saved.</p> : null}
        {roleCan(scope.role, "manage") ? (
          <ScheduleForm action={saveWorkspaceSchedule} seconds={schedule.seconds} />
        ) : (
          <p className="text-sm text-slate-600">Owners and admins change the schedule; your role here is {scope.role}.</p>
        )}
      </Card>
      <Card labelledBy="members-link-h">
        <h2 id="members-link-h" className="text-base font-semibold">Members</h2>
        <p className="mb-3 text-sm text-slate-600">Who can see and change this workspace, with which role; invite people with a one-use link.</p>
        <Link href="/settings/members" className="inline-flex items-center gap-1 text-sm text-blue-700 underline-offset-2 hover:underline">
          <Users aria-hidden className="h-4 w-4" />
          Members and invitations
        </Link>
      </Card>
      <Card labelledBy="share-links-h">
        <h2 id="share-links-h" className="text-base font-semibold">Share links</h2>
        <p className="mb-3 text-sm text-slate-600">Read-only links to a domain&apos;s report for people without an account: who opened them, and revoking them.</p>
        <Link href="/settings/share-links" className="inline-flex items-center gap-1 text-sm text-blue-700 underline-offset-2 hover:underline">
          <Link2 aria-hidden className="h-4 w-4" />
          Share links
        </Link>
      </Card>
      <Card labelledBy="tokens-link-h">
        <h2 id="tokens-link-h" className="text-base font-semibold">API tokens</h2>
        <p className="mb-3 text-sm text-slate-600">Tokens that let scripts read this workspace through the JSON API, or also add, scan and share domains.</p>
        <Link href="/settings/tokens" className="inline-flex items-center gap-1 text-sm text-blue-700 underline-offset-2 hover:underline">
          <KeyRound aria-hidden className="h-4 w-4" />
          API tokens
        </Link>
      </Card>
      <Card labelledBy="alerts-h">
        <h2 id="alerts-h" className="text-base font-semibold">Alerts</h2>
        <p className="mb-3 text-sm text-slate-600">Send change events by e-mail, to a signed webhook, or to a Slack or Teams channel — at once or as a daily digest.</p>
        <Link href="/settings/alerts" className="inline-flex items-center gap-1 text-sm text-blue-700 underline-offset-2 hover:underline">
          <BellRing aria-hidden className="h-4 w-4" />
          Alert channels and rules
        </Link>
      </Card>
      <Card labelledBy="reports-link-h">
        <h2 id="reports-link-h" className="text-base font-semibold">Sender reports</h2>
        <p className="mb-3 text-sm text-slate-600">Where the TLS-RPT and DMARC aggregate reports of the mail servers sending to your domains arrive, uploads of report files, and what became of each.</p>
        <Link href="/settings/reports" className="inline-flex items-center gap-1 text-sm text-blue-700 underline-offset-2 hover:underline">
          <Inbox aria-hidden className="h-4 w-4" />
          Sender reports
        </Link>
      </Card>
      <Card labelledBy="audit-link-h">
        <h2 id="audit-link-h" className="text-base font-semibold">Audit log</h2>
        <p className="mb-3 text-sm text-slate-600">Who added, deleted, rescanned, tagged or shared domains and who changed members, tokens or settings (owners and admins).</p>
        <Link href="/settings/audit" className="inline-flex items-center gap-1 text-sm text-blue-700 underline-offset-2 hover:underline">
          <History aria-hidden className="h-4 w-4" />
          Audit log
        </Link>
      </Card>
    </div>
  );
}
