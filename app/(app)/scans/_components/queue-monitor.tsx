"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Activity, CircleX, Clock, Loader2, RefreshCw, Server, TriangleAlert, type LucideIcon } from "lucide-react";
import { buttonClass } from "@/components/ui/button";
import { formatUtcLong } from "@/lib/report/format";
import type { QueueView } from "@/lib/services/scans/list-queue";
import { QueueTable } from "./queue-table";

const POLL_MS = 2_000;
const fmt = (n: number) => n.toLocaleString("en-US");

async function fetchQueue(): Promise<QueueView> {
  const res = await fetch("/api/scans", { cache: "no-store" });
  if (!res.ok) throw new Error(`The server answered ${res.status}`);
  return (await res.json()) as QueueView;
}

const isActive = (q: QueueView | undefined) => !!q && q.counts.queued + q.counts.running > 0;

function Stat({ Icon, label, value, detail, tone = "text-slate-900" }: { Icon: LucideIcon; label: string; value: string; detail: string; tone?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3">
      <dt className="flex items-center gap-1.5 text-sm font-medium text-slate-700">
        <Icon aria-hidden className="h-4 w-4 text-slate-500" />
        {label}
      </dt>
      <dd>
        <span className={`block text-2xl font-semibold tabular-nums ${tone}`}>{value}</span>
        <span className="block text-xs text-slate-600">{detail}</span>
      </dd>
    </div>
  );
}

function Section({ id, title, count, children }: { id: string; title: string; count: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-2">
      <h2 id={id} className="text-base font-semibold text-slate-900">
        {title} <span className="font-normal text-slate-600">({count})</span>
      </h2>
      {children}
    </section>
  );
}

const Empty = ({ children }: { children: ReactNode }) => <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-3 text-sm text-slate-600">{children}</p>;

/**
 * The queue monitor (docs/ui.md §5.3 `/scans`): polls /api/scans every 2 s while anything is queued or
 * running and stops when the queue is idle; a polite status line says when it last updated.
 */
export function QueueMonitor({ initial }: { initial: QueueView }) {
  const query = useQuery({
    queryKey: ["scan-queue"],
    queryFn: fetchQueue,
    initialData: initial,
    refetchInterval: (q) => (isActive(q.state.data) ? POLL_MS : false),
    refetchIntervalInBackground: false,
  });
  const q = query.data;
  const active = isActive(q);
  // Announce only the end of a run, not every poll (docs/ui.md §8: live updates sparingly).
  const [prevActive, setPrevActive] = useState(active);
  const [announce, setAnnounce] = useState("");
  if (prevActive !== active) {
    setPrevActive(active);
    setAnnounce(active ? "" : "All scans finished. The queue is empty.");
  }

  const { queued, running, workers, failedLastDay } = q.counts;
  const now = q.generatedAt;
  const stalled = queued > 0 && running === 0;
  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-2 gap-2 sm:gap-3 lg:grid-cols-4">
        <Stat Icon={Clock} label="Queued" value={fmt(queued)} detail={queued > 0 ? "waiting for a worker" : "nothing waiting"} />
        <Stat Icon={Activity} label="Running" value={fmt(running)} detail={running > 0 ? "scanning now" : "nothing running"} />
        <Stat Icon={Server} label="Workers busy" value={fmt(workers)} detail="running a scan now (idle workers do not show here)" />
        <Stat
          Icon={CircleX}
          label="Failed"
          value={fmt(failedLastDay)}
          detail="in the last 24 hours"
          tone={failedLastDay > 0 ? "text-red-800" : "text-slate-900"}
        />
      </dl>

      <div className="flex flex-wrap items-center gap-x-3 gap-y-2 text-sm text-slate-700">
        <p className="flex flex-wrap items-center gap-x-2">
          <span>
            {active ? <Loader2 aria-hidden className="mr-1.5 inline h-4 w-4 animate-spin align-[-3px] motion-reduce:animate-none" /> : null}
            {active ? `Updating every ${POLL_MS / 1000} s while scans are queued or running.` : "The queue is idle; not updating."}
          </span>
          <span className="text-slate-500">
            Last update <time dateTime={now}>{formatUtcLong(now)}</time>
          </span>
        </p>
        <button type="button" onClick={() => void query.refetch()} disabled={query.isFetching} className={buttonClass("secondary", "sm")}>
          <RefreshCw aria-hidden className={`h-3.5 w-3.5 ${query.isFetching ? "animate-spin motion-reduce:animate-none" : ""}`} />
          Refresh
        </button>
        <span role="status" aria-live="polite" className="sr-only">
          {announce}
        </span>
      </div>
      {query.isError ? (
        <p role="alert" className="flex items-center gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <TriangleAlert aria-hidden className="h-4 w-4" />
          Lost contact with the server ({query.error.message}); showing the last data and retrying.
        </p>
      ) : null}
      {stalled ? (
        <p className="flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <TriangleAlert aria-hidden className="mt-0.5 h-4 w-4 shrink-0" />
          <span>
            {fmt(queued)} {queued === 1 ? "scan is" : "scans are"} queued but none is running. If this lasts more than a few seconds, check that a worker is running: <code className="font-mono">npm start</code> runs one in
            the web process (unless <code className="font-mono">MAILPOSTURE_INPROCESS_WORKER=0</code>), <code className="font-mono">npm run worker</code> starts more.
          </span>
        </p>
      ) : null}

      <Section id="running-h" title="Running" count={fmt(running)}>
        {q.running.length > 0 ? <QueueTable scans={q.running} now={now} caption="Scans running now" /> : <Empty>Nothing is running.</Empty>}
      </Section>
      <Section id="queued-h" title="Next in queue" count={queued > q.queued.length ? `first ${fmt(q.queued.length)} of ${fmt(queued)}` : fmt(queued)}>
        {q.queued.length > 0 ? (
          <QueueTable scans={q.queued} now={now} caption="Queued scans, next first" positionFrom={1} />
        ) : (
          <Empty>
            Nothing is waiting. Queue scans from the <Link href="/" className="text-blue-800 underline">Domains</Link> page (Rescan, Rescan selected, Rescan all).
          </Empty>
        )}
      </Section>
      <Section id="recent-h" title="Recently finished" count={q.recent.length === 0 ? "0" : `last ${fmt(q.recent.length)}`}>
        {q.recent.length > 0 ? <QueueTable scans={q.recent} now={now} caption="Recently finished scans, newest first" /> : <Empty>No scan has finished yet.</Empty>}
      </Section>
    </div>
  );
}
