/** Grey placeholder blocks of fixed height, so the page does not jump when data arrives. */
export function SkeletonBlock({ className = "" }: { className?: string }) {
  return <div aria-hidden className={`animate-pulse rounded bg-slate-200 motion-reduce:animate-none ${className}`} />;
}

export function SkeletonRows({ rows = 8 }: { rows?: number }) {
  return (
    <ul aria-hidden className="divide-y divide-slate-100">
      {Array.from({ length: rows }, (_, i) => (
        <li key={i} className="flex h-[76px] items-center gap-4 px-4">
          <SkeletonBlock className="h-5 w-5" />
          <div className="w-48 space-y-2">
            <SkeletonBlock className="h-4 w-40" />
            <SkeletonBlock className="h-3 w-28" />
          </div>
          <SkeletonBlock className="h-7 w-7" />
          <div className="hidden flex-1 space-y-2 md:block">
            <SkeletonBlock className="h-4 w-32" />
            <SkeletonBlock className="h-3 w-64" />
          </div>
        </li>
      ))}
    </ul>
  );
}

/** Announced once to screen readers while the skeleton shows. */
export function LoadingNote({ children }: { children: string }) {
  return (
    <p role="status" className="sr-only">
      {children}
    </p>
  );
}

/** The loading view of a page that is a title over one list (events, settings). */
export function ListPageSkeleton({ note }: { note: string }) {
  return (
    <div className="space-y-6">
      <LoadingNote>{note}</LoadingNote>
      <SkeletonBlock className="h-8 w-40" />
      <div className="rounded-lg border border-slate-200 bg-white">
        <SkeletonRows rows={8} />
      </div>
    </div>
  );
}
