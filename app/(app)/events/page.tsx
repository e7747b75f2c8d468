import type { Metadata } from "next";
import Link from "next/link";
import { Settings } from "lucide-react";
import { EventTimeline } from "@/components/events/event-timeline";
import { EmptyState } from "@/components/ui/card";
import { requireViewer } from "@/app/_auth/viewer";
import { listEvents } from "@/lib/services/monitoring/settings";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Events" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function EventsPage({ searchParams }: Props) {
  const sp = await searchParams;
  const before = typeof sp.before === "string" ? sp.before : undefined;
  const { scope } = await requireViewer("/events");
  const page = await listEvents(scope, { before });
  const now = new Date();
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Events</h1>
          <p className="text-sm text-slate-600">What changed between consecutive scans of your domains, newest first. Each event links to the comparison of the two scans.</p>
        </div>
        <Link href="/settings/alerts" className="no-print inline-flex items-center gap-1 text-sm text-blue-700 underline-offset-2 hover:underline">
          <Settings aria-hidden className="h-4 w-4" />
          Alerts and schedules
        </Link>
      </header>
      {page.events.length === 0 ? (
        <EmptyState title={before ? "No older events" : "No events yet"}>
          Events appear when a rescan finds a change: a lower grade, a new critical or high finding, an MX or MTA-STS change, a certificate close to expiry, a key no TLSA record matches, DNSSEC turning bogus or a weaker DMARC policy.
        </EmptyState>
      ) : (
        <section aria-label="Event timeline" className="rounded-lg border border-slate-200 bg-white">
          <EventTimeline events={page.events} now={now} showDomain />
          {page.olderCursor || before ? (
            <nav aria-label="Event pages" className="no-print flex justify-between border-t border-slate-200 px-4 py-3 text-sm">
              {before ? <Link href="/events" className="text-blue-700 hover:underline">Newest events</Link> : <span />}
              {page.olderCursor ? <Link href={`/events?before=${page.olderCursor}`} className="text-blue-700 hover:underline">Older events</Link> : null}
            </nav>
          ) : null}
        </section>
      )}
    </div>
  );
}
