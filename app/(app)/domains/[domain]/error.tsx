"use client";

import { ErrorState, type RouteError } from "@/components/ui/error-state";

export default function DomainError({ error, reset }: { error: RouteError; reset: () => void }) {
  return (
    <ErrorState
      title="This report could not be shown"
      stillWorks="Loading the domain's stored scans failed. Nothing was changed, and running scans carry on in the background. The domain list and other domains' reports still work."
      error={error}
      reset={reset}
    />
  );
}
