import Link from "next/link";

/** The trend period as links (the period lives in the URL, so a view can be pasted). */
export function PeriodSelect({ periods, current, hrefFor }: { periods: readonly number[]; current: number; hrefFor: (weeks: number) => string }) {
  return (
    <nav aria-label="Period" className="no-print inline-flex rounded-md border border-slate-300 bg-white p-0.5">
      {periods.map((w) => (
        <Link
          key={w}
          href={hrefFor(w)}
          aria-current={w === current ? "page" : undefined}
          className={`rounded px-3 py-1.5 text-sm font-medium ${w === current ? "bg-slate-900 text-white" : "text-blue-800 hover:bg-slate-100"}`}
        >
          {w} weeks
        </Link>
      ))}
    </nav>
  );
}
