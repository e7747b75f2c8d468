import { Download } from "lucide-react";
import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";

/**
 * A trend chart's card (docs/ui.md §4 ChartCard): title, the one-sentence takeaway, the denominator,
 * the chart with its legend, then the "Data" table (a native disclosure, so it works without
 * JavaScript) and the CSV download.
 */
export function ChartCard({
  id,
  title,
  takeaway,
  denominator,
  legend,
  note,
  chart,
  table,
  csvHref,
  className = "",
}: {
  id: string;
  title: string;
  takeaway: string;
  denominator: string;
  legend?: ReactNode;
  note?: string | null;
  chart: ReactNode;
  table: ReactNode;
  csvHref: string;
  className?: string;
}) {
  return (
    <section id={id} aria-labelledby={`${id}-h`} className={`min-w-0 rounded-lg border border-slate-200 bg-white p-4 print:break-inside-avoid ${className}`}>
      <h2 id={`${id}-h`} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      <p className="mt-1 text-[0.9375rem] font-medium text-slate-900">{takeaway}</p>
      <p className="mt-0.5 text-xs text-slate-600">{denominator}</p>
      <figure className="mt-3 space-y-2">
        {chart}
        <figcaption className="space-y-1">
          {legend}
          {note ? <p className="text-xs text-slate-600">{note}</p> : null}
        </figcaption>
      </figure>
      <div className="no-print relative mt-3 border-t border-slate-100 pt-3">
        <details className="group min-w-0">
          <summary className={`${buttonClass("secondary", "sm")} cursor-pointer list-none [&::-webkit-details-marker]:hidden`}>
            <span className="group-open:hidden">Show data</span>
            <span className="hidden group-open:inline">Hide data</span>
          </summary>
          <div className="mt-2">{table}</div>
        </details>
        <a href={csvHref} download className={`absolute top-3 right-0 ${buttonClass("ghost", "sm")}`}>
          <Download aria-hidden className="h-3.5 w-3.5" />
          CSV<span className="sr-only"> of {title}</span>
        </a>
      </div>
    </section>
  );
}
