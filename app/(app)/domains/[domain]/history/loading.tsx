import { LoadingNote, SkeletonBlock, SkeletonRows } from "@/components/history/skeleton";

export default function HistoryLoading() {
  return (
    <div className="space-y-6">
      <LoadingNote>Loading the scan history…</LoadingNote>
      <div className="space-y-3">
        <SkeletonBlock className="h-4 w-48" />
        <SkeletonBlock className="h-9 w-64" />
      </div>
      <div className="space-y-2">
        <SkeletonBlock className="h-8 w-56" />
        <SkeletonBlock className="h-4 w-80 max-w-full" />
      </div>
      <div className="rounded-lg border border-slate-200 bg-white p-4">
        <SkeletonBlock className="h-4 w-64 max-w-full" />
        <SkeletonBlock className="mt-3 h-36 w-full sm:h-40" />
      </div>
      <div className="rounded-lg border border-slate-200 bg-white">
        <div className="flex h-16 items-center justify-between border-b border-slate-200 px-4">
          <SkeletonBlock className="h-5 w-24" />
          <SkeletonBlock className="h-8 w-44" />
        </div>
        <SkeletonRows rows={8} />
      </div>
    </div>
  );
}
