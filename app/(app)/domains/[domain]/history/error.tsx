"use client";

import { ErrorState, type RouteError } from "@/components/ui/error-state";

export default function HistoryError({ error, reset }: { error: RouteError; reset: () => void }) {
  return (
    <ErrorState
      title="The scan history could not be loaded"
      stillWorks="Nothing was changed. The domain's latest report and the other pages still work; scans keep running in the background."
      error={error}
      reset={reset}
    />
  );
}
