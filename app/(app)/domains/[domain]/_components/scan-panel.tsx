"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { createContext, use, useEffect, useRef, useState, useTransition, type ReactNode } from "react";
import { CircleCheck, CircleX, Circle, Loader2, RefreshCw, Search } from "lucide-react";
import { buttonClass } from "@/components/ui/button";
import { formatDuration, formatUtcLong, formatUtcShort } from "@/lib/report/format";
import type { ActionResult } from "@/lib/actions";
import type { ScanStage } from "@/lib/scan/types";
import type { RequestScanResult } from "@/lib/services/scans/request-scan";
import type { ScanView } from "@/lib/services/scans/get-scan";

/** Stages in the order a reader expects them, with what each waits on (docs/ui.md §5.3). */
const STAGES: { stage: ScanStage; label: string; waitsFor: string }[] = [
  { stage: "dns", label: "DNS and DNSSEC validation", waitsFor: "queued" },
  { stage: "mx", label: "MX set and addresses", waitsFor: "queued" },
  { stage: "starttls", label: "STARTTLS and certificates", waitsFor: "needs the MX set" },
  { stage: "dane", label: "DANE / TLSA matching", waitsFor: "needs STARTTLS results" },
  { stage: "mtaSts", label: "MTA-STS record and policy fetch", waitsFor: "queued" },
  { stage: "tlsRpt", label: "TLS-RPT record", waitsFor: "queued" },
  { stage: "dmarc", label: "DMARC record", waitsFor: "queued" },
  { stage: "spf", label: "SPF record and includes", waitsFor: "queued" },
  { stage: "score", label: "Score and grade", waitsFor: "needs every check" },
];

const STALL_MS = 30_000;
const LONG_MS = 120_000;

async function fetchScan(id: string): Promise<ScanView> {
  const res = await fetch(`/api/scans/${encodeURIComponent(id)}`, { cache: "no-store" });
  if (!res.ok) throw new Error(`status ${res.status}`);
  return (await res.json()) as ScanView;
}

const isActive = (s?: ScanView | null): boolean => s?.status === "queued" || s?.status === "running";

type ScanContext = {
  domain: string;
  scan: ScanView | undefined;
  active: boolean;
  pending: boolean;
  actionError: string | null;
  lostContact: boolean;
  /** The client watched this scan finish (so the report below just changed). */
  sawFinish: boolean;
  rescan: () => void;
  lastReportAt: string | null;
  lastGrade: string | null;
  lastFindingIds: string[];
  /** When the server rendered the page (ms): "recent" is judged against it, so render stays pure. */
  renderedAt: number;
};

const Ctx = createContext<ScanContext | null>(null);

function useScan(): ScanContext {
  const c = use(Ctx);
  if (!c) throw new Error("ScanProvider missing");
  return c;
}

/**
 * Holds the domain's newest scan and polls it while it is queued or running (1 s, backing off to
 * 5 s); when it ends, the server-rendered report is refreshed in place.
 */
export function ScanProvider({
  domain,
  initial,
  requestScan,
  lastReportAt,
  lastGrade,
  lastFindingIds,
  renderedAt,
  children,
}: {
  domain: string;
  initial: ScanView | null;
  requestScan: (d: string) => Promise<ActionResult<RequestScanResult>>;
  lastReportAt: string | null;
  lastGrade: string | null;
  lastFindingIds: string[];
  renderedAt: number;
  children: ReactNode;
}) {
  const router = useRouter();
  const client = useQueryClient();
  const [scanId, setScanId] = useState(initial?.id ?? null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [sawFinish, setSawFinish] = useState(false);
  // What the report looked like before the scan being watched, for "was B · 1 new finding".
  const [baseline, setBaseline] = useState({ grade: lastGrade, ids: lastFindingIds });
  const [pending, startTransition] = useTransition();
  // The scan this page just requested: its first answer may already be the finished scan.
  const requested = useRef<string | null>(null);
  const query = useQuery({
    queryKey: ["scan", scanId],
    queryFn: async () => {
      const before = client.getQueryData<ScanView>(["scan", scanId]);
      const next = await fetchScan(scanId!);
      // Seen going from queued/running to an end state: refresh the server-rendered report in place.
      if ((isActive(before) || requested.current === next.id) && !isActive(next)) {
        requested.current = null;
        setSawFinish(true);
        router.refresh();
      }
      return next;
    },
    enabled: scanId !== null,
    initialData: scanId === initial?.id ? (initial ?? undefined) : undefined,
    refetchInterval: (q) => {
      const s = q.state.data;
      if (!isActive(s)) return false;
      const since = Date.now() - Date.parse(s!.startedAt ?? s!.requestedAt);
      return since < 10_000 ? 1000 : since < 30_000 ? 2000 : 5000;
    },
  });
  const scan = query.data;

  const rescan = () =>
    startTransition(async () => {
      setActionError(null);
      setSawFinish(false);
      setBaseline({ grade: lastGrade, ids: lastFindingIds });
      const result = await requestScan(domain);
      if (result.ok) {
        requested.current = result.data.scanId;
        setScanId(result.data.scanId);
      } else setActionError(result.message);
    });

  return (
    <Ctx
      value={{
        domain,
        scan,
        active: isActive(scan),
        pending,
        actionError,
        lostContact: query.isError,
        sawFinish,
        rescan,
        lastReportAt,
        lastGrade: baseline.grade,
        lastFindingIds: baseline.ids,
        renderedAt,
      }}
    >
      {children}
    </Ctx>
  );
}

/** Rescan (or "Scan now" before the first scan); disabled while a scan runs. */
export function RescanButton() {
  const { active, pending, rescan, lastReportAt } = useScan();
  const first = !lastReportAt && !active;
  return (
    <button type="button" onClick={rescan} disabled={pending || active} className={`${buttonClass(first ? "primary" : "secondary")} min-h-9`}>
      {pending || active ? <Loader2 aria-hidden className="h-4 w-4 animate-spin motion-reduce:animate-none" /> : first ? <Search aria-hidden className="h-4 w-4" /> : <RefreshCw aria-hidden className="h-4 w-4" />}
      {active ? "Scanning…" : first ? "Scan now" : "Rescan"}
    </button>
  );
}

/** A clock for elapsed times, ticking only while a scan runs (starts after hydration). */
function useNow(active: boolean): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    if (!active) return;
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const id = setInterval(tick, 500);
    return () => {
      clearTimeout(first);
      clearInterval(id);
    };
  }, [active]);
  return now;
}

