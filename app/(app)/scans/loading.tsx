/** Skeleton of the queue monitor: four counters and a table of fixed-height rows. */
export default function ScansLoading() {
  return (
    <div className="space-y-5" aria-busy="true">
      <p role="status" className="sr-only">
        Loading the scan queue…
      </p>
      <div className="space-y-2">
        <div className="h-7 w-32 rounded bg-slate-200" />
        <div className="h-4 w-96 max-w-full rounded bg-slate-100" />
      </div>
      <div className="grid grid-cols-2 gap-2 sm:gap-3 lg:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="h-[5.5rem] rounded-lg border border-slate-200 bg-white p-3 motion-safe:animate-pulse">
            <div className="h-4 w-20 rounded bg-slate-200" />
            <div className="mt-2 h-7 w-12 rounded bg-slate-200" />
          </div>
        ))}
      </div>
      <div className="h-5 w-40 rounded bg-slate-200" />
      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
        <div className="h-9 border-b border-slate-200 bg-slate-50" />
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="flex h-14 items-center gap-4 border-b border-slate-100 px-3 motion-safe:animate-pulse">
            <div className="h-4 w-40 rounded bg-slate-200" />
            <div className="h-4 w-20 rounded bg-slate-100" />
            <div className="hidden h-4 w-28 rounded bg-slate-100 sm:block" />
            <div className="hidden h-4 w-28 rounded bg-slate-100 sm:block" />
          </div>
        ))}
      </div>
    </div>
  );
}
