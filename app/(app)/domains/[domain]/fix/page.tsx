import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Download, Loader2, MailX, TriangleAlert } from "lucide-react";
import { DomainTabs } from "@/components/domains/domain-tabs";
import { FixStep, fileHref, stepAnchor, StepStateChip } from "@/components/fix/fix-step";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { RelativeTime } from "@/components/time";
import { formatDuration } from "@/lib/report/format";
import { requireViewer } from "@/app/_auth/viewer";
import { NotFoundError } from "@/lib/services/errors";
import { getFixPlan, type FixPlan } from "@/lib/services/policies/fix-plan";
import { requestScan } from "../../../actions";
import { checkDraft } from "./actions";
import { ScanNow } from "./_components/scan-now";
import { WhatIfPanel } from "./_components/what-if-panel";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ domain: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Fix · ${decodeURIComponent((await params).domain)}` };
}

const WHAT_IF_LINK: Record<string, { href: string; label: string }> = {
  "mta-sts": { href: "#what-if-mta-sts", label: "What if… check a draft policy against the last scan →" },
  dane: { href: "#what-if-tlsa", label: "What if… check TLSA records against the last scan →" },
};

function Freshness({ plan, now }: { plan: FixPlan; now: Date }) {
  const scan = plan.scan!;
  return (
    <p className="text-sm text-slate-600">
      Built from the scan of <RelativeTime date={scan.finishedAt} now={now} /> · {formatDuration(scan.durationMs)}
      {scan.scannerVersion ? ` · scanner ${scan.scannerVersion}` : ""}
      {scan.rulesetVersion !== undefined ? ` · rules ${scan.rulesetVersion}` : ""}
    </p>
  );
}

function Overview({ plan }: { plan: FixPlan }) {
  const whatIf = plan.acceptsMail && plan.mxHosts.length > 0;
  return (
    <nav aria-labelledby="plan-h" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="plan-h" className="text-sm font-semibold text-slate-800">The plan</h2>
      <ol className="mt-2 space-y-2">
        {plan.steps.map((s, i) => (
          <li key={s.key} className="flex items-start gap-2 text-sm">
            <span aria-hidden className="w-4 shrink-0 text-right font-semibold text-slate-500">{i + 1}</span>
            <span className="min-w-0 flex-1">
              <a href={`#${stepAnchor(s.key)}`} className="text-blue-700 hover:underline">{s.title}</a>
              <span className="mt-0.5 block">
                <StepStateChip state={s.state} />
              </span>
            </span>
          </li>
        ))}
        {whatIf ? (
          <li className="flex items-start gap-2 border-t border-slate-100 pt-2 text-sm">
            <span aria-hidden className="w-4 shrink-0" />
            <a href="#what-if" className="text-blue-700 hover:underline">What if I publish… (check a draft)</a>
          </li>
        ) : null}
      </ol>
    </nav>
  );
}

