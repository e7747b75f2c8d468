"use client";

import { ErrorState, type RouteError } from "@/components/ui/error-state";

export default function ScansError({ error, reset }: { error: RouteError; reset: () => void }) {
  return (
    <ErrorState
      title="The scan queue could not be loaded"
      stillWorks="The server could not read the queue from the database. Queued scans are not affected: workers keep running them. The domain pages may still work."
      error={error}
      reset={reset}
    />
  );
}
