import type { Metadata } from "next";
import { requireViewer } from "@/app/_auth/viewer";
import { listQueue } from "@/lib/services/scans/list-queue";
import { QueueMonitor } from "./_components/queue-monitor";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Scans" };

/** The scan queue (docs/ui.md §5.3): server-rendered, then kept current by the monitor while scans are active. */
export default async function ScansPage() {
  const { scope } = await requireViewer("/scans");
  const queue = await listQueue(scope);
  const active = queue.counts.queued + queue.counts.running > 0;
  return (
    <div className="space-y-5">
      {/* Without JavaScript the page reloads itself while scans are active. */}
      {active ? (
        <noscript>
          <meta httpEquiv="refresh" content="10" />
        </noscript>
      ) : null}
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Scans</h1>
        <p className="text-sm text-slate-600">The scan queue: what runs now, what is next, and what just finished.</p>
      </div>
      <QueueMonitor initial={queue} />
    </div>
  );
}
