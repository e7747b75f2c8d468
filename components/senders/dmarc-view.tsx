import { CircleCheck, TriangleAlert } from "lucide-react";
import { UntrustedText } from "@/components/ui/untrusted-text";
import type { DmarcReadiness } from "@/lib/report/senders/readiness";
import type { Count, DmarcSource } from "@/lib/report/senders/view-types";
import { fmt, share } from "./format";

/** "Ready for p=quarantine/reject?" in words, with what holds it back (lib/report/senders/readiness.ts). */
export function ReadinessVerdict({ readiness }: { readiness: DmarcReadiness }) {
  // p=reject already published (no next step) is the goal reached, not a warning.
  const Icon = readiness.ready || readiness.target === null ? CircleCheck : TriangleAlert;
  const tone = readiness.target === null ? "border-slate-300 bg-slate-50" : readiness.ready ? "border-green-600 bg-green-50" : "border-amber-500 bg-amber-50";
  return (
    <div className={`rounded-md border p-3 text-sm print:border-black print:bg-white ${tone}`}>
      <p className="flex items-start gap-2 font-medium text-slate-900">
        <Icon aria-hidden className="mt-0.5 h-4 w-4 shrink-0" />
        <span>
          {readiness.target === null ? "p=reject is published" : readiness.ready ? `Ready for p=${readiness.target}` : `Not ready for p=${readiness.target} yet`}
        </span>
      </p>
      <p className="mt-1 text-slate-700">
        <UntrustedText value={readiness.summary} />
      </p>
    </div>
  );
}

function SourceName({ s }: { s: DmarcSource }) {
  if (s.name) return <UntrustedText value={s.name} mono />;
  return <span className="text-slate-600">{s.lookedUp ? "no reverse name" : "not looked up yet"}</span>;
}

function SourceTable({ caption, sources, failing }: { caption: string; sources: DmarcSource[]; failing?: boolean }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="mb-1 text-left font-medium text-slate-800">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-200">
            <th scope="col" className="py-1 pr-3">Source address</th>
            <th scope="col" className="py-1 pr-3">Reverse DNS</th>
            <th scope="col" className="py-1 pr-3 text-right">Messages</th>
            <th scope="col" className="py-1 pr-3 text-right">Pass</th>
            <th scope="col" className="py-1 text-right">{failing ? "Fail" : "Fail (share)"}</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr key={s.sourceIp} className="border-b border-slate-100 align-top">
              <th scope="row" className="py-1 pr-3 font-normal">
                <UntrustedText value={s.sourceIp} mono keepWords />
              </th>
              <td className="py-1 pr-3">
                <SourceName s={s} />
              </td>
              <td className="py-1 pr-3 text-right tabular-nums">{fmt(s.messages)}</td>
              <td className="py-1 pr-3 text-right tabular-nums">{fmt(s.pass)}</td>
              <td className="py-1 text-right tabular-nums">
                {fmt(s.fail)} <span className="text-slate-500">({share(s.fail, s.messages)})</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The DMARC view (docs/ui.md §5.8): volume by source with pass/fail, the top failing sources with
 * their reverse DNS names (looked up in the background: "not looked up yet" until then) and what
 * receivers did with the mail (disposition).
 */
export function DmarcView({ bySource, topFailing, dispositions, messages }: { bySource: DmarcSource[]; topFailing: DmarcSource[]; dispositions: Count[]; messages: number }) {
  if (bySource.length === 0) {
    return <p className="text-sm text-slate-600">No DMARC aggregate reports in the last 30 days. Publish <code className="font-mono">rua=mailto:…</code> in the <code className="font-mono">_dmarc</code> record to receive them (RFC 7489 §7.2).</p>;
  }
  return (
    <div className="space-y-5">
      {topFailing.length > 0 ? <SourceTable caption="Top failing sources" sources={topFailing} failing /> : <p className="text-sm text-slate-700">No source failed DMARC in the last 30 days.</p>}
      <SourceTable caption="Volume by source" sources={bySource} />
      {dispositions.length > 0 ? (
        <div>
          <h3 className="mb-1 text-sm font-medium text-slate-800">What receivers did (disposition)</h3>
          <ul className="space-y-0.5 text-sm">
            {dispositions.map((d) => (
              <li key={d.label} className="flex justify-between gap-3">
                <UntrustedText value={d.label} mono />
                <span className="tabular-nums">
                  {fmt(d.sessions)} <span className="text-slate-500">of {fmt(messages)} ({share(d.sessions, messages)})</span>
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
