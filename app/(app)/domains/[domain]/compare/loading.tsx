import { LoadingNote, SkeletonBlock } from "@/components/history/skeleton";

export default function CompareLoading() {
  return (
    <div className="space-y-6">
      <LoadingNote>Comparing the two scans…</LoadingNote>
      <div className="space-y-3">
        <SkeletonBlock className="h-4 w-48" />
        <SkeletonBlock className="h-9 w-64" />
      </div>
      <SkeletonBlock className="h-8 w-72 max-w-full" />
      <div className="flex flex-col gap-2 md:flex-row">
        <SkeletonBlock className="h-44 flex-1" />
        <SkeletonBlock className="h-44 flex-1" />
      </div>
      <SkeletonBlock className="h-6 w-96 max-w-full" />
      <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        {Array.from({ length: 5 }, (_, i) => (
          <SkeletonBlock key={i} className="h-8 w-full" />
        ))}
      </div>
      <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        {Array.from({ length: 6 }, (_, i) => (
          <SkeletonBlock key={i} className="h-10 w-full" />
        ))}
      </div>
    </div>
  );
}