type StageRow = { stage: ScanStage; label: string; state: "done" | "running" | "waiting"; ms?: number; waitsFor: string };

function stageRows(scan: ScanView, now: number): StageRow[] {
  return STAGES.map(({ stage, label, waitsFor }) => {
    const started = scan.progress.find((p) => p.stage === stage && p.state === "started");
    const done = scan.progress.find((p) => p.stage === stage && p.state === "done");
    if (done) return { stage, label, waitsFor, state: "done", ms: started ? Date.parse(done.at) - Date.parse(started.at) : undefined };
    if (started) return { stage, label, waitsFor, state: "running", ms: now - Date.parse(started.at) };
    return { stage, label, waitsFor, state: "waiting" };
  });
}

function ProgressPanel({ scan, now }: { scan: ScanView; now: number | null }) {
  const { domain, lastReportAt, lostContact } = useScan();
  const lastEvent = scan.progress.reduce((t, p) => Math.max(t, Date.parse(p.at)), 0);
  const clock = now ?? (lastEvent || Date.parse(scan.startedAt ?? scan.requestedAt));
  const startedMs = Date.parse(scan.startedAt ?? scan.requestedAt);
  const elapsed = Math.max(0, clock - startedMs);
  const rows = scan.status === "running" ? stageRows(scan, clock) : [];
  const doneCount = rows.filter((r) => r.state === "done").length;
  const running = rows.filter((r) => r.state === "running");
  const stalled = scan.status === "running" && clock - (lastEvent || startedMs) > STALL_MS;
  const lastDone = [...scan.progress].filter((p) => p.state === "done").sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
  const lastDoneLabel = lastDone ? STAGES.find((s) => s.stage === lastDone.stage)?.label : undefined;
  return (
    <section aria-labelledby="scan-progress-h" className="no-print rounded-lg border border-blue-200 bg-blue-50/40 p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="scan-progress-h" className="flex items-center gap-2 font-semibold text-slate-900">
          <Loader2 aria-hidden className="h-4 w-4 animate-spin text-blue-700 motion-reduce:animate-none" />
          {scan.status === "queued" ? `Queued: ${domain}` : `Scanning ${domain}`}
        </h2>
        <p className="text-sm text-slate-600">
          {scan.status === "queued" ? (
            <>
              requested {formatUtcShort(scan.requestedAt)} UTC
              {scan.queuedAhead ? ` · ${scan.queuedAhead} ahead in the queue` : " · waiting for a worker"}
              {scan.attempts > 0 ? ` · retry ${scan.attempts}` : ""}
            </>
          ) : (
            <>
              started {formatUtcShort(scan.startedAt ?? scan.requestedAt)} UTC · <span className="tabular-nums">{formatDuration(elapsed)}</span> elapsed (usually 2–6 s)
            </>
          )}
        </p>
      </div>
      <p role="status" className="sr-only">
        {scan.status === "queued" ? "Scan queued." : `${doneCount} of ${STAGES.length} stages finished${lastDoneLabel ? `; last: ${lastDoneLabel}` : ""}.`}
      </p>
      {rows.length > 0 ? (
        <ol className="mt-3 grid gap-x-8 gap-y-1 text-sm md:grid-cols-2">
          {rows.map((r) => (
            <li key={r.stage} className="flex items-center gap-2">
              {r.state === "done" ? (
                <CircleCheck aria-hidden className="h-4 w-4 shrink-0 text-emerald-700" />
              ) : r.state === "running" ? (
                <Loader2 aria-hidden className="h-4 w-4 shrink-0 animate-spin text-blue-700 motion-reduce:animate-none" />
              ) : (
                <Circle aria-hidden className="h-4 w-4 shrink-0 text-slate-400" />
              )}
              <span className="min-w-0 flex-1">{r.label}</span>
              <span className={`shrink-0 text-xs tabular-nums ${r.state === "waiting" ? "text-slate-500" : "text-slate-700"}`}>
                {r.state === "done" ? `done${r.ms !== undefined ? ` · ${formatDuration(r.ms)}` : ""}` : r.state === "running" ? `running… ${formatDuration(r.ms ?? 0)}` : r.waitsFor}
              </span>
            </li>
          ))}
        </ol>
      ) : null}
      {stalled ? (
        <p className="mt-3 text-sm text-amber-900">
          No progress for {Math.round((clock - (lastEvent || startedMs)) / 1000)} s — waiting on {running.map((r) => r.label).join(", ") || "the worker"}. A slow or silent mail server can hold a stage until its timeout.
        </p>
      ) : null}
      {scan.status === "running" && elapsed > LONG_MS ? (
        <p className="mt-1 text-sm text-amber-900">This is taking much longer than usual. A scan whose worker stops responding is handed to another worker automatically.</p>
      ) : null}
      <p className="mt-3 text-sm text-slate-600">
        {lastReportAt ? `The report below is the scan of ${formatUtcLong(lastReportAt)}; it updates when this scan finishes.` : "The report appears here when the scan finishes."} You can leave this page.
      </p>
      {lostContact ? <p className="mt-1 text-sm text-amber-900">Lost contact with the server; retrying…</p> : null}
    </section>
  );
}

