import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Link2, Pin, RefreshCw } from "lucide-react";
import { FreshnessStamp } from "@/components/report/freshness";
import { PrintButton } from "@/components/report/print-button";
import { ReportRail, ReportView } from "@/components/report/report-view";
import { formatUtcLong } from "@/lib/report/format";
import { openShareLink } from "@/lib/services/sharing/share-links";
import { ReportHeader } from "@/app/(app)/domains/[domain]/_components/report-header";
import { SharedFixAdvice } from "./_components/shared-fix";

// The link is checked (expiry, revocation) and its open counted on every request; proxy.ts adds
// no-store, no-referrer and noindex headers for /s/*.
export const dynamic = "force-dynamic";

// Static on purpose: metadata built from the link would open it a second time per request. The
// domain is not in the title either, so a browser's history list does not show what was shared.
export const metadata: Metadata = { title: "Shared report", robots: { index: false, follow: false }, referrer: "no-referrer" };

type Props = { params: Promise<{ token: string }> };

/** A share link's report, read-only: the report view and the fix plan, no action that changes anything. */
export default async function SharedReportPage({ params }: Props) {
  // A malformed escape makes the params themselves throw: a token no link has.
  const token = await params.then((p) => p.token, () => null);
  const shared = token === null ? null : await openShareLink(token);
  if (!shared || token === null) notFound();
  const now = new Date();
  const report = shared.report;
  return (
    <div className="space-y-6">
      <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
        <Link2 aria-hidden className="h-4 w-4 text-slate-500" />
        <span>
          Shared read-only report{shared.label ? <> · <span className="font-medium text-slate-900 [overflow-wrap:anywhere]">{shared.label}</span></> : null} · link expires{" "}
          <time dateTime={shared.expiresAt.toISOString()}>{formatUtcLong(shared.expiresAt)}</time>
        </span>
      </p>
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_280px]">
        <div className="min-w-0 space-y-6">
          <ReportHeader
            domain={shared.domain}
            stamp={
              report ? (
                <FreshnessStamp startedAt={report.startedAt} durationMs={report.durationMs} scannerVersion={report.scannerVersion} rulesetVersion={report.rulesetVersion} now={now} />
              ) : (
                <p className="text-sm text-slate-600">No report to show yet</p>
              )
            }
            actions={report ? <PrintButton /> : null}
            pdfHref={report ? `/s/${encodeURIComponent(token)}/report.pdf` : undefined}
          />
          {report ? (
            <p className="flex items-start gap-2 rounded-lg border border-slate-300 bg-white p-3 text-sm text-slate-800">
              {shared.pinned ? <Pin aria-hidden className="mt-0.5 h-4 w-4 shrink-0 text-slate-600" /> : <RefreshCw aria-hidden className="mt-0.5 h-4 w-4 shrink-0 text-slate-600" />}
              {shared.pinned ? (
                <span>This link shows the scan of {formatUtcLong(report.startedAt)} and always will; the domain&apos;s settings may have changed since.</span>
              ) : (
                <span>This link shows the latest scan of {shared.domain}: it follows new scans until it expires.</span>
              )}
            </p>
          ) : null}
          {report ? (
            <ReportView report={report} now={now} />
          ) : (
            <section aria-labelledby="none-h" className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
              <h2 id="none-h" className="text-lg font-semibold">
                No report to show
              </h2>
              <p className="mx-auto mt-1 max-w-prose text-sm text-slate-600">{shared.unavailable} This page shows the report once there is one.</p>
            </section>
          )}
          {report && shared.fix ? <SharedFixAdvice domain={shared.domain} steps={shared.fix.steps} acceptsMail={shared.fix.acceptsMail} seriousFindings={shared.fix.seriousFindings} /> : null}
        </div>
        {report ? (
          <aside aria-label="Report navigation" className="no-print hidden xl:block">
            <ReportRail report={report} />
          </aside>
        ) : null}
      </div>
    </div>
  );
}
