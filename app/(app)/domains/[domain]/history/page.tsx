import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { ChevronLeft, ChevronRight, ChevronsLeft, GitCompareArrows, RefreshCw } from "lucide-react";
import { DomainTabs } from "@/components/domains/domain-tabs";
import { CompareForm } from "@/components/history/compare-form";
import { compareHref, formatScanDay, historyHref } from "@/components/history/format";
import { GradeStrip } from "@/components/history/grade-strip";
import { HistoryTimeline } from "@/components/history/history-timeline";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { requireViewer } from "@/app/_auth/viewer";
import { NotFoundError, ValidationError } from "@/lib/services/errors";
import { getDomainHistory } from "@/lib/services/history/get-history";
import { roleCan } from "@/lib/services/access/roles";
import { rescanAndOpen } from "../../../actions";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ domain: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `History · ${decodeURIComponent((await params).domain)}` };
}

function RescanForm({ domain, label }: { domain: string; label: string }) {
  return (
    <form action={rescanAndOpen} className="no-print inline">
      <input type="hidden" name="domain" value={domain} />
      <button type="submit" className={buttonClass("primary")}>
        <RefreshCw aria-hidden className="h-4 w-4" />
        {label}
      </button>
    </form>
  );
}

export default async function HistoryPage({ params, searchParams }: Props) {
  const name = decodeURIComponent((await params).domain).toLowerCase();
  const sp = await searchParams;
  const { scope } = await requireViewer(historyHref(name));
  const view = await getDomainHistory(scope, name, { before: sp.before, after: sp.after }).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound();
    // A mangled page link: start again from the newest scans.
    if (err instanceof ValidationError) redirect(historyHref(name));
    throw err;
  });
  const canWrite = roleCan(scope.role, "write");
  const now = new Date();
  const failed = view.totalScans - view.finishedScans;
  const latest = view.strip[view.strip.length - 1];
  const selectable = view.finishedScans >= 2;

  return (
    <div className="space-y-6">
      <DomainTabs domain={view.domain} active="history" />
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold">
            History of <span className="font-mono [overflow-wrap:anywhere]">{view.domain}</span>
          </h1>
          <p className="text-sm text-slate-600">
            {view.totalScans === 0
              ? "No scans yet."
              : `${view.totalScans} ${view.totalScans === 1 ? "scan" : "scans"} since ${formatScanDay(view.firstScanAt!)} · ${view.finishedScans} completed${failed > 0 ? ` · ${failed} failed or not finished` : ""}${latest ? ` · latest grade ${latest.grade} (${latest.score}/100)` : ""}`}
          </p>
        </div>
        {view.defaultCompare ? (
          <Link href={compareHref(view.domain, view.defaultCompare.a, view.defaultCompare.b)} className={`no-print ${buttonClass("secondary")}`}>
            <GitCompareArrows aria-hidden className="h-4 w-4" />
            Compare latest with previous
          </Link>
        ) : null}
      </header>

      {view.totalScans === 0 ? (
        <EmptyState title="No scans of this domain yet">
          <p className="mb-3">Its history starts with the first scan: every scan after that shows what changed.</p>
          {canWrite ? <RescanForm domain={view.domain} label="Scan now" /> : null}
        </EmptyState>
      ) : (
        <>
          {view.strip.length > 1 ? (
            <Card labelledBy="strip-h">
              <h2 id="strip-h" className="sr-only">Grade over time</h2>
              <GradeStrip
                domain={view.domain}
                points={view.strip}
                marks={latest ? { [latest.id]: "latest" } : {}}
                label={view.strip.length === 1 ? "Grade of the one completed scan" : `Grade over the last ${view.strip.length} completed scans, oldest left`}
              />
            </Card>
          ) : null}

          {view.finishedScans <= 1 ? (
            <div className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-slate-200 bg-white p-4">
              <p className="text-sm text-slate-700">
                <span className="font-medium text-slate-900">History starts with the next scan.</span>{" "}
                {view.finishedScans === 1 ? "There is one completed scan so far, so there is nothing to compare it with yet." : "No scan has completed yet."}
              </p>
              {canWrite ? <RescanForm domain={view.domain} label="Rescan" /> : null}
            </div>
          ) : null}

          <section aria-labelledby="timeline-h" className="rounded-lg border border-slate-200 bg-white">
            {selectable ? (
              <CompareForm action={`/domains/${encodeURIComponent(view.domain)}/compare`} toolbar={<TimelineHeading count={view.rows.length} total={view.totalScans} />}>
                <HistoryTimeline domain={view.domain} rows={view.rows} now={now} selectable latestId={latest?.id} />
              </CompareForm>
            ) : (
              <>
                <div className="border-b border-slate-200 px-4 py-3">
                  <TimelineHeading count={view.rows.length} total={view.totalScans} />
                </div>
                <HistoryTimeline domain={view.domain} rows={view.rows} now={now} selectable={false} latestId={latest?.id} />
              </>
            )}
            {view.page.newer || view.page.older ? (
              <nav aria-label="Timeline pages" className="no-print flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 px-4 py-3 text-sm">
                <span className="flex gap-2">
                  {!view.page.isNewest ? (
                    <Link href={historyHref(view.domain)} className={buttonClass("ghost", "sm")}>
                      <ChevronsLeft aria-hidden className="h-4 w-4" /> Newest
                    </Link>
                  ) : null}
                  {view.page.newer ? (
                    <Link href={`${historyHref(view.domain)}?after=${encodeURIComponent(view.page.newer)}`} rel="prev" className={buttonClass("secondary", "sm")}>
                      <ChevronLeft aria-hidden className="h-4 w-4" /> Newer scans
                    </Link>
                  ) : null}
                </span>
                {view.page.older ? (
                  <Link href={`${historyHref(view.domain)}?before=${encodeURIComponent(view.page.older)}`} rel="next" className={buttonClass("secondary", "sm")}>
                    Older scans <ChevronRight aria-hidden className="h-4 w-4" />
                  </Link>
                ) : (
                  <span className="text-slate-600">This is the first scan of {view.domain}.</span>
                )}
              </nav>
            ) : null}
          </section>
        </>
      )}
    </div>
  );
}

function TimelineHeading({ count, total }: { count: number; total: number }) {
  return (
    <div>
      <h2 id="timeline-h" className="font-semibold">
        Timeline
      </h2>
      <p className="text-xs text-slate-600">
        Newest first · {count === total ? `all ${total}` : `${count} of ${total}`} {total === 1 ? "scan" : "scans"}
      </p>
    </div>
  );
}
