import { LoadingNote, SkeletonBlock, SkeletonRows } from "@/components/history/skeleton";

export default function EventsLoading() {
  return (
    <div className="space-y-6">
      <LoadingNote>Loading events…</LoadingNote>
      <SkeletonBlock className="h-8 w-40" />
      <div className="rounded-lg border border-slate-200 bg-white">
        <SkeletonRows rows={8} />
      </div>
    </div>
  );
}
