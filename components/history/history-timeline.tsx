import Link from "next/link";
import { ExposureBadge } from "@/components/report/exposure-badge";
import { GradeBadge } from "@/components/report/grade-badge";
import { UntrustedText } from "@/components/ui/untrusted-text";
import type { ScanChange } from "@/lib/report/diff";
import { EXPOSURE_WORD, type ExposureVerdict } from "@/lib/report/verdict";
import { formatAge } from "@/lib/report/format";
import { compareHref, formatDuration, formatScanTime, scanHref } from "./format";
import { GradeChange } from "./grade-change";
import { ScanStatus, type ScanStatusValue } from "./scan-status";

export type TimelineRow = {
  id: string;
  status: ScanStatusValue;
  requestedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  grade: string | null;
  score: number | null;
  /** Why the scan has no grade; then neither grade nor score is shown. */
  notGraded?: string | null;
  rulesetVersion: number | null;
  error: string | null;
  exposure: string | null;
  previousId: string | null;
  change: ScanChange | null;
};

const MAX_HIGHLIGHTS = 4;

function ChangeSummary({ change }: { change: ScanChange }) {
  if (change.identical) return <p className="text-sm text-slate-600">No changes since the previous scan</p>;
  const extra = change.highlights.length - MAX_HIGHLIGHTS;
  return (
    <div className="space-y-1">
      <p className="flex flex-wrap items-center gap-1.5 text-sm">
        {change.newFindings > 0 ? (
          <span className="rounded border border-amber-600 bg-amber-50 px-1.5 py-px text-xs font-semibold text-amber-900 print:border-black print:bg-white">
            +{change.newFindings} new {change.newFindings === 1 ? "finding" : "findings"}
          </span>
        ) : null}
        {change.resolvedFindings > 0 ? (
          <span className="rounded border border-emerald-600 bg-emerald-50 px-1.5 py-px text-xs font-semibold text-emerald-900 print:border-black print:bg-white">
            {"\u2212"}
            {change.resolvedFindings} resolved
          </span>
        ) : null}
        {change.newFindings === 0 && change.resolvedFindings === 0 ? <span className="text-xs text-slate-600">Same findings</span> : null}
        {change.rulesChanged ? <span className="rounded border border-dashed border-slate-400 px-1.5 py-px text-xs text-slate-700">scored with different rules</span> : null}
      </p>
      {change.highlights.length > 0 ? (
        <ul className="flex flex-wrap gap-x-3 gap-y-0.5 text-sm text-slate-700" aria-label="Record changes">
          {change.highlights.slice(0, MAX_HIGHLIGHTS).map((h) => (
            <li key={h} className="[overflow-wrap:anywhere] before:mr-1 before:text-slate-400 before:content-['•']">
              {h}
            </li>
          ))}
          {extra > 0 ? <li className="text-slate-500">and {extra} more</li> : null}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * The change timeline, newest first: when, state, grade, what changed since the previous finished
 * scan, and the way to its report or its compare view. Rows are cards on narrow screens.
 */
export function HistoryTimeline({ domain, rows, now, selectable, latestId }: { domain: string; rows: TimelineRow[]; now: Date; selectable: boolean; latestId?: string | null }) {
  return (
    <ol className="divide-y divide-slate-100" aria-label={`Scans of ${domain}, newest first`}>
      {rows.map((r) => {
        const when = r.finishedAt ?? r.requestedAt;
        const duration = formatDuration(r.durationMs);
        const done = r.status === "done";
        const label = formatScanTime(when);
        return (
          <li key={r.id} className="flex gap-3 px-4 py-3 print:break-inside-avoid" data-scan-id={r.id}>
            <div className="w-6 shrink-0 pt-0.5">
              {selectable && done ? (
                <input type="checkbox" name="scan" value={r.id} aria-label={`Select the scan of ${label} to compare`} className="no-print h-5 w-5 accent-blue-700" />
              ) : null}
            </div>
            <div className="grid min-w-0 flex-1 gap-x-6 gap-y-2 md:grid-cols-[13rem_10rem_minmax(0,1fr)_auto]">
              <div className="min-w-0">
                <time dateTime={when} className="block text-sm font-medium text-slate-900">
                  {label}
                </time>
                <p className="text-xs text-slate-600">
                  {formatAge(now.getTime() - Date.parse(when))}
                  {duration ? ` · took ${duration}` : ""}
                  {r.rulesetVersion !== null ? ` · rules ${r.rulesetVersion}` : ""}
                </p>
                {r.id === latestId ? <span className="mt-1 inline-block rounded bg-slate-900 px-1.5 py-px text-[0.6875rem] font-semibold text-white print:bg-white print:text-black print:ring-1 print:ring-black">Latest</span> : null}
              </div>
              <div className="flex flex-wrap items-start gap-2 md:flex-col md:gap-1">
                {done ? (
                  <>
                    <span className="inline-flex items-center gap-2">
                      <GradeBadge grade={r.grade} score={r.score} notGraded={r.notGraded} />
                      <span className="text-sm text-slate-700">{r.notGraded ? "Not graded" : `${r.score}/100`}</span>
                    </span>
                    {r.change ? <GradeChange before={r.change.gradeBefore} after={r.change.gradeAfter} direction={r.change.direction} scoreDelta={r.change.scoreDelta} /> : <span className="text-sm text-slate-600">First finished scan</span>}
                  </>
                ) : (
                  <ScanStatus status={r.status} />
                )}
              </div>
              <div className="min-w-0 space-y-1">
                {done ? (
                  <>
                    {r.exposure ? (
                      <p className="flex flex-wrap items-center gap-2">
                        <ExposureBadge verdict={r.exposure as ExposureVerdict} size="sm" />
                        {r.change?.exposureBefore && r.change.exposureBefore !== r.change.exposureAfter ? (
                          <span className="text-xs text-slate-600">was {EXPOSURE_WORD[r.change.exposureBefore as ExposureVerdict] ?? r.change.exposureBefore}</span>
                        ) : null}
                      </p>
                    ) : null}
                    {r.change ? <ChangeSummary change={r.change} /> : <p className="text-sm text-slate-600">History starts here: nothing earlier to compare with.</p>}
                  </>
                ) : r.status === "failed" ? (
                  <p className="text-sm text-red-900">
                    <span className="font-medium">Scan failed: </span>
                    <UntrustedText value={r.error ?? "no reason recorded"} maxBytes={300} />
                    <span className="block text-xs text-slate-600">No report was stored for this attempt; it does not count in the grade history.</span>
                  </p>
                ) : (
                  <p className="text-sm text-slate-600">{r.status === "queued" ? "Waiting for a worker." : "In progress."} The report appears here when it finishes.</p>
                )}
              </div>
              <div className="no-print flex flex-wrap items-start gap-x-3 gap-y-1 text-sm md:flex-col md:items-end">
                {done ? (
                  <Link href={scanHref(domain, r.id)} className="text-blue-700 underline-offset-2 hover:underline">
                    Report<span className="sr-only"> of {label}</span>
                  </Link>
                ) : null}
                {done && r.previousId ? (
                  <Link href={compareHref(domain, r.previousId, r.id)} className="text-blue-700 underline-offset-2 hover:underline">
                    Compare with previous<span className="sr-only"> ({label})</span>
                  </Link>
                ) : null}
              </div>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
