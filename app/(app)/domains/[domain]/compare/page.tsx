import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { ArrowLeft, TriangleAlert } from "lucide-react";
import type { ReactNode } from "react";
import { DomainTabs } from "@/components/domains/domain-tabs";
import { CompareSides } from "@/components/history/compare-sides";
import { DiffTable } from "@/components/history/diff-table";
import { FindingChanges } from "@/components/history/finding-changes";
import { compareHref, historyHref, signed } from "@/components/history/format";
import { GradeStrip } from "@/components/history/grade-strip";
import { LineDiff } from "@/components/history/line-diff";
import { SeverityBadge } from "@/components/report/severity-badge";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { EXPOSURE_WORD, type ExposureVerdict } from "@/lib/report/verdict";
import { requireViewer } from "@/app/_auth/viewer";
import { NotFoundError, ValidationError } from "@/lib/services/errors";
import { compareScans } from "@/lib/services/history/compare-scans";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ domain: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Compare scans · ${decodeURIComponent((await params).domain)}` };
}

const exposureWord = (v: string | null) => (v ? (EXPOSURE_WORD[v as ExposureVerdict] ?? v) : "unknown");

function Problem({ domain, title, children }: { domain: string; title: string; children: ReactNode }) {
  return (
    <div className="space-y-6">
      <DomainTabs domain={domain} active="history" />
      <h1 className="text-2xl font-semibold">Compare scans</h1>
      <div className="rounded-lg border border-slate-200 bg-white p-5">
        <p className="font-medium text-slate-900">{title}</p>
        <div className="mt-1 text-sm text-slate-700">{children}</div>
        <Link href={historyHref(domain)} className={`mt-3 ${buttonClass("secondary")}`}>
          <ArrowLeft aria-hidden className="h-4 w-4" />
          Pick scans in the history
        </Link>
      </div>
    </div>
  );
}

export default async function ComparePage({ params, searchParams }: Props) {
  const name = decodeURIComponent((await params).domain).toLowerCase();
  const sp = await searchParams;
  const { scope } = await requireViewer(historyHref(name));
  // The timeline's no-JavaScript form sends ?scan=…&scan=…; the canonical URL is ?a=&b=.
  if (sp.scan !== undefined) {
    const picked = ([] as string[]).concat(sp.scan);
    if (picked.length === 2) redirect(compareHref(name, picked[0]!, picked[1]!));
    return (
      <Problem domain={name} title="Pick exactly two scans">
        You selected {picked.length} {picked.length === 1 ? "scan" : "scans"}. Tick two completed scans in the timeline, then choose “Compare selected”.
      </Problem>
    );
  }

  let view;
  try {
    view = await compareScans(scope, name, { a: sp.a, b: sp.b });
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    if (err instanceof ValidationError) return <Problem domain={name} title="These scans cannot be compared">{err.message}</Problem>;
    throw err;
  }

  if (view.kind === "not-enough") {
    return (
      <Problem domain={view.domain} title="History starts with the next scan">
        {view.finishedScans === 0 ? "No scan of this domain has completed yet." : "This domain has one completed scan so far; comparing needs two."} Rescan it from its report page.
      </Problem>
    );
  }

  const now = new Date();
  const { diff, older, newer } = view;
  const policyLabel = `https://mta-sts.${view.domain}/.well-known/mta-sts.txt`;
  return (
    <div className="space-y-6">
      <DomainTabs domain={view.domain} active="history" />
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold">
            Compare scans of <span className="font-mono [overflow-wrap:anywhere]">{view.domain}</span>
          </h1>
          <p className="text-sm text-slate-600">Always older on the left, newer on the right; “before” and “after” below mean the same.</p>
        </div>
        <Link href={historyHref(view.domain)} className={`no-print ${buttonClass("secondary")}`}>
          <ArrowLeft aria-hidden className="h-4 w-4" />
          Pick other scans
        </Link>
      </header>

      <CompareSides domain={view.domain} older={older} newer={newer} now={now} />

      <section aria-label="Summary of the change" className="space-y-3">
        <p className="text-lg">
          <span className="font-semibold">
            {diff.grade.before === diff.grade.after ? `Grade ${diff.grade.after}, unchanged` : `Grade ${diff.grade.before} → ${diff.grade.after}`}
          </span>{" "}
          <span className="text-slate-600">({diff.grade.scoreDelta === 0 ? `score ${diff.grade.scoreAfter}, unchanged` : `${signed(diff.grade.scoreDelta)} ${Math.abs(diff.grade.scoreDelta) === 1 ? "point" : "points"}`})</span>
          <span className="text-slate-400"> · </span>
          <span>
            Exposure: {diff.exposure.before === diff.exposure.after ? `${exposureWord(diff.exposure.after)}, unchanged` : `${exposureWord(diff.exposure.before)} → ${exposureWord(diff.exposure.after)}`}
          </span>
        </p>
        {!view.consecutive ? <p className="text-sm text-slate-600">Other scans ran between these two; this shows the net change from the older to the newer one.</p> : null}
        {diff.rules.differ ? (
          <div role="note" className="flex items-start gap-2 rounded-md border border-amber-500 bg-amber-50 p-3 text-sm text-amber-950 print:bg-white">
            <TriangleAlert aria-hidden className="mt-0.5 h-4 w-4 shrink-0" />
            <p>
              <strong>Scored with different rules</strong> (rules {diff.rules.before ?? "unknown"} → rules {diff.rules.after ?? "unknown"}): part of the grade change may come from the rules rather than
              from the domain. Rescan to compare like with like.
            </p>
          </div>
        ) : null}
        {diff.drift.map((f) => (
          <div key={`${f.id}:${f.host ?? ""}`} className="rounded-md border-2 border-red-700 bg-red-50 p-3 text-sm print:bg-white">
            <p className="flex flex-wrap items-center gap-2">
              <SeverityBadge severity={f.severity} />
              <strong className="text-red-950">
                <UntrustedText value={f.title} />
              </strong>
              <code className="font-mono text-xs text-slate-700">{f.id}</code>
            </p>
            <p className="mt-1 text-slate-800">
              <UntrustedText value={f.detail} />
            </p>
          </div>
        ))}
        {diff.identical ? (
          <div className="rounded-lg border border-slate-200 bg-white p-4">
            <p className="font-medium">No changes between these scans</p>
            <p className="text-sm text-slate-600">Same grade, same findings and the same records. Both scans are shown above with their times.</p>
          </div>
        ) : null}
      </section>

      {!diff.identical ? (
        <>
          <Card labelledBy="findings-h">
            <h2 id="findings-h" className="mb-2 text-lg font-semibold">Findings</h2>
            <FindingChanges findings={diff.findings} />
          </Card>
          <Card labelledBy="records-h">
            <h2 id="records-h" className="mb-1 text-lg font-semibold">Records</h2>
            <p className="mb-3 text-sm text-slate-600">MX set, MTA-STS, TLS-RPT, DANE, certificate keys per MX address, DMARC and SPF as each scan saw them.</p>
            <DiffTable sections={diff.sections} caption={`Record changes for ${view.domain}, older scan to newer scan`} />
          </Card>
        </>
      ) : null}

      {diff.policy ? (
        <Card labelledBy="policy-h">
          <h2 id="policy-h" className="mb-1 text-lg font-semibold">MTA-STS policy body</h2>
          {diff.policy.changed ? (
            <>
              <p className="mb-3 text-sm text-slate-600">
                Line diff of the policy served at <span className="font-mono [overflow-wrap:anywhere]">{policyLabel}</span>: <span className="font-semibold text-red-800">− removed</span>,{" "}
                <span className="font-semibold text-emerald-800">+ added</span>.
              </p>
              <LineDiff rows={diff.policy.rows} label="mta-sts.txt" />
            </>
          ) : (
            <>
              <p className="mb-3 text-sm text-slate-600">Unchanged between the two scans.</p>
              <details>
                <summary className="cursor-pointer text-sm font-medium text-blue-700">Show the policy ({diff.policy.rows.length} {diff.policy.rows.length === 1 ? "line" : "lines"})</summary>
                <div className="mt-2">
                  <CodeBlock text={diff.policy.after ?? ""} label="mta-sts.txt" />
                </div>
              </details>
            </>
          )}
        </Card>
      ) : null}

      {view.strip.length > 1 ? (
        <Card labelledBy="context-h">
          <h2 id="context-h" className="sr-only">Where these scans sit in the history</h2>
          <GradeStrip domain={view.domain} points={view.strip} marks={{ [older.id]: "before", [newer.id]: "after" }} label="Where these scans sit in the history" />
        </Card>
      ) : null}
    </div>
  );
}
