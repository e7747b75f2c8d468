"use client";

import { ErrorState, type RouteError } from "@/components/ui/error-state";

export default function TrendsError({ error, reset }: { error: RouteError; reset: () => void }) {
  return (
    <ErrorState
      title="Trends could not be loaded"
      stillWorks="Nothing was changed. The domain list, reports and scans still work; weekly snapshots keep being recorded as scans finish."
      error={error}
      reset={reset}
    />
  );
}
