import { ArrowDown, ArrowRight } from "lucide-react";
import Link from "next/link";
import { ExposureBadge } from "@/components/report/exposure-badge";
import { GradeBadge } from "@/components/report/grade-badge";
import { formatAge } from "@/lib/report/format";
import type { ExposureVerdict } from "@/lib/report/verdict";
import { formatDuration, formatScanTime, scanHref } from "./format";

export type CompareSideView = {
  id: string;
  finishedAt: string;
  durationMs: number | null;
  grade: string;
  score: number;
  rulesetVersion: number | null;
  scannerVersion: string | null;
  exposure: string;
};

function Side({ domain, side, role, now }: { domain: string; side: CompareSideView; role: "Before" | "After"; now: Date }) {
  const duration = formatDuration(side.durationMs);
  return (
    <section aria-label={`${role}: scan of ${formatScanTime(side.finishedAt)}`} className={`min-w-0 flex-1 rounded-lg border bg-white p-4 ${role === "After" ? "border-slate-400" : "border-slate-200"}`}>
      <p className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{role === "Before" ? "Before · older scan" : "After · newer scan"}</p>
      <div className="mt-2 flex items-start gap-3">
        <GradeBadge grade={side.grade} score={side.score} size="lg" />
        <div className="min-w-0 space-y-1">
          <p className="text-lg font-semibold">
            Grade {side.grade} · {side.score}/100
          </p>
          <ExposureBadge verdict={side.exposure as ExposureVerdict} size="sm" />
        </div>
      </div>
      <p className="mt-3 text-sm text-slate-700">
        <time dateTime={side.finishedAt} className="font-medium text-slate-900">{formatScanTime(side.finishedAt)}</time>
        <span className="text-slate-600"> · {formatAge(now.getTime() - Date.parse(side.finishedAt))}</span>
      </p>
      <p className="text-xs text-slate-600">
        {[duration ? `took ${duration}` : null, side.scannerVersion ? `scanner ${side.scannerVersion}` : null, side.rulesetVersion !== null ? `rules ${side.rulesetVersion}` : "rules unknown"].filter(Boolean).join(" · ")}
      </p>
      <Link href={scanHref(domain, side.id)} className="no-print mt-2 inline-block text-sm text-blue-700 underline-offset-2 hover:underline">
        Open this report<span className="sr-only"> ({formatScanTime(side.finishedAt)})</span>
      </Link>
    </section>
  );
}

/** The two scans, older on the left and newer on the right (stacked, older on top, when narrow). */
export function CompareSides({ domain, older, newer, now }: { domain: string; older: CompareSideView; newer: CompareSideView; now: Date }) {
  return (
    <div className="flex flex-col items-stretch gap-2 md:flex-row md:items-center">
      <Side domain={domain} side={older} role="Before" now={now} />
      <div aria-hidden className="flex justify-center text-slate-500">
        <ArrowRight className="hidden h-6 w-6 md:block" />
        <ArrowDown className="h-5 w-5 md:hidden" />
      </div>
      <Side domain={domain} side={newer} role="After" now={now} />
    </div>
  );
}
