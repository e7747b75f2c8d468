"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { CircleCheck, CircleX, Loader2, RefreshCw } from "lucide-react";
import type { ActionResult } from "@/lib/actions";
import type { ScanStage } from "@/lib/scan/types";
import type { RequestScanResult } from "@/lib/services/scans/request-scan";
import type { ScanView } from "@/lib/services/scans/get-scan";

const STAGE_LABEL: Record<ScanStage, string> = {
  dns: "DNS and DNSSEC",
  mx: "MX records and addresses",
  starttls: "STARTTLS and certificates",
  dane: "DANE / TLSA",
  mtaSts: "MTA-STS record and policy",
  tlsRpt: "TLS-RPT record",
  dmarc: "DMARC record",
  spf: "SPF record",
  score: "Score and grade",
};

async function fetchScan(id: string): Promise<ScanView> {
  const res = await fetch(`/api/scans/${id}`, { cache: "no-store" });
  if (!res.ok) throw new Error(`status ${res.status}`);
  return (await res.json()) as ScanView;
}

const isActive = (s?: ScanView | null) => s?.status === "queued" || s?.status === "running";

/** The live state of the domain's newest scan, and the rescan button. */
export function ScanPanel({ domain, initial, requestScan }: { domain: string; initial: ScanView | null; requestScan: (d: string) => Promise<ActionResult<RequestScanResult>> }) {
  const router = useRouter();
  const [scanId, setScanId] = useState(initial?.id ?? null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const query = useQuery({
    queryKey: ["scan", scanId],
    queryFn: () => fetchScan(scanId!),
    enabled: scanId !== null,
    initialData: scanId === initial?.id ? (initial ?? undefined) : undefined,
    refetchInterval: (q) => (isActive(q.state.data) ? 1000 : false),
  });
  const scan = query.data;
  const wasActive = useRef(isActive(initial));
  useEffect(() => {
    if (wasActive.current && scan && !isActive(scan)) router.refresh();
    wasActive.current = isActive(scan);
  }, [scan, router]);

  const rescan = () =>
    startTransition(async () => {
      setError(null);
      const result = await requestScan(domain);
      if (result.ok) setScanId(result.data.scanId);
      else setError(result.message);
    });

  const done = new Set((scan?.progress ?? []).filter((p) => p.state === "done").map((p) => p.stage));
  const started = (scan?.progress ?? []).filter((p) => p.state === "started").map((p) => p.stage);
  return (
    <section aria-label="Scan status" className="no-print rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center gap-3">
        <div role="status" aria-live="polite" className="flex-1 text-sm">
          {!scan ? (
            <span className="text-slate-600">Not scanned yet.</span>
          ) : scan.status === "queued" ? (
            <span className="inline-flex items-center gap-2"><Loader2 aria-hidden className="h-4 w-4 animate-spin motion-reduce:animate-none" />Queued{scan.queuedAhead ? ` (${scan.queuedAhead} ahead)` : ""}{scan.attempts > 0 ? ` · retry ${scan.attempts}` : ""}…</span>
          ) : scan.status === "running" ? (
            <span className="inline-flex items-center gap-2"><Loader2 aria-hidden className="h-4 w-4 animate-spin motion-reduce:animate-none" />Scanning {domain}…</span>
          ) : scan.status === "done" ? (
            <span className="inline-flex items-center gap-2 text-emerald-800"><CircleCheck aria-hidden className="h-4 w-4" />Scan finished: grade {scan.grade} ({scan.score}/100)</span>
          ) : (
            <span role="alert" className="inline-flex items-center gap-2 text-red-800"><CircleX aria-hidden className="h-4 w-4" />Scan failed: {scan.error ?? "unknown reason"}</span>
          )}
        </div>
        <button type="button" onClick={rescan} disabled={pending || isActive(scan)} className="inline-flex items-center gap-1 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-blue-800 hover:bg-slate-50 disabled:opacity-50">
          <RefreshCw aria-hidden className="h-4 w-4" />
          {scan?.status === "failed" ? "Retry" : "Rescan"}
        </button>
      </div>
      {error ? <p role="alert" className="mt-2 text-sm text-red-700">{error}</p> : null}
      {isActive(scan) && started.length > 0 ? (
        <ol className="mt-3 grid gap-1 text-sm sm:grid-cols-2">
          {started.map((stage) => (
            <li key={stage} className="flex items-center gap-2">
              {done.has(stage) ? <CircleCheck aria-hidden className="h-4 w-4 text-emerald-700" /> : <Loader2 aria-hidden className="h-4 w-4 animate-spin text-slate-500 motion-reduce:animate-none" />}
              {STAGE_LABEL[stage] ?? stage}
              <span className="sr-only">{done.has(stage) ? "done" : "running"}</span>
            </li>
          ))}
        </ol>
      ) : null}
      {query.isError ? <p className="mt-2 text-sm text-amber-800">Lost contact with the server; retrying…</p> : null}
    </section>
  );
}
