"use client";

import { ErrorPanel } from "@/components/history/states";

export default function TrendsError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <ErrorPanel
      title="Trends could not be loaded"
      stillWorks="Nothing was changed. The domain list, reports and scans still work; weekly snapshots keep being recorded as scans finish."
      error={error}
      retry={retry}
    />
  );
}
