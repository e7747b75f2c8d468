/** Skeleton of the report while it loads: fixed-height blocks in the report's layout, no spinner. */
export default function Loading() {
  const bar = "animate-pulse rounded bg-slate-200 motion-reduce:animate-none";
  return (
    <div className="space-y-6" aria-busy="true">
      <p role="status" className="sr-only">
        Loading the report…
      </p>
      <div className="space-y-3">
        <div className={`${bar} h-4 w-40`} />
        <div className="flex gap-3 border-b border-slate-200 pb-2">
          <div className={`${bar} h-5 w-16`} />
          <div className={`${bar} h-5 w-16`} />
          <div className={`${bar} h-5 w-12`} />
        </div>
      </div>
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_280px]">
        <div className="space-y-6">
          <div className="space-y-2">
            <div className={`${bar} h-8 w-64`} />
            <div className={`${bar} h-4 w-96 max-w-full`} />
          </div>
          <div className="flex gap-4 rounded-lg border border-slate-200 bg-white p-4">
            <div className={`${bar} h-16 w-16 shrink-0`} />
            <div className="flex-1 space-y-2">
              <div className={`${bar} h-4 w-32`} />
              <div className={`${bar} h-5 w-full`} />
              <div className={`${bar} h-5 w-3/4`} />
            </div>
          </div>
          <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
            <div className={`${bar} h-6 w-72 max-w-full`} />
            {[0, 1, 2].map((i) => (
              <div key={i} className={`${bar} h-12 w-full`} />
            ))}
          </div>
          <div className="flex gap-2 overflow-hidden">
            {[0, 1, 2, 3, 4, 5].map((i) => (
              <div key={i} className={`${bar} h-9 w-28 shrink-0 rounded-full`} />
            ))}
          </div>
          {[0, 1].map((i) => (
            <div key={i} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
              <div className={`${bar} h-5 w-40`} />
              <div className={`${bar} h-4 w-full`} />
              <div className={`${bar} h-4 w-2/3`} />
            </div>
          ))}
        </div>
        <div className="hidden space-y-3 xl:block">
          <div className={`${bar} h-64 w-full`} />
        </div>
      </div>
    </div>
  );
}