export default async function FixPage({ params }: Props) {
  const segment = (await params).domain;
  const { scope } = await requireViewer(`/domains/${segment}/fix`);
  const plan = await getFixPlan(scope, segment).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const now = new Date();
  const domain = plan.domain;
  const running = plan.current && (plan.current.status === "queued" || plan.current.status === "running") ? plan.current : null;
  const failed = plan.current?.status === "failed" ? plan.current : null;

  return (
    <div className="space-y-6">
      <DomainTabs domain={domain} active="fix" />
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold">
            Suggested fixes for <span className="font-mono [overflow-wrap:anywhere]">{domain}</span>
          </h1>
          {plan.scan ? <Freshness plan={plan} now={now} /> : <p className="text-sm text-slate-600">No finished scan yet.</p>}
        </div>
        {plan.scan && plan.hasSuggestions ? (
          <a href={fileHref(domain, "records.zone")} download className={buttonClass("secondary")}>
            <Download aria-hidden className="h-4 w-4" />
            All records (zone file)
          </a>
        ) : null}
      </header>

      {running ? (
        <p role="status" className="flex items-center gap-2 rounded-md border border-slate-200 bg-white px-3 py-2 text-sm text-slate-700">
          <Loader2 aria-hidden className="h-4 w-4 animate-spin motion-reduce:animate-none" />
          A new scan is {running.status === "queued" ? "queued" : "running"}; this plan still shows the previous finished scan.{" "}
          <Link href={`/domains/${encodeURIComponent(domain)}`} className="text-blue-700 underline hover:no-underline">Follow it on the report</Link>
        </p>
      ) : null}
      {failed && plan.scan ? (
        <p className="flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          <TriangleAlert aria-hidden className="mt-0.5 h-4 w-4 shrink-0 text-amber-700" />
          <span>The latest scan failed ({failed.error ?? "unknown reason"}); this plan is built from the last scan that finished.</span>
        </p>
      ) : null}

      {!plan.scan ? (
        <EmptyState title={plan.unreadableReport ? "The latest report cannot be read" : "No scan yet"}>
          {plan.unreadableReport ? <p>{plan.unreadableReport} A new scan replaces it.</p> : null}
          <p>Suggested files are built from what a scan observes: the MX hosts, their certificates and the published records.</p>
          <div className="mt-4">
            <ScanNow domain={domain} requestScan={requestScan} />
          </div>
        </EmptyState>
      ) : (
        <PlanBody plan={plan} now={now} />
      )}
    </div>
  );
}

function PlanBody({ plan, now }: { plan: FixPlan; now: Date }) {
  const domain = plan.domain;
  const todo = plan.steps.filter((s) => s.state === "todo").length;
  const inPlace = plan.steps.filter((s) => s.state === "in-place").length;
  const whatIf = plan.acceptsMail && plan.mxHosts.length > 0;
  return (
    <>
      <p className="-mt-2 text-sm text-slate-700">
        {todo > 0
          ? `${todo} ${todo === 1 ? "step" : "steps"} to take`
          : plan.seriousFindings > 0
            ? `No suggested file fixes the ${plan.seriousFindings} critical or high ${plan.seriousFindings === 1 ? "finding" : "findings"} of this scan: see the report for each fix`
            : "Nothing to publish"}
        {inPlace > 0 ? `, ${inPlace} already in place` : ""}. These are suggested files, built from what the scan observed: review them before you publish, and rescan afterwards to confirm.
      </p>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_17rem]">
        <div className="lg:sticky lg:top-4 lg:order-last lg:self-start">
          <Overview plan={plan} />
        </div>
        <div className="min-w-0 space-y-4">
          {!plan.acceptsMail ? (
            <p className="flex items-start gap-2 rounded-md border border-slate-200 bg-white px-3 py-2 text-sm text-slate-700">
              <MailX aria-hidden className="mt-0.5 h-4 w-4 shrink-0 text-slate-500" />
              <span>
                <span className="font-mono">{domain}</span> accepts no mail (null MX), so MTA-STS, TLS-RPT and DANE do not apply. What is left is to stop others sending mail in its name.
              </span>
            </p>
          ) : null}
          {!plan.hasSuggestions ? (
            <div className="flex flex-col items-start gap-3 rounded-md border border-slate-200 bg-white px-3 py-3 text-sm text-slate-700 sm:flex-row sm:items-center">
              <p className="flex-1">This scan carries no suggested files (the domain&apos;s DNS may have failed validation, or the scan predates suggestions). A new scan builds them.</p>
              <ScanNow domain={domain} requestScan={requestScan} label="Rescan" />
            </div>
          ) : null}
          {plan.steps.map((step, i) => (
            <FixStep key={step.key} step={step} index={i + 1} domain={domain} whatIf={whatIf ? WHAT_IF_LINK[step.key] : undefined} />
          ))}
        </div>
      </div>
      {whatIf && plan.scan ? (
        <WhatIfPanel
          domain={domain}
          drafts={plan.drafts}
          action={checkDraft}
          scanLabel={
            <>
              the scan of <RelativeTime date={plan.scan.finishedAt} now={now} />
            </>
          }
        />
      ) : null}
    </>
  );
}
