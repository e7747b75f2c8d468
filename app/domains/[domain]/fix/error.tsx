"use client";

import Link from "next/link";
import { RotateCcw } from "lucide-react";
import { buttonClass } from "@/components/ui/button";

/** The plan could not be loaded: say what failed, what still works, and offer a retry. */
export default function FixError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-white p-6">
      <h1 className="text-lg font-semibold text-red-900">The suggested fixes could not be loaded</h1>
      <p className="mt-1 text-sm text-slate-700">
        The server could not read this domain&apos;s latest scan. Nothing was changed. The domain list and other pages still work.
      </p>
      <div className="mt-4 flex flex-wrap gap-2">
        <button type="button" onClick={reset} className={buttonClass("primary")}>
          <RotateCcw aria-hidden className="h-4 w-4" />
          Try again
        </button>
        <Link href="/" className={buttonClass("secondary")}>Back to domains</Link>
      </div>
      <details className="mt-4 text-sm text-slate-600">
        <summary className="cursor-pointer">Technical detail</summary>
        <p className="mt-1 font-mono text-xs">{error.digest ? `Error reference ${error.digest}` : error.message}</p>
      </details>
    </div>
  );
}
