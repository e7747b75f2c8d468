import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Pin } from "lucide-react";
import { DomainTabs } from "@/components/domains/domain-tabs";
import { FreshnessStamp } from "@/components/report/freshness";
import { PrintButton } from "@/components/report/print-button";
import { ReportRail, ReportView } from "@/components/report/report-view";
import { requireViewer } from "@/app/_auth/viewer";
import { NotFoundError } from "@/lib/services/errors";
import { getDomainScan } from "@/lib/services/scans/get-scan";
import { formatAge, formatUtcLong, formatUtcShort } from "@/lib/report/format";
import { decodeParam } from "../../_components/params";
import { OlderRulesBanner, ReportHeader } from "../../_components/report-header";
import { ShareControl } from "../../_components/share-control";
import "../../../../../print.css";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ domain: string; scanId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const p = await params;
  return { title: `${decodeParam(p.domain) ?? "Domain"} · scan`, robots: { index: false } };
}

/** One past scan, pinned by id (docs/ui.md §2): the same report view, never "latest". */
export default async function PinnedScanPage({ params }: Props) {
  const p = await params;
  const name = decodeParam(p.domain);
  if (name === null) notFound();
  const { scope } = await requireViewer(`/domains/${encodeURIComponent(name)}/scans/${encodeURIComponent(p.scanId)}`);
  const v = await getDomainScan(scope, name, p.scanId).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const now = new Date();
  const base = `/domains/${encodeURIComponent(v.domain)}`;
  const report = v.scan.status === "done" ? v.scan.report : null;
  const jsonHref = report ? `/api/v1/scans/${encodeURIComponent(v.scan.id)}` : undefined;
  const isLatest = v.latestDoneScanId === v.scan.id;
  const when = report?.startedAt ?? v.scan.startedAt ?? v.scan.requestedAt;
  return (
    <div className="space-y-6">
      <DomainTabs domain={v.domain} active="history" />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_280px]">
        <div className="min-w-0 space-y-6">
          <ReportHeader
            domain={v.domain}
            stamp={
              report ? (
                <FreshnessStamp startedAt={report.startedAt} durationMs={report.durationMs} scannerVersion={report.scannerVersion} rulesetVersion={report.rulesetVersion} now={now} />
              ) : (
                <p className="text-sm text-slate-600">Requested {formatUtcLong(v.scan.requestedAt)}</p>
              )
            }
            actions={
              report ? (
                <>
                  <ShareControl domain={v.domain} scanId={v.scan.id} scanStartedAt={report.startedAt} pinned />
                  <PrintButton />
                </>
              ) : null
            }
            jsonHref={jsonHref}
            pdfHref={report ? `${base}/scans/${encodeURIComponent(v.scan.id)}/report.pdf` : undefined}
          />
          <p className="flex flex-wrap items-center gap-2 rounded-lg border border-slate-300 bg-white p-3 text-sm text-slate-800">
            <Pin aria-hidden className="h-4 w-4 text-slate-600" />
            <span className="min-w-0 flex-1">
              Pinned: the scan of <span className="font-medium">{formatUtcLong(when)}</span> ({formatAge(now.getTime() - Date.parse(when))}).
              {isLatest ? " This is the latest finished scan." : " Live settings may differ."}
            </span>
            {!isLatest ? (
              <Link href={base} className="no-print font-medium text-blue-700 hover:underline">
                View the latest report
              </Link>
            ) : null}
          </p>
          {report && (report.rulesetVersion ?? 0) < v.currentRulesetVersion ? <OlderRulesBanner scored={report.rulesetVersion} current={v.currentRulesetVersion} /> : null}
          {report ? (
            <ReportView report={report} now={now} fixHref={`${base}/fix`} />
          ) : (
            <section aria-labelledby="state-h" className={`rounded-lg border p-6 ${v.scan.status === "failed" ? "border-red-300 bg-red-50" : "border-slate-200 bg-white"}`}>
              <h2 id="state-h" className="text-lg font-semibold">
                {v.scan.reportUnreadable ? "This report cannot be read" : v.scan.status === "failed" ? "This scan failed" : v.scan.status === "running" ? "This scan is still running" : "This scan is queued"}
              </h2>
              <p className="mt-1 text-sm text-slate-700">
                {v.scan.reportUnreadable
                  ? `The scan finished, but its stored report cannot be shown: ${v.scan.reportUnreadable.reason}`
                  : v.scan.status === "failed"
                  ? `Reason: ${v.scan.error ?? "unknown"}. It produced no report.`
                  : `Requested ${formatUtcShort(v.scan.requestedAt)} UTC. Its progress is shown on the domain's report page.`}
              </p>
              <Link href={base} className="mt-3 inline-block text-sm font-medium text-blue-700 hover:underline">
                Go to the report of {v.domain}
              </Link>
            </section>
          )}
        </div>
        {report ? (
          <aside aria-label="Report navigation" className="no-print hidden xl:block">
            <ReportRail report={report} scanId={v.scan.id} jsonHref={jsonHref} historyHref={`${base}/history`} />
          </aside>
        ) : null}
      </div>
    </div>
  );
}
