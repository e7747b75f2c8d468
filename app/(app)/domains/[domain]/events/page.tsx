import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DomainTabs } from "@/components/domains/domain-tabs";
import { EventTimeline } from "@/components/events/event-timeline";
import { intervalLabel, NextScanTime, ScheduleForm } from "@/components/events/schedule-form";
import { Card, EmptyState } from "@/components/ui/card";
import Link from "next/link";
import { requireViewer } from "@/app/_auth/viewer";
import { roleCan } from "@/lib/services/access/roles";
import { NotFoundError } from "@/lib/services/errors";
import { getDomainSchedule, listEvents } from "@/lib/services/monitoring/settings";
import { saveDomainSchedule } from "../../../settings/actions";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ domain: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Events · ${decodeURIComponent((await params).domain)}` };
}

export default async function DomainEventsPage({ params, searchParams }: Props) {
  const name = decodeURIComponent((await params).domain).toLowerCase();
  const sp = await searchParams;
  const before = typeof sp.before === "string" ? sp.before : undefined;
  const { scope } = await requireViewer(`/domains/${encodeURIComponent(name)}/events`);
  const [page, schedule] = await Promise.all([listEvents(scope, { domain: name, before }), getDomainSchedule(scope, name)]).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const now = new Date();
  const base = `/domains/${encodeURIComponent(name)}/events`;
  const error = typeof sp.error === "string" ? sp.error : null;
  return (
    <div className="space-y-6">
      <DomainTabs domain={name} active="events" />
      <header>
        <h1 className="text-2xl font-semibold">
          Events of <span className="font-mono [overflow-wrap:anywhere]">{name}</span>
        </h1>
        <p className="text-sm text-slate-600">Changes found between consecutive scans, newest first.</p>
      </header>

      <Card labelledBy="schedule-h">
        <h2 id="schedule-h" className="text-base font-semibold">Rescan schedule</h2>
        <p className="mb-3 text-sm text-slate-600">
          {schedule.effectiveSeconds === 0 ? "Not rescanned automatically" : `Rescanned ${intervalLabel(schedule.effectiveSeconds)}`}
          {schedule.domainSeconds === null ? ` (the workspace default, set in ` : " (set for this domain; workspace default in "}
          <Link href="/settings" className="text-blue-700 underline">Settings</Link>)
          {schedule.effectiveSeconds > 0 && schedule.nextScanAt ? (
            <>
              {". Next: "}
              <NextScanTime at={schedule.nextScanAt} now={now} />
            </>
          ) : null}
          .
        </p>
        {error ? <p role="alert" className="mb-2 text-sm text-red-800">{error}</p> : null}
        {sp.saved === "schedule" ? <p role="status" className="mb-2 text-sm text-green-800">Schedule saved.</p> : null}
        {roleCan(scope.role, "manage") ? (
          <ScheduleForm action={saveDomainSchedule} seconds={schedule.domainSeconds} defaultLabel={`Workspace default (${intervalLabel(schedule.workspaceSeconds)})`} hidden={{ domain: name }} />
        ) : null}
      </Card>

      {page.events.length === 0 ? (
        <EmptyState title={before ? "No older events" : "No events yet"}>Events appear when a rescan finds that something changed since the scan before it.</EmptyState>
      ) : (
        <section aria-label="Event timeline" className="rounded-lg border border-slate-200 bg-white">
          <EventTimeline events={page.events} now={now} showDomain={false} />
          {page.olderCursor || before ? (
            <nav aria-label="Event pages" className="no-print flex justify-between border-t border-slate-200 px-4 py-3 text-sm">
              {before ? <Link href={base} className="text-blue-700 hover:underline">Newest events</Link> : <span />}
              {page.olderCursor ? <Link href={`${base}?before=${page.olderCursor}`} className="text-blue-700 hover:underline">Older events</Link> : null}
            </nav>
          ) : null}
        </section>
      )}
    </div>
  );
}
