"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useTransition } from "react";
import { RotateCcw } from "lucide-react";
import { buttonClass } from "./button";

export type RouteError = Error & { digest?: string };

/**
 * A route's error view (docs/ui.md §4 ErrorState): what failed, what still works, a retry that reads
 * the data again (refresh the server render, then reset the boundary), and the technical detail
 * folded away. Takes Next's own `error` and `reset` props.
 */
export function ErrorState({ title, stillWorks, error, reset, back = { href: "/", label: "Back to domains" } }: {
  title: string;
  stillWorks: string;
  error: RouteError;
  reset: () => void;
  back?: { href: string; label: string };
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  useEffect(() => console.error(error), [error]);
  const retry = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-white p-6">
      <h1 className="text-lg font-semibold text-red-900">{title}</h1>
      <p className="mt-1 max-w-prose text-sm text-slate-700">{stillWorks}</p>
      <div className="mt-4 flex flex-wrap gap-2">
        <button type="button" onClick={retry} disabled={pending} className={buttonClass("primary")}>
          <RotateCcw aria-hidden className={`h-4 w-4 ${pending ? "animate-spin motion-reduce:animate-none" : ""}`} />
          Try again
        </button>
        <Link href={back.href} className={buttonClass("secondary")}>
          {back.label}
        </Link>
      </div>
      <details className="mt-4 text-sm text-slate-600">
        <summary className="cursor-pointer">Technical detail</summary>
        <p className="mt-1 font-mono text-xs [overflow-wrap:anywhere]">{error.digest ? `Error reference ${error.digest} (see the server log)` : error.message}</p>
      </details>
    </div>
  );
}
