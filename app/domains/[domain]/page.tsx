import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { GradeBadge } from "@/components/report/grade-badge";
import { ReportView } from "@/components/report/report-view";
import { RelativeTime } from "@/components/time";
import { getDomain } from "@/lib/services/domains/get-domain";
import { NotFoundError } from "@/lib/services/errors";
import { requestScan } from "../../actions";
import { ScanPanel } from "./_components/scan-panel";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ domain: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeURIComponent((await params).domain) };
}

export default async function DomainPage({ params }: Props) {
  const name = decodeURIComponent((await params).domain).toLowerCase();
  const view = await getDomain(name).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const now = new Date();
  const last = view.lastReport;
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <Link href="/" className="text-blue-700 hover:underline">Domains</Link> / <span className="font-mono">{view.name}</span>
      </nav>
      <header className="flex flex-wrap items-start gap-4">
        <GradeBadge grade={last?.report.grade ?? null} score={last?.report.score ?? null} size="lg" />
        <div className="min-w-0 flex-1">
          <h1 className="break-all font-mono text-2xl font-semibold">{view.name}</h1>
          {last ? (
            <p className="text-sm text-slate-600">
              Grade {last.report.grade} · {last.report.score}/100 · scanned <RelativeTime date={last.finishedAt} now={now} /> · took {(last.report.durationMs / 1000).toFixed(1)} s
            </p>
          ) : (
            <p className="text-sm text-slate-600">No finished scan yet.</p>
          )}
        </div>
      </header>
      <ScanPanel domain={view.name} initial={view.current} requestScan={requestScan} />
      {last ? <ReportView report={last.report} /> : null}
    </div>
  );
}
