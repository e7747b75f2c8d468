"use client";

import { ErrorPanel } from "@/components/history/states";

export default function HistoryError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <ErrorPanel
      title="The scan history could not be loaded"
      stillWorks="Nothing was changed. The domain's latest report and the other pages still work; scans keep running in the background."
      error={error}
      retry={retry}
    />
  );
}
