/** Skeleton of the Fix tab: tabs, heading, plan overview and three step cards of fixed height. */
export default function FixLoading() {
  return (
    <div className="space-y-6" aria-busy="true">
      <p role="status" className="sr-only">Loading the suggested fixes…</p>
      <div className="space-y-3">
        <div className="h-4 w-48 rounded bg-slate-200" />
        <div className="flex gap-3 border-b border-slate-200 pb-2">
          <div className="h-5 w-16 rounded bg-slate-200" />
          <div className="h-5 w-16 rounded bg-slate-200" />
          <div className="h-5 w-12 rounded bg-slate-200" />
        </div>
      </div>
      <div className="space-y-2">
        <div className="h-7 w-80 max-w-full rounded bg-slate-200" />
        <div className="h-4 w-96 max-w-full rounded bg-slate-100" />
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_17rem]">
        <div className="h-40 rounded-lg border border-slate-200 bg-white lg:order-last" />
        <div className="space-y-4">
          {[0, 1, 2].map((i) => (
            <div key={i} className="h-56 rounded-lg border border-slate-200 bg-white p-4 motion-safe:animate-pulse">
              <div className="h-5 w-64 max-w-full rounded bg-slate-200" />
              <div className="mt-2 h-4 w-full rounded bg-slate-100" />
              <div className="mt-6 h-20 w-full rounded bg-slate-100" />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
