"use client";

import { ErrorPanel } from "@/components/history/states";

export default function CompareError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <ErrorPanel
      title="The comparison could not be built"
      stillWorks="Nothing was changed. Each scan's own report and the history timeline still work."
      error={error}
      retry={retry}
    />
  );
}
