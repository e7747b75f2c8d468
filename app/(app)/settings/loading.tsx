import { ListPageSkeleton } from "@/components/history/skeleton";

export default function SettingsLoading() {
  return <ListPageSkeleton note="Loading settings…" />;
}
