import type { Metadata } from "next";
import Link from "next/link";
import { BellRing } from "lucide-react";
import { intervalLabel, ScheduleForm } from "@/components/events/schedule-form";
import { Card } from "@/components/ui/card";
import { getWorkspaceSchedule } from "@/lib/services/monitoring/settings";
import { saveWorkspaceSchedule } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SettingsPage({ searchParams }: Props) {
  const sp = await searchParams;
  const schedule = await getWorkspaceSchedule();
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
        <ScheduleForm action={saveWorkspaceSchedule} seconds={schedule.seconds} />
      </Card>
      <Card labelledBy="alerts-h">
        <h2 id="alerts-h" className="text-base font-semibold">Alerts</h2>
        <p className="mb-3 text-sm text-slate-600">Send change events by e-mail, to a signed webhook, or to a Slack or Teams channel — at once or as a daily digest.</p>
        <Link href="/settings/alerts" className="inline-flex items-center gap-1 text-sm text-blue-700 underline-offset-2 hover:underline">
          <BellRing aria-hidden className="h-4 w-4" />
          Alert channels and rules
        </Link>
      </Card>
    </div>
  );
}
