/**
 * Skeleton of the portfolio overview (docs/ui.md §5.1 "loading → 10 skeleton rows"): title, five stat
 * cards, the filter bar and ten rows of fixed height, so nothing jumps when the data arrives.
 */
export default function PortfolioLoading() {
  return (
    <div className="space-y-5" aria-busy="true">
      <p role="status" className="sr-only">
        Loading…
      </p>
      <div className="flex flex-col gap-3 lg:flex-row lg:items-end lg:justify-between">
        <div className="space-y-2">
          <div className="h-7 w-40 rounded bg-slate-200" />
          <div className="h-4 w-80 max-w-full rounded bg-slate-100" />
        </div>
        <div className="h-9 w-full rounded-md bg-slate-200 sm:w-[36rem]" />
      </div>
      <div className="grid grid-cols-2 gap-2 sm:gap-3 lg:grid-cols-5">
        {[0, 1, 2, 3, 4].map((i) => (
          <div key={i} className={`h-[7.5rem] rounded-lg border border-slate-200 bg-white p-3 motion-safe:animate-pulse ${i === 0 ? "col-span-2 lg:col-span-1" : ""}`}>
            <div className="h-4 w-28 rounded bg-slate-200" />
            <div className="mt-3 h-7 w-16 rounded bg-slate-200" />
            <div className="mt-3 h-3 w-32 max-w-full rounded bg-slate-100" />
          </div>
        ))}
      </div>
      <div className="h-[8.5rem] rounded-lg border border-slate-200 bg-white p-3">
        <div className="h-4 w-28 rounded bg-slate-200" />
        <div className="mt-2 h-9 w-full rounded bg-slate-100" />
        <div className="mt-3 hidden h-9 w-full rounded bg-slate-100 md:block" />
      </div>
      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
        <div className="h-10 border-b border-slate-200 bg-slate-50" />
        {Array.from({ length: 10 }, (_, i) => (
          <div key={i} className="flex h-[3.25rem] items-center gap-4 border-b border-slate-100 px-3 motion-safe:animate-pulse">
            <div className="h-4 w-4 rounded bg-slate-200" />
            <div className="h-4 w-44 rounded bg-slate-200" />
            <div className="h-7 w-7 rounded-md bg-slate-200" />
            <div className="hidden h-4 w-16 rounded bg-slate-100 md:block" />
            <div className="hidden h-5 w-24 rounded bg-slate-100 md:block" />
            <div className="hidden h-4 w-20 rounded bg-slate-100 lg:block" />
            <div className="hidden h-4 w-16 rounded bg-slate-100 lg:block" />
            <div className="ml-auto h-4 w-24 rounded bg-slate-100" />
          </div>
        ))}
      </div>
    </div>
  );
}
