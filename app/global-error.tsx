"use client";

/**
 * The last-resort error view, shown when the root layout itself fails (docs/ui.md §4 ErrorState).
 * It replaces the root layout, so it brings its own <html> and <body>, and is the app's own
 * wording instead of Next's built-in view. Next.js 16 still prerenders a static `/_global-error`
 * HTML page at build time (its built-in markup, scripts without the CSP nonce of proxy.ts); this
 * file does not change that (docs/architecture.md rule 39).
 */
import Link from "next/link";
import { useEffect } from "react";
import "./globals.css";

export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => console.error(error), [error]);
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans">
        <main className="mx-auto max-w-[1280px] px-4 py-6">
          <div role="alert" className="rounded-lg border border-red-200 bg-white p-6">
            <h1 className="text-lg font-semibold text-red-900">mailposture could not show this page</h1>
            <p className="mt-1 max-w-prose text-sm text-slate-700">
              Something failed before the page could be drawn, usually because the database is not reachable for a
              moment. Nothing was changed, and scans already queued keep running. Try again, or go back to the domain list.
            </p>
            <div className="mt-4 flex flex-wrap gap-2">
              <button type="button" onClick={reset} className="rounded-md bg-slate-900 px-3 py-2 text-sm font-medium text-white hover:bg-slate-700">
                Try again
              </button>
              <Link href="/" className="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100">
                Back to domains
              </Link>
            </div>
            <details className="mt-4 text-sm text-slate-600">
              <summary className="cursor-pointer">Technical detail</summary>
              <p className="mt-1 font-mono text-xs [overflow-wrap:anywhere]">
                {error.digest ? `Error reference ${error.digest} (see the server log)` : error.message}
              </p>
            </details>
          </div>
        </main>
      </body>
    </html>
  );
}
