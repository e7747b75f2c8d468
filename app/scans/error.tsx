"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { RotateCcw } from "lucide-react";
import { buttonClass } from "@/components/ui/button";

/** The queue could not be read: what failed, what still works, retry. */
export default function ScansError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const retry = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-white p-6">
      <h1 className="text-lg font-semibold text-red-900">The scan queue could not be loaded</h1>
      <p className="mt-1 text-sm text-slate-700">
        The server could not read the queue from the database. Queued scans are not affected: workers keep running them. The domain pages may still work.
      </p>
      <div className="mt-4 flex flex-wrap gap-2">
        <button type="button" onClick={retry} disabled={pending} className={buttonClass("primary")}>
          <RotateCcw aria-hidden className="h-4 w-4" />
          Try again
        </button>
        <Link href="/" className={buttonClass("secondary")}>
          Back to domains
        </Link>
      </div>
      <details className="mt-4 text-sm text-slate-600">
        <summary className="cursor-pointer">Technical detail</summary>
        <p className="mt-1 font-mono text-xs">{error.digest ? `Error reference ${error.digest}` : error.message}</p>
      </details>
    </div>
  );
}
