import Link from "next/link";
import { CircleCheck, CircleX, Clock, Loader2, TriangleAlert } from "lucide-react";
import { GradeBadge } from "@/components/report/grade-badge";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { formatAge, formatDuration, formatUtcLong, formatUtcShort } from "@/lib/report/format";
import type { QueueScan } from "@/lib/services/scans/list-queue";

/** Same window as WORKER_SEEN_MS in list-queue.ts (not imported: this renders in the browser, that module reads the database). */
const WORKER_SEEN_MS = 60_000;
/** A scan error is one line from the worker (it may quote DNS/SMTP text): shown inert and capped. */
const ERROR_MAX_BYTES = 1024;

function When({ at, now, inline = false }: { at: string | null; now: string; inline?: boolean }) {
  if (!at) return <span className="text-slate-400">—</span>;
  return (
    <time dateTime={at} title={formatUtcLong(at)} className={inline ? "whitespace-nowrap" : "flex flex-col whitespace-nowrap"}>
      <span>{formatUtcShort(at)} UTC</span>
      {inline ? " · " : null}
      <span className={inline ? "text-slate-500" : "text-xs text-slate-500"}>{formatAge(Date.parse(now) - Date.parse(at))}</span>
    </time>
  );
}

export function StateLabel({ scan, position }: { scan: QueueScan; position?: number }) {
  switch (scan.status) {
    case "queued":
      return (
        <span className="inline-flex items-center gap-1 whitespace-nowrap font-medium text-slate-800">
          <Clock aria-hidden className="h-4 w-4 text-slate-600" />
          Queued{position ? <span className="font-normal text-slate-600"> · #{position}</span> : null}
        </span>
      );
    case "running":
      return (
        <span className="inline-flex items-center gap-1 whitespace-nowrap font-medium text-blue-900">
          <Loader2 aria-hidden className="h-4 w-4 animate-spin motion-reduce:animate-none" />
          Running
        </span>
      );
    case "done":
      return (
        <span className="inline-flex items-center gap-1 whitespace-nowrap font-medium text-emerald-800">
          <CircleCheck aria-hidden className="h-4 w-4" />
          Done
        </span>
      );
    default:
      return (
        <span className="inline-flex items-center gap-1 whitespace-nowrap font-medium text-red-800">
          <CircleX aria-hidden className="h-4 w-4" />
          Failed
        </span>
      );
  }
}

function Duration({ scan, now }: { scan: QueueScan; now: string }) {
  if (scan.durationMs != null) return <>{formatDuration(scan.durationMs)}</>;
  if (scan.status === "running" && scan.startedAt) return <>{formatDuration(Date.parse(now) - Date.parse(scan.startedAt))} so far</>;
  if (scan.status === "failed" && scan.startedAt && scan.finishedAt) return <>{formatDuration(Date.parse(scan.finishedAt) - Date.parse(scan.startedAt))}</>;
  return <span className="text-slate-400">—</span>;
}

function Result({ scan, now }: { scan: QueueScan; now: string }) {
  if (scan.status === "done") {
    return (
      <span className="inline-flex items-center gap-2">
        <GradeBadge grade={scan.grade} score={scan.score} notGraded={scan.notGraded} />
        {scan.notGraded ? (
          <span aria-hidden className="text-xs text-slate-600">
            Not graded
          </span>
        ) : scan.score != null ? (
          <span aria-hidden className="tabular-nums text-slate-700">
            {scan.score}
          </span>
        ) : null}
      </span>
    );
  }
  if (scan.status === "running") {
    return (
      <span className="text-xs text-slate-600">
        {scan.workerId ? (
          <>
            worker <span className="font-mono">{scan.workerId}</span>
          </>
        ) : null}
        {scan.heartbeatAt ? <Heartbeat at={scan.heartbeatAt} now={now} /> : null}
      </span>
    );
  }
  if (scan.error) {
    return (
      <span className={`block max-w-md text-xs [overflow-wrap:anywhere] ${scan.status === "failed" ? "text-red-800" : "text-slate-700"}`}>
        {scan.status === "queued" ? "Last attempt failed: " : null}
        <UntrustedText value={scan.error} maxBytes={ERROR_MAX_BYTES} />
      </span>
    );
  }
  return <span className="text-slate-400">—</span>;
}

/** A running scan's last sign of life; silent for over a minute means its worker may be gone (the reaper hands it back). */
function Heartbeat({ at, now }: { at: string; now: string }) {
  const age = Date.parse(now) - Date.parse(at);
  if (age <= WORKER_SEEN_MS) return <> · heartbeat {formatAge(age)}</>;
  return (
    <span className="mt-0.5 flex items-center gap-1 font-medium text-amber-900">
      <TriangleAlert aria-hidden className="h-3.5 w-3.5 shrink-0" />
      No heartbeat for {formatAge(age).replace(" ago", "")}: worker may be gone
    </span>
  );
}

/** One section of the monitor; `positionFrom` numbers queued rows by their place in line. */
export function QueueTable({ scans, now, caption, positionFrom }: { scans: readonly QueueScan[]; now: string; caption: string; positionFrom?: number }) {
  return (
    <>
      <ul aria-label={caption} className="space-y-2 md:hidden">
        {scans.map((s, i) => (
          <li key={s.id} data-scan={s.id} className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
            <div className="flex items-start justify-between gap-2">
              <Link href={`/domains/${encodeURIComponent(s.domain)}`} className="min-w-0 font-mono font-medium text-blue-800 [overflow-wrap:anywhere] hover:underline">
                {s.domain}
              </Link>
              <StateLabel scan={s} position={positionFrom !== undefined ? positionFrom + i : undefined} />
            </div>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
              <dt className="text-slate-600">Requested</dt>
              <dd>
                <When at={s.requestedAt} now={now} inline />
              </dd>
              {s.startedAt ? (
                <>
                  <dt className="text-slate-600">Started</dt>
                  <dd>
                    <When at={s.startedAt} now={now} inline />
                  </dd>
                  <dt className="text-slate-600">Duration</dt>
                  <dd className="tabular-nums">
                    <Duration scan={s} now={now} /> · attempt {s.attempts}
                  </dd>
                </>
              ) : null}
            </dl>
            {s.status !== "queued" || s.error ? (
              <div className="mt-2">
                <Result scan={s} now={now} />
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <div className="relative hidden overflow-x-auto rounded-lg border border-slate-200 bg-white md:block">
      <table className="w-full min-w-[56rem] table-fixed border-separate border-spacing-0 text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        {/* Fixed widths, so the running, queued and finished tables line up under each other. */}
        <colgroup>
          <col className="w-[22%]" />
          <col className="w-[11%]" />
          <col className="w-[13%]" />
          <col className="w-[13%]" />
          <col className="w-[10%]" />
          <col className="w-[7%]" />
          <col className="w-[24%]" />
        </colgroup>
        <thead className="bg-slate-50 text-xs text-slate-700">
          <tr>
            {["Domain", "State", "Requested", "Started", "Duration", "Attempts", "Result / error"].map((h, i) => (
              <th key={h} scope="col" className={`whitespace-nowrap border-b border-slate-200 px-3 py-2 font-semibold ${i === 0 ? "sticky left-0 z-10 bg-slate-50" : ""}`}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {scans.map((s, i) => (
            <tr key={s.id} data-scan={s.id} className="print:break-inside-avoid">
              <th scope="row" className="sticky left-0 z-[1] border-b border-slate-100 bg-white px-3 py-2 font-normal">
                <Link href={`/domains/${encodeURIComponent(s.domain)}`} className="font-mono text-blue-800 [overflow-wrap:anywhere] hover:underline">
                  {s.domain}
                </Link>
              </th>
              <td className="border-b border-slate-100 px-3 py-2">
                <StateLabel scan={s} position={positionFrom !== undefined ? positionFrom + i : undefined} />
              </td>
              <td className="border-b border-slate-100 px-3 py-2">
                <When at={s.requestedAt} now={now} />
              </td>
              <td className="border-b border-slate-100 px-3 py-2">
                <When at={s.startedAt} now={now} />
              </td>
              <td className="whitespace-nowrap border-b border-slate-100 px-3 py-2 tabular-nums">
                <Duration scan={s} now={now} />
              </td>
              <td className="border-b border-slate-100 px-3 py-2 tabular-nums">{s.attempts}</td>
              <td className="border-b border-slate-100 px-3 py-2">
                <Result scan={s} now={now} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </>
  );
}
