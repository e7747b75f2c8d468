"use client";

import { ErrorState, type RouteError } from "@/components/ui/error-state";

export default function CompareError({ error, reset }: { error: RouteError; reset: () => void }) {
  return (
    <ErrorState
      title="The comparison could not be built"
      stillWorks="Nothing was changed. Each scan's own report and the history timeline still work."
      error={error}
      reset={reset}
    />
  );
}
