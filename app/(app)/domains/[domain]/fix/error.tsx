"use client";

import { ErrorState, type RouteError } from "@/components/ui/error-state";

export default function FixError({ error, reset }: { error: RouteError; reset: () => void }) {
  return (
    <ErrorState
      title="The suggested fixes could not be loaded"
      stillWorks="The server could not read this domain's latest scan. Nothing was changed. The domain list and other pages still work."
      error={error}
      reset={reset}
    />
  );
}
