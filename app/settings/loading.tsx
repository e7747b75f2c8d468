import { LoadingNote, SkeletonBlock, SkeletonRows } from "@/components/history/skeleton";

export default function SettingsLoading() {
  return (
    <div className="space-y-6">
      <LoadingNote>Loading settings…</LoadingNote>
      <SkeletonBlock className="h-8 w-40" />
      <div className="rounded-lg border border-slate-200 bg-white">
        <SkeletonRows rows={8} />
      </div>
    </div>
  );
}