function diffIds(before: string[], after: string[]): { added: number; resolved: number } {
  const a = new Set(before);
  const b = new Set(after);
  return { added: [...b].filter((x) => !a.has(x)).length, resolved: [...a].filter((x) => !b.has(x)).length };
}

/** Progress while a scan runs; the failure banner with Retry; a short note when one finishes. */
export function ScanStatus() {
  const { scan, active, actionError, sawFinish, rescan, pending, lastReportAt, lastGrade, lastFindingIds, renderedAt } = useScan();
  const now = useNow(active);
  if (actionError) {
    return (
      <p role="alert" className="no-print rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-900">
        Could not start a scan: {actionError}
      </p>
    );
  }
  if (!scan) return null;
  if (active) return <ProgressPanel scan={scan} now={now} />;
  if (scan.status === "failed") {
    return (
      <section role="alert" className="no-print flex flex-wrap items-start gap-3 rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-950">
        <CircleX aria-hidden className="mt-0.5 h-5 w-5 shrink-0 text-red-800" />
        <div className="min-w-0 flex-1">
          <p className="font-semibold">Scan failed{scan.finishedAt ? ` (${formatUtcLong(scan.finishedAt)})` : ""}: {scan.error ?? "unknown reason"}</p>
          <p className="mt-0.5 text-red-900">
            {lastReportAt ? `The report below is from the last successful scan, ${formatUtcLong(lastReportAt)}.` : "There is no earlier report for this domain yet."}
            {scan.attempts > 1 ? ` Tried ${scan.attempts} times.` : ""}
          </p>
        </div>
        <button type="button" onClick={rescan} disabled={pending} className={`${buttonClass("primary")} min-h-9`}>
          <RefreshCw aria-hidden className="h-4 w-4" />
          Retry
        </button>
      </section>
    );
  }
  // A fresh result: watched finishing here, or finished in the last few minutes.
  const recent = scan.finishedAt !== null && renderedAt - Date.parse(scan.finishedAt) < 5 * 60_000;
  if (scan.status === "done" && (sawFinish || recent)) {
    const ids = scan.report ? [...new Set(scan.report.findings.map((f) => f.id))] : [];
    const d = sawFinish && scan.report ? diffIds(lastFindingIds, ids) : null;
    return (
      <p role="status" className="no-print flex items-start gap-2 rounded-lg border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-950">
        <CircleCheck aria-hidden className="mt-0.5 h-4 w-4 shrink-0 text-emerald-800" />
        <span className="min-w-0 flex-1">
          {scan.report?.notGraded ? (
            <>Scan finished: not graded ({scan.report.notGraded})</>
          ) : (
            <>
              Scan finished: grade {scan.grade} ({scan.score}/100)
              {sawFinish && lastGrade && lastGrade !== scan.grade ? `, was ${lastGrade}` : ""}
            </>
          )}
          {d ? (!lastGrade ? " · the first scan of this domain" : d.added + d.resolved === 0 ? " · same findings as before" : ` · ${d.added} new, ${d.resolved} resolved`) : ""}
          {sawFinish ? ". The report below is updated." : "."}
        </span>
      </p>
    );
  }
  return null;
}
