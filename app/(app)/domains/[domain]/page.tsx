import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { notFound } from "next/navigation";
import { Trash2 } from "lucide-react";
import { DomainTabs } from "@/components/domains/domain-tabs";
import { FreshnessStamp } from "@/components/report/freshness";
import { PrintButton } from "@/components/report/print-button";
import { ReportRail, ReportView } from "@/components/report/report-view";
import { buttonClass } from "@/components/ui/button";
import { requireViewer } from "@/app/_auth/viewer";
import { roleCan } from "@/lib/services/access/roles";
import { getDomainTags } from "@/lib/services/domains/tag-domains";
import { getEnv } from "@/lib/env";
import { getDomain } from "@/lib/services/domains/get-domain";
import { NotFoundError } from "@/lib/services/errors";
import { formatUtcDate } from "@/lib/report/format";
import { requestScan, setDomainTagsFromForm } from "../../actions";
import { DomainTags } from "./_components/domain-tags";
import { decodeParam } from "./_components/params";
import { OlderRulesBanner, printedReportUrl, ReportHeader } from "./_components/report-header";
import { RescanButton, ScanProvider, ScanStatus } from "./_components/scan-panel";
import { ShareControl } from "./_components/share-control";
import { SendersSection } from "./senders/_components/senders-section";
import "../../../print.css";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ domain: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeParam((await params).domain) ?? "Domain" };
}


export default async function DomainPage({ params }: Props) {
  const name = decodeParam((await params).domain);
  if (name === null) notFound();
  const { scope } = await requireViewer(`/domains/${encodeURIComponent(name)}`);
  const [view, tags] = await Promise.all([getDomain(scope, name), getDomainTags(scope, name)]).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const canWrite = roleCan(scope.role, "write");
  const now = new Date();
  const last = view.lastReport;
  const report = last?.report;
  const base = `/domains/${encodeURIComponent(view.name)}`;
  const jsonHref = last ? `/api/v1/scans/${encodeURIComponent(last.scanId)}` : undefined;
  // The client panel only needs the scan's state; the report itself is rendered here.
  const current = view.current ? { ...view.current, report: null } : null;
  const olderRules = report !== undefined && (report.rulesetVersion ?? 0) < view.currentRulesetVersion;
  return (
    <ScanProvider
      domain={view.name}
      initial={current}
      requestScan={requestScan}
      lastReportAt={report?.startedAt ?? null}
      lastGrade={report?.grade ?? null}
      lastFindingIds={report ? [...new Set(report.findings.map((f) => f.id))] : []}
      renderedAt={now.getTime()}
    >
      <div className="space-y-6">
        <DomainTabs domain={view.name} active="report" />
        <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_280px]">
          <div className="min-w-0 space-y-6">
            <ReportHeader
              domain={view.name}
              stamp={
                report ? (
                  <FreshnessStamp startedAt={report.startedAt} durationMs={report.durationMs} scannerVersion={report.scannerVersion} rulesetVersion={report.rulesetVersion} now={now} />
                ) : (
                  <p className="text-sm text-slate-600">Added {formatUtcDate(view.createdAt)} · not scanned yet</p>
                )
              }
              actions={
                <>
                  {report && canWrite ? <RescanButton /> : null}
                  {report && last ? <ShareControl domain={view.name} scanId={last.scanId} scanStartedAt={report.startedAt} /> : null}
                  {report ? <PrintButton /> : null}
                  {canWrite ? (
                    <Link href={`/delete?domain=${encodeURIComponent(view.name)}&from=domain`} className={`${buttonClass("secondary")} no-print`}>
                      <Trash2 aria-hidden className="h-4 w-4" />
                      Delete domain
                    </Link>
                  ) : null}
                </>
              }
              jsonHref={jsonHref}
              pdfHref={report ? `${base}/report.pdf` : undefined}
              printUrl={report ? printedReportUrl(getEnv().MAILPOSTURE_URL, base) : undefined}
            />
            <DomainTags domain={view.name} tags={tags} canEdit={canWrite} action={setDomainTagsFromForm} />
            <ScanStatus />
            {olderRules ? <OlderRulesBanner scored={report.rulesetVersion} current={view.currentRulesetVersion} /> : null}
            {report ? (
              <ReportView report={report} now={now} fixHref={`${base}/fix`} />
            ) : view.unreadableReport ? (
              <section role="alert" aria-labelledby="unreadable-h" className="rounded-lg border border-amber-300 bg-amber-50 p-6">
                <h2 id="unreadable-h" className="text-lg font-semibold">
                  This report cannot be read
                </h2>
                <p className="mt-1 text-sm text-slate-700">
                  The scan of {formatUtcDate(view.unreadableReport.finishedAt)} finished, but its stored report cannot be shown: {view.unreadableReport.unreadable.reason} A new scan replaces it.
                </p>
                {canWrite ? (
                  <div className="mt-4">
                    <RescanButton />
                  </div>
                ) : null}
              </section>
            ) : (
              <section aria-labelledby="empty-h" className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
                <h2 id="empty-h" className="text-lg font-semibold">
                  No scan yet
                </h2>
                <p className="mx-auto mt-1 max-w-prose text-sm text-slate-600">
                  A scan takes a few seconds: it looks up the MX hosts, connects to each on port 25 for STARTTLS, fetches the MTA-STS policy and reads the TLS-RPT, DANE, DMARC and SPF records. Nothing is
                  changed on your side.
                </p>
                {canWrite ? (
                  <div className="mt-4 flex justify-center">
                    <RescanButton />
                  </div>
                ) : null}
              </section>
            )}
            <Suspense fallback={null}>
              <SendersSection scope={scope} domain={view.name} />
            </Suspense>
          </div>
          {report && last ? (
            <aside aria-label="Report navigation" className="no-print hidden xl:block">
              <ReportRail report={report} scanId={last.scanId} jsonHref={jsonHref} historyHref={`${base}/history`} />
            </aside>
          ) : null}
        </div>
        {report ? (
          <p className="hidden border-t border-slate-300 pt-2 text-xs text-slate-600 print:block">
            mailposture · {view.name} · scan {new Date(report.startedAt).toISOString().slice(0, 16).replace("T", " ")} UTC · printed {now.toISOString().slice(0, 16).replace("T", " ")} UTC
          </p>
        ) : null}
      </div>
    </ScanProvider>
  );
}
