import { ListPageSkeleton } from "@/components/history/skeleton";

export default function EventsLoading() {
  return <ListPageSkeleton note="Loading events…" />;
}
