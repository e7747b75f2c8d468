"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { Loader2 } from "lucide-react";

const EVERY_MS = 5_000;

/**
 * While scans are queued or running, re-reads the page every few seconds (only while the tab is
 * visible) so "Queued…"/"Scanning…" turn into results without a reload, and says so.
 */
export function AutoRefresh({ active }: { active: number }) {
  const router = useRouter();
  useEffect(() => {
    if (active <= 0) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, EVERY_MS);
    return () => clearInterval(timer);
  }, [active, router]);
  if (active <= 0) return null;
  return (
    <p className="no-print flex items-center gap-2 text-sm text-slate-700">
      <Loader2 aria-hidden className="h-4 w-4 animate-spin motion-reduce:animate-none" />
      {active.toLocaleString("en-US")} {active === 1 ? "scan is" : "scans are"} queued or running; this page updates every {EVERY_MS / 1000} s.
      <Link href="/scans" className="text-blue-800 underline">
        Open the queue
      </Link>
    </p>
  );
}
