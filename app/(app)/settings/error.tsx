"use client";

import { ErrorState, type RouteError } from "@/components/ui/error-state";

export default function SettingsError({ error, reset }: { error: RouteError; reset: () => void }) {
  return (
    <ErrorState
      title="The settings could not be loaded"
      stillWorks="Nothing was changed. Scans, reports and alerts keep working in the background."
      error={error}
      reset={reset}
    />
  );
}
