import type { ReactNode } from "react";
import type { AreaSummary } from "@/lib/report/area-facts";
import type { AreaMeta, FindingGroup } from "@/lib/report/areas";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { CatalogueText, FactList, HostName, RfcRefs } from "./parts";
import { SeverityBadge } from "./severity-badge";
import { StatusIcon, StatusLabel } from "./status-label";

/** The urgency tone of an area's status icon: a missing area takes the colour of its worst finding (docs/ui.md §3). */
export function areaTone(summary: AreaSummary, groups: FindingGroup[]): string | undefined {
  if (summary.status !== "missing") return undefined;
  const worst = groups[0]?.severity;
  return worst === "critical" || worst === "high" ? "text-red-800" : worst === "medium" ? "text-amber-800" : "text-slate-600";
}

/**
 * One area (docs/ui.md §4 AreaCard): status and a one-sentence verdict, key facts, the record as
 * published, the area's findings (linking to their full entries), then Evidence and Explanation.
 * Evidence is open when the area does not pass.
 */
export function AreaCard({ meta, summary, groups, evidence }: { meta: AreaMeta; summary: AreaSummary; groups: FindingGroup[]; evidence: ReactNode }) {
  const headingId = `${meta.anchor}-h`;
  const tone = areaTone(summary, groups);
  const openEvidence = summary.status !== "pass" && summary.status !== "n/a";
  return (
    <section id={meta.anchor} aria-labelledby={headingId} className="scroll-mt-4 rounded-lg border border-slate-200 bg-white print:break-inside-avoid-page">
      <div className="space-y-3 p-4">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <StatusIcon status={summary.status} tone={tone} className="h-5 w-5" />
          <h3 id={headingId} className="text-base font-semibold text-slate-900">
            {meta.title}
          </h3>
          <StatusLabel status={summary.status} tone={tone} />
        </div>
        <p className="text-sm text-slate-500">{meta.purpose}</p>
        <p className="font-medium text-slate-900">
          <UntrustedText value={summary.verdict} />
        </p>
        <FactList facts={summary.facts} />
        {summary.records ? (
          // Several records (or one receivers discard): each exactly as published (spec "Records as published").
          <div className="min-w-0 rounded-md bg-slate-50 px-3 py-2 print:bg-white print:ring-1 print:ring-slate-300">
            <div className="text-xs font-medium uppercase tracking-wide text-slate-500">
              {summary.records.length === 1 ? "Published record" : `Published records (${summary.records.length})`}
            </div>
            {summary.records.map((r, i) => (
              <p key={i} className="font-mono text-[0.8125rem] text-slate-900">
                <UntrustedText value={r} />
              </p>
            ))}
          </div>
        ) : summary.record ? (
          <div className="min-w-0 rounded-md bg-slate-50 px-3 py-2 print:bg-white print:ring-1 print:ring-slate-300">
            <div className="text-xs font-medium uppercase tracking-wide text-slate-500">Published record</div>
            <p className="font-mono text-[0.8125rem] text-slate-900">
              <UntrustedText value={summary.record} />
            </p>
          </div>
        ) : null}
        {groups.length > 0 ? (
          <div>
            <h4 className="text-xs font-medium uppercase tracking-wide text-slate-500">Findings in this area</h4>
            <ul className="mt-1 space-y-1">
              {groups.map((g) => {
                const hosts = g.items.map((i) => i.host).filter((h): h is string => Boolean(h));
                return (
                  <li key={g.id} className="text-sm">
                    <span className="mr-2 inline-block align-middle">
                      <SeverityBadge severity={g.severity} />
                    </span>
                    <a href={`#${g.anchor}`} className="mr-2 text-blue-700 hover:underline">
                      {g.title}
                    </a>
                    {hosts.length > 0 ? (
                      <span className="text-xs text-slate-500">
                        {hosts.map((h, i) => (
                          <span key={i} className="mr-1.5 inline-block">
                            <HostName name={h} />
                            {i < hosts.length - 1 ? "," : ""}
                          </span>
                        ))}
                      </span>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </div>
        ) : summary.status === "pass" ? (
          <p className="text-sm text-slate-600">No findings in this area.</p>
        ) : null}
      </div>
      <details open={openEvidence} className="group border-t border-slate-200">
        <summary className="cursor-pointer px-4 py-2.5 text-sm font-semibold text-slate-800 hover:bg-slate-50">Evidence</summary>
        <div className="min-w-0 px-4 pb-4">{evidence}</div>
      </details>
      <details className="border-t border-slate-200">
        <summary className="cursor-pointer px-4 py-2.5 text-sm font-semibold text-slate-800 hover:bg-slate-50">Explanation</summary>
        <div className="space-y-2 px-4 pb-4 text-sm text-slate-700">
          <p>
            <CatalogueText text={meta.explanation} />
          </p>
          <p className="text-slate-600">
            Reference: <RfcRefs text={meta.rfc} />
          </p>
        </div>
      </details>
    </section>
  );
}
