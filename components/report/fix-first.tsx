import { ArrowRight } from "lucide-react";
import Link from "next/link";
import { hasSuggestedFix, type FindingGroup } from "@/lib/report/areas";
import { dueText, type Deadline } from "@/lib/report/deadlines";
import { SeverityBadge } from "./severity-badge";

/**
 * The first few things to fix (docs/ui.md §5.2 "Fix first"; printed on the summary page), in the
 * order of lib/report/deadlines.ts fixFirstOrder: what refuses mail now, then what is due within
 * days, then the rest worst first.
 */
export function FixFirst({ items, fixHref, limit = 5 }: { items: { group: FindingGroup; due?: Deadline }[]; fixHref?: string; limit?: number }) {
  const top = items.slice(0, limit);
  if (top.length === 0) return null;
  const more = items.length - top.length;
  return (
    <section id="fix-first" aria-labelledby="fix-first-h" className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-4 print:break-inside-avoid">
      <h2 id="fix-first-h" className="text-lg font-semibold">
        Fix first
      </h2>
      <ol className="mt-2 divide-y divide-slate-100">
        {top.map(({ group: g, due }, i) => (
          <li key={g.id} className="grid grid-cols-[1.5rem_minmax(0,1fr)] items-baseline gap-x-2 py-2 text-sm">
            <span className="text-right font-semibold text-slate-500">{i + 1}.</span>
            <div className="min-w-0 sm:flex sm:items-baseline sm:gap-3">
              <span className="min-w-0 sm:flex-1">
                <span className="mr-2 inline-block align-middle">
                  <SeverityBadge severity={g.severity} />
                </span>
                <a href={`#${g.anchor}`} className="font-medium text-blue-700 hover:underline">
                  {g.title}
                </a>
                {due ? <span className="ml-2 font-semibold text-red-800 print:text-black">{dueText(due)}</span> : null}
              </span>
              <span className="mt-1 flex flex-wrap items-center gap-x-3 text-xs text-slate-600 sm:mt-0 sm:shrink-0">
                <span>{[g.owner, g.effort ? (g.effort === "project" ? "a project" : g.effort) : undefined].filter(Boolean).join(" · ")}</span>
                {fixHref && hasSuggestedFix(g.id) ? (
                  <Link href={fixHref} className="no-print inline-flex items-center gap-0.5 font-medium whitespace-nowrap text-blue-700 hover:underline">
                    Suggested file <ArrowRight aria-hidden className="h-3 w-3" />
                  </Link>
                ) : null}
              </span>
            </div>
          </li>
        ))}
      </ol>
      {more > 0 ? (
        <p className="mt-1 text-sm text-slate-600">
          and <a href="#findings" className="text-blue-700 underline hover:no-underline">{more} more</a> below.
        </p>
      ) : null}
    </section>
  );
}
