import type { ReactNode } from "react";
import { Info, TriangleAlert } from "lucide-react";
import { StepStateChip, stepAnchor } from "@/components/fix/fix-step";
import type { FixFindingView, FixStepView } from "@/components/fix/types";
import { SeverityBadge } from "@/components/report/severity-badge";
import { CodeBlock } from "@/components/ui/code-block";
import { RecordBlock } from "@/components/ui/record-block";

/**
 * The Fix tab's steps on a share link, read-only. The Fix tab's own FixStep links into the app
 * (the domain's report, file downloads under /api) and offers the what-if check, none of which an
 * outsider can open; here a finding links to its entry in the report above on the same page, and
 * files are shown with copy buttons only. The plan itself is the same pure lib/report/fix-plan.
 */

function Findings({ findings }: { findings: FixFindingView[] }) {
  return (
    <ul className="space-y-1.5">
      {findings.map((f, i) => (
        <li key={`${f.id}-${f.host ?? ""}-${i}`} className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
          <SeverityBadge severity={f.severity} />
          <a href={`#${f.anchor}`} className="text-blue-700 underline-offset-2 hover:underline">
            {f.title}
          </a>
          {f.host ? <code className="font-mono text-xs text-slate-700 [overflow-wrap:anywhere]">{f.host}</code> : null}
          <code className="font-mono text-xs text-slate-500">{f.id}</code>
        </li>
      ))}
    </ul>
  );
}

function Part({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div>
      <h4 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h4>
      {children}
    </div>
  );
}

function Callout({ tone, children }: { tone: "warn" | "info"; children: ReactNode }) {
  const Icon = tone === "warn" ? TriangleAlert : Info;
  return (
    <div className={`flex gap-2 rounded-md border px-3 py-2 text-sm ${tone === "warn" ? "border-amber-300 bg-amber-50 text-amber-950" : "border-slate-200 bg-slate-50 text-slate-800"}`}>
      <Icon aria-hidden className={`mt-0.5 h-4 w-4 shrink-0 ${tone === "warn" ? "text-amber-700" : "text-slate-500"}`} />
      <div className="min-w-0 space-y-1">{children}</div>
    </div>
  );
}

function Files({ step, domain }: { step: FixStepView; domain: string }) {
  return (
    <div className="space-y-3">
      {step.policyFile ? (
        <>
          <p className="text-sm text-slate-800">
            Serve this file at <code className="font-mono text-[0.8125rem] [overflow-wrap:anywhere]">{step.policyFile.url}</code> over HTTPS, status 200, <code className="font-mono">text/plain</code>, no redirects.
          </p>
          <CodeBlock text={step.policyFile.text} label="mta-sts.txt" />
        </>
      ) : null}
      {step.records.map((r, i) => (
        <RecordBlock key={`${i}-${r.zoneLine}`} name={r.name} zone={domain} type={r.type} ttl={r.ttl} value={r.value} strings={r.strings} zoneLine={r.zoneLine} placeholders={r.placeholders} />
      ))}
      {step.rawLines.length > 0 ? <CodeBlock text={step.rawLines.join("\n")} label="Suggested lines" /> : null}
    </div>
  );
}

function SharedStep({ step, index, domain }: { step: FixStepView; index: number; domain: string }) {
  const anchor = stepAnchor(step.key);
  const hasFiles = step.policyFile !== undefined || step.records.length > 0 || step.rawLines.length > 0;
  return (
    <section id={anchor} aria-labelledby={`${anchor}-h`} className="scroll-mt-4 rounded-lg border border-slate-200 bg-white print:break-inside-avoid">
      <header className="flex flex-wrap items-start gap-x-3 gap-y-2 border-b border-slate-100 px-4 py-3">
        <div className="min-w-0 flex-1">
          <h3 id={`${anchor}-h`} className="text-base font-semibold text-slate-900">
            <span className="text-slate-500">{index}. </span>
            {step.title}
          </h3>
          <p className="mt-0.5 text-sm text-slate-600">{step.purpose}</p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <StepStateChip state={step.state} />
          <span className="text-xs text-slate-600">
            Owner: <span className="font-medium text-slate-800">{step.owners.join(" + ")}</span>
          </span>
        </div>
      </header>
      <div className="space-y-4 px-4 py-4">
        {step.state === "in-place" ? (
          <p className="text-sm text-emerald-900">
            Nothing to change: {step.areaTitle} passes in this scan.{" "}
            <a href={`#${step.areaAnchor}`} className="text-blue-700 underline hover:no-underline">See the evidence</a>
          </p>
        ) : null}
        {step.state === "unavailable" && step.unavailableReason ? <p className="text-sm text-slate-700">{step.unavailableReason}</p> : null}
        {step.fixes.length > 0 && step.state !== "in-place" ? (
          <Part title="Why — fixes these findings">
            <Findings findings={step.fixes} />
          </Part>
        ) : null}
        {step.warnings.map((w) => (
          <Callout key={w} tone="warn">
            <p>{w}</p>
          </Callout>
        ))}
        {step.state === "todo" && step.blockers.length > 0 ? (
          <Part title="First, on the mail server">
            <Findings findings={step.blockers} />
          </Part>
        ) : null}
        {step.state === "todo" && (hasFiles || step.where.length > 0) ? (
          <Part title="Where">
            <ul className="mb-3 list-disc space-y-1 pl-4 text-sm text-slate-700">
              {step.where.map((w) => (
                <li key={w} className="[overflow-wrap:anywhere]">{w}</li>
              ))}
            </ul>
            {hasFiles ? <Files step={step} domain={domain} /> : null}
          </Part>
        ) : null}
        {step.state === "todo" && step.notes.length > 0 ? (
          <Callout tone="info">
            <p className="font-medium">Notes from the scan</p>
            <ul className="list-disc space-y-0.5 pl-4">
              {step.notes.map((n) => (
                <li key={n} className="[overflow-wrap:anywhere]">{n}</li>
              ))}
            </ul>
          </Callout>
        ) : null}
        {step.state === "todo" && step.stages.length > 0 ? (
          <Part title="Roll it out in stages">
            <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-800">
              {step.stages.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ol>
          </Part>
        ) : null}
      </div>
    </section>
  );
}

/** The fix plan under the shared report (docs/ui.md §0: verdict → why → evidence → fix). */
export function SharedFixAdvice({ domain, steps, acceptsMail, seriousFindings }: { domain: string; steps: FixStepView[]; acceptsMail: boolean; seriousFindings: number }) {
  const todo = steps.filter((s) => s.state === "todo").length;
  return (
    <section aria-labelledby="shared-fix-h" className="space-y-4">
      <div>
        <h2 id="shared-fix-h" className="text-lg font-semibold">
          How to fix it
        </h2>
        <p className="text-sm text-slate-700">
          {todo > 0
            ? `${todo} ${todo === 1 ? "step" : "steps"} to take.`
            : seriousFindings > 0
              ? "No suggested file fixes the critical or high findings of this scan: see each finding's fix above."
              : "Nothing to publish."}{" "}
          These are suggestions built from what the scan observed: review them before publishing.
          {!acceptsMail ? ` ${domain} accepts no mail (null MX), so MTA-STS, TLS-RPT and DANE do not apply.` : ""}
        </p>
      </div>
      {steps.map((step, i) => (
        <SharedStep key={step.key} step={step} index={i + 1} domain={domain} />
      ))}
    </section>
  );
}
