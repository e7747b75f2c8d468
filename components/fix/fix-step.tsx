import Link from "next/link";
import type { ReactNode } from "react";
import { CircleCheck, CircleMinus, Download, Info, TriangleAlert, Wrench } from "lucide-react";
import { SeverityBadge } from "@/components/report/severity-badge";
import { buttonClass } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { RecordBlock } from "@/components/ui/record-block";
import { UntrustedText } from "@/components/ui/untrusted-text";
import type { FixFindingView, FixRecordView, FixStepView } from "./types";

const STATE = {
  todo: { word: "To do", Icon: Wrench, tone: "border-slate-300 bg-slate-100 text-slate-800" },
  "in-place": { word: "Already in place", Icon: CircleCheck, tone: "border-emerald-600 bg-emerald-50 text-emerald-900" },
  unavailable: { word: "No suggestion", Icon: CircleMinus, tone: "border-slate-300 bg-white text-slate-600" },
} as const;

export function StepStateChip({ state }: { state: FixStepView["state"] }) {
  const s = STATE[state];
  return (
    <span className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium ${s.tone}`}>
      <s.Icon aria-hidden className="h-3.5 w-3.5" />
      {s.word}
    </span>
  );
}

export const stepAnchor = (key: string) => `step-${key}`;

const reportHref = (domain: string, anchor: string) => `/domains/${encodeURIComponent(domain)}#${anchor}`;
export const fileHref = (domain: string, file: string) => `/api/domains/${encodeURIComponent(domain)}/files/${encodeURIComponent(file)}`;

function FindingLinks({ findings, domain }: { findings: FixFindingView[]; domain: string }) {
  return (
    <ul className="space-y-1.5">
      {findings.map((f, i) => (
        <li key={`${f.id}-${f.host ?? ""}-${i}`} className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
          <SeverityBadge severity={f.severity} />
          <Link href={reportHref(domain, f.anchor)} className="text-blue-700 underline-offset-2 hover:underline">
            {f.title}
          </Link>
          {f.host ? <code className="font-mono text-xs text-slate-700 [overflow-wrap:anywhere]">{f.host}</code> : null}
          <code className="font-mono text-xs text-slate-500">{f.id}</code>
        </li>
      ))}
    </ul>
  );
}

function SubHeading({ children }: { children: string }) {
  return <h3 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-slate-500">{children}</h3>;
}

function Records({ records, domain, rawLines }: { records: FixRecordView[]; domain: string; rawLines: string[] }) {
  return (
    <div className="space-y-3">
      {records.map((r, i) => {
        // Several records at one name (TLSA for a current and a next key) get numbered copy-button names.
        const same = records.filter((o) => o.name === r.name && o.type === r.type);
        const label = same.length > 1 ? `${r.name} ${r.type} record ${same.indexOf(r) + 1} of ${same.length}` : undefined;
        return <RecordBlock key={`${i}-${r.zoneLine}`} name={r.name} zone={domain} type={r.type} ttl={r.ttl} value={r.value} strings={r.strings} zoneLine={r.zoneLine} placeholders={r.placeholders} {...(label ? { label } : {})} />;
      })}
      {rawLines.length > 0 ? <CodeBlock text={rawLines.join("\n")} label="Suggested lines" /> : null}
    </div>
  );
}

const SERVING_RULES = [
  "HTTPS with a certificate valid for the mta-sts host name, from a CA senders trust",
  "Status 200 and Content-Type: text/plain",
  "No redirects: senders must not follow them (RFC 8461 §3.3)",
];

function PolicyFile({ file, domain }: { file: NonNullable<FixStepView["policyFile"]>; domain: string }) {
  return (
    <div className="space-y-3">
      <div className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
        <p className="font-medium text-slate-800">Serve this file at</p>
        <code className="mt-0.5 block font-mono text-[0.8125rem] text-slate-900 [overflow-wrap:anywhere]">{file.url}</code>
        <ul className="mt-2 space-y-0.5 text-slate-700">
          {SERVING_RULES.map((rule) => (
            <li key={rule} className="flex gap-2">
              <span aria-hidden className="text-slate-400">–</span>
              {rule}
            </li>
          ))}
        </ul>
      </div>
      <CodeBlock
        text={file.text}
        label="mta-sts.txt"
        actions={
          <a href={fileHref(domain, file.download)} download="mta-sts.txt" className={`no-print ${buttonClass("secondary", "sm")}`} aria-label="Download mta-sts.txt">
            <Download aria-hidden className="h-3.5 w-3.5" />
            Download
          </a>
        }
      />
      {file.hostingNote ? (
        <details className="rounded-md border border-slate-200 bg-white text-sm">
          <summary className="cursor-pointer px-3 py-2 font-medium text-blue-800">How to serve it — example web server configuration</summary>
          <div className="border-t border-slate-200 p-3">
            <CodeBlock text={file.hostingNote} label="Hosting note" />
          </div>
        </details>
      ) : null}
    </div>
  );
}

function Callout({ tone, title, children }: { tone: "warn" | "info"; title?: string; children: ReactNode }) {
  const style = tone === "warn" ? "border-amber-300 bg-amber-50 text-amber-950" : "border-slate-200 bg-slate-50 text-slate-800";
  const Icon = tone === "warn" ? TriangleAlert : Info;
  return (
    <div className={`flex gap-2 rounded-md border px-3 py-2 text-sm ${style}`}>
      <Icon aria-hidden className={`mt-0.5 h-4 w-4 shrink-0 ${tone === "warn" ? "text-amber-700" : "text-slate-500"}`} />
      <div className="min-w-0 space-y-1">
        {title ? <p className="font-medium">{title}</p> : null}
        {children}
      </div>
    </div>
  );
}

function StepBody({ step, domain }: { step: FixStepView; domain: string }) {
  const hasFiles = step.policyFile !== undefined || step.records.length > 0 || step.rawLines.length > 0;
  return (
    <div className="space-y-5">
      {step.fixes.length > 0 ? (
        <div>
          <SubHeading>Why — fixes these findings</SubHeading>
          <FindingLinks findings={step.fixes} domain={domain} />
        </div>
      ) : null}
      {step.readiness ? (
        <Callout tone={step.readiness.ready ? "info" : "warn"} title={step.readiness.target === null ? "DMARC reports" : step.readiness.ready ? `Ready for p=${step.readiness.target}` : `Not ready for p=${step.readiness.target} yet`}>
          {/* The verdict quotes report data (source addresses): untrusted text. */}
          <p>
            <UntrustedText value={step.readiness.summary} />
          </p>
        </Callout>
      ) : null}
      {step.warnings.map((w) => (
        <Callout key={w} tone="warn">
          <p>{w}</p>
        </Callout>
      ))}
      {step.blockers.length > 0 ? (
        <div>
          <SubHeading>First, on the mail server</SubHeading>
          <FindingLinks findings={step.blockers} domain={domain} />
        </div>
      ) : null}
      {hasFiles || step.where.length > 0 ? (
        <div>
          <SubHeading>Where</SubHeading>
          <ul className="mb-3 space-y-1 text-sm text-slate-700">
            {step.where.map((w) => (
              <li key={w} className="flex gap-2">
                <span aria-hidden className="text-slate-400">–</span>
                <span className="min-w-0 [overflow-wrap:anywhere]">{w}</span>
              </li>
            ))}
          </ul>
          <div className={hasFiles ? "space-y-4" : "hidden"}>
            {step.policyFile ? <PolicyFile file={step.policyFile} domain={domain} /> : null}
            {step.records.length > 0 || step.rawLines.length > 0 ? (
              <div>
                {step.policyFile ? <p className="mb-2 text-sm font-medium text-slate-800">Then the DNS record</p> : null}
                <Records records={step.records} rawLines={step.rawLines} domain={domain} />
                {step.key === "mta-sts" ? <p className="mt-2 text-xs text-slate-600">Change the id every time the file changes: senders fetch the file again only when the id changes.</p> : null}
              </div>
            ) : null}
            {step.download && step.download !== step.policyFile?.download ? (
              <a href={fileHref(domain, step.download)} download className={buttonClass("secondary", "sm")}>
                <Download aria-hidden className="h-3.5 w-3.5" />
                Download {step.download}
              </a>
            ) : null}
          </div>
        </div>
      ) : null}
      {step.notes.length > 0 ? (
        <Callout tone="info" title="Notes from the scan">
          <ul className="list-disc space-y-0.5 pl-4">
            {step.notes.map((n) => (
              <li key={n} className="[overflow-wrap:anywhere]">{n}</li>
            ))}
          </ul>
        </Callout>
      ) : null}
      {step.stages.length > 0 ? (
        <div>
          <SubHeading>Roll it out in stages</SubHeading>
          <ol className="space-y-1.5 text-sm text-slate-800">
            {step.stages.map((s, i) => (
              <li key={s} className="flex gap-2">
                <span aria-hidden className="mt-px flex h-5 w-5 shrink-0 items-center justify-center rounded-full bg-slate-200 text-xs font-semibold text-slate-700">{i + 1}</span>
                <span>
                  <span className="sr-only">Stage {i + 1}: </span>
                  {s}
                </span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </div>
  );
}

/** One step of the fix plan: what to publish, where, why, and how to roll it out (docs/ui.md §5.6). */
export function FixStep({ step, index, domain, whatIf }: { step: FixStepView; index: number; domain: string; whatIf?: { href: string; label: string } }) {
  const anchor = stepAnchor(step.key);
  return (
    <section id={anchor} aria-labelledby={`${anchor}-h`} className="scroll-mt-4 rounded-lg border border-slate-200 bg-white print:break-inside-avoid">
      <header className="flex flex-wrap items-start gap-x-3 gap-y-2 border-b border-slate-100 px-4 py-3">
        <span aria-hidden className={`flex h-7 w-7 shrink-0 items-center justify-center rounded-full text-sm font-semibold ${step.state === "todo" ? "bg-slate-800 text-white" : "bg-slate-100 text-slate-600"}`}>
          {index}
        </span>
        <div className="min-w-0 flex-1">
          <h2 id={`${anchor}-h`} className="text-base font-semibold text-slate-900">
            <span className="sr-only">Step {index}: </span>
            {step.title}
          </h2>
          <p className="mt-0.5 text-sm text-slate-600">{step.purpose}</p>
        </div>
        <div className="flex w-full flex-wrap items-center gap-2 pl-10 sm:w-auto sm:pl-0">
          <StepStateChip state={step.state} />
          <span className="text-xs text-slate-600">
            Owner: <span className="font-medium text-slate-800">{step.owners.join(" + ")}</span>
          </span>
        </div>
      </header>
      <div className="px-4 py-4">
        {step.state === "in-place" ? (
          <div className="space-y-3">
            <p className="flex items-center gap-2 text-sm text-emerald-900">
              <CircleCheck aria-hidden className="h-4 w-4" />
              Nothing to change: {step.areaTitle} passes in this scan.{" "}
              <Link href={reportHref(domain, step.areaAnchor)} className="text-blue-700 underline hover:no-underline">See the evidence</Link>
            </p>
            {step.records.length > 0 || step.policyFile ? (
              <details className="rounded-md border border-slate-200 text-sm">
                <summary className="cursor-pointer px-3 py-2 font-medium text-blue-800">Show the suggested {step.policyFile ? "file" : step.records.length === 1 ? "record" : "records"} for reference</summary>
                <div className="border-t border-slate-200 p-3">
                  <StepBody step={{ ...step, stages: [], fixes: [] }} domain={domain} />
                </div>
              </details>
            ) : null}
          </div>
        ) : step.state === "unavailable" ? (
          <div className="space-y-3">
            <p className="text-sm text-slate-700">{step.unavailableReason}</p>
            {step.fixes.length > 0 ? (
              <div>
                <SubHeading>Open findings in this area</SubHeading>
                <FindingLinks findings={step.fixes} domain={domain} />
              </div>
            ) : null}
            {step.warnings.map((w) => (
              <Callout key={w} tone="warn">
                <p>{w}</p>
              </Callout>
            ))}
          </div>
        ) : (
          <StepBody step={step} domain={domain} />
        )}
        {whatIf && step.state !== "unavailable" ? (
          <p className="no-print mt-4 border-t border-slate-100 pt-3 text-sm">
            <a href={whatIf.href} className="font-medium text-blue-700 hover:underline">{whatIf.label}</a>
          </p>
        ) : null}
      </div>
    </section>
  );
}
