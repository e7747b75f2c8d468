import { LoadingNote, SkeletonBlock } from "@/components/history/skeleton";

function CardSkeleton({ wide }: { wide?: boolean }) {
  return (
    <div className={`space-y-3 rounded-lg border border-slate-200 bg-white p-4 ${wide ? "lg:col-span-2" : ""}`}>
      <SkeletonBlock className="h-5 w-48" />
      <SkeletonBlock className="h-4 w-80 max-w-full" />
      <SkeletonBlock className="h-3 w-64 max-w-full" />
      <SkeletonBlock className="h-60 w-full sm:h-72" />
      <SkeletonBlock className="h-4 w-72 max-w-full" />
    </div>
  );
}

export default function TrendsLoading() {
  return (
    <div className="space-y-6">
      <LoadingNote>Loading trends…</LoadingNote>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="space-y-2">
          <SkeletonBlock className="h-8 w-32" />
          <SkeletonBlock className="h-6 w-[36rem] max-w-full" />
        </div>
        <SkeletonBlock className="h-9 w-64" />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <CardSkeleton wide />
        <CardSkeleton />
        <CardSkeleton />
      </div>
    </div>
  );
}
