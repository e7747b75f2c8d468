"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { RotateCcw } from "lucide-react";
import { buttonClass } from "@/components/ui/button";

/**
 * A page failed to load (the overview, or any page without an error view of its own): say what
 * failed and what still works, offer a retry that reads the data again, keep the detail folded.
 */
export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const retry = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-white p-6">
      <h1 className="text-lg font-semibold text-red-900">This page could not be loaded</h1>
      <p className="mt-1 max-w-prose text-sm text-slate-700">
        The server could not read the data for this page, usually because the database is not reachable for a moment. Nothing was changed, and scans already queued keep running. Try
        again, or open another page from the menu.
      </p>
      <div className="mt-4 flex flex-wrap gap-2">
        <button type="button" onClick={retry} disabled={pending} className={buttonClass("primary")}>
          <RotateCcw aria-hidden className={`h-4 w-4 ${pending ? "animate-spin motion-reduce:animate-none" : ""}`} />
          Try again
        </button>
        <Link href="/scans" className={buttonClass("secondary")}>
          Scan queue
        </Link>
      </div>
      <details className="mt-4 text-sm text-slate-600">
        <summary className="cursor-pointer">Technical detail</summary>
        <p className="mt-1 font-mono text-xs">{error.digest ? `Error reference ${error.digest} (see the server log)` : error.message}</p>
      </details>
    </div>
  );
}
