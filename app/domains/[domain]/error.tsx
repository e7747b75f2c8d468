"use client";

import Link from "next/link";
import { RefreshCw } from "lucide-react";
import { buttonClass } from "@/components/ui/button";

/** The report failed to load (database down, a broken stored report): say what failed, what still works, retry. */
export default function DomainError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <section role="alert" aria-labelledby="error-h" className="rounded-lg border border-red-300 bg-white p-6">
      <h1 id="error-h" className="text-lg font-semibold text-red-900">
        This report could not be shown
      </h1>
      <p className="mt-1 text-sm text-slate-700">
        Loading the domain&apos;s stored scans failed. Nothing was changed, and running scans carry on in the background. The domain list and other domains&apos; reports still work.
      </p>
      <div className="mt-4 flex flex-wrap gap-2">
        <button type="button" onClick={() => retry()} className={`${buttonClass("primary")} min-h-9`}>
          <RefreshCw aria-hidden className="h-4 w-4" />
          Try again
        </button>
        <Link href="/" className={`${buttonClass("secondary")} min-h-9`}>
          Back to domains
        </Link>
      </div>
      <details className="mt-4 text-sm">
        <summary className="cursor-pointer text-slate-600">Technical detail</summary>
        <p className="mt-1 font-mono text-xs break-all text-slate-700">{digest ? `Error id ${digest}` : message}</p>
      </details>
    </section>
  );
}
