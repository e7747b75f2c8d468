"use client";

import { CircleX, RefreshCw } from "lucide-react";
import { useEffect } from "react";
import { buttonClass } from "@/components/ui/button";

/**
 * What failed, what still works, Retry, and the technical detail folded away (ui.md §4 ErrorState).
 * A client component because route error boundaries are.
 */
export function ErrorPanel({ title, stillWorks, error, retry }: { title: string; stillWorks: string; error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = typeof error === "object" && error && "digest" in error ? String((error as { digest?: unknown }).digest ?? "") : "";
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div role="alert" className="rounded-lg border border-red-300 bg-white p-5">
      <div className="flex items-start gap-3">
        <CircleX aria-hidden className="mt-0.5 h-5 w-5 shrink-0 text-red-700" />
        <div className="min-w-0 flex-1 space-y-2">
          <h2 className="font-semibold text-red-900">{title}</h2>
          <p className="text-sm text-slate-700">{stillWorks}</p>
          <button type="button" onClick={() => retry()} className={buttonClass("primary")}>
            <RefreshCw aria-hidden className="h-4 w-4" />
            Retry
          </button>
          <details className="text-xs text-slate-600">
            <summary className="cursor-pointer text-blue-700">Technical detail</summary>
            <p className="mt-1 font-mono [overflow-wrap:anywhere]">
              {message}
              {digest ? ` (reference ${digest})` : ""}
            </p>
          </details>
        </div>
      </div>
    </div>
  );
}
