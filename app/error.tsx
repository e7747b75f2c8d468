"use client";

import { ErrorState, type RouteError } from "@/components/ui/error-state";

export default function RootError({ error, reset }: { error: RouteError; reset: () => void }) {
  return (
    <main id="main" className="mx-auto max-w-[1280px] px-4 py-6">
      <ErrorState
        title="This page could not be loaded"
        stillWorks="The server could not read the data for this page, usually because the database is not reachable for a moment. Nothing was changed, and scans already queued keep running. Try again, or open another page from the menu."
        error={error}
        reset={reset}
        back={{ href: "/scans", label: "Scan queue" }}
      />
    </main>
  );
}
