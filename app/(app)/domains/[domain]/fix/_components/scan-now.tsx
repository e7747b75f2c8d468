"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Loader2, RefreshCw } from "lucide-react";
import { buttonClass } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions";
import type { RequestScanResult } from "@/lib/services/scans/request-scan";

/** Queues a scan and goes to the report page, where its progress is shown. */
export function ScanNow({ domain, requestScan, label = "Scan now" }: { domain: string; requestScan: (d: string) => Promise<ActionResult<RequestScanResult>>; label?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const start = () =>
    startTransition(async () => {
      setError(null);
      const result = await requestScan(domain);
      if (result.ok) router.push(`/domains/${encodeURIComponent(result.data.domain)}`);
      else setError(result.message);
    });
  return (
    <div className="inline-flex flex-col items-center gap-2">
      <button type="button" onClick={start} disabled={pending} className={`${buttonClass("primary")} min-h-11 sm:min-h-0`}>
        {pending ? <Loader2 aria-hidden className="h-4 w-4 animate-spin motion-reduce:animate-none" /> : <RefreshCw aria-hidden className="h-4 w-4" />}
        {label}
      </button>
      {error ? <p role="alert" className="text-sm text-red-800">{error}</p> : null}
    </div>
  );
}
