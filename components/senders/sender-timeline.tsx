import type { TimelineDay, TimelineScan } from "@/lib/report/senders/view-types";
import { fmt, share } from "./format";

const DAY_MS = 86_400_000;
/** Grade colours of the history strip (docs/ui.md §3); the letter is always drawn too. */
const GRADE_TONE: Record<string, string> = {
  "A+": "border-emerald-700 bg-emerald-50 text-emerald-900",
  A: "border-emerald-700 bg-emerald-50 text-emerald-900",
  B: "border-teal-700 bg-teal-50 text-teal-900",
  C: "border-amber-700 bg-amber-50 text-amber-900",
  D: "border-orange-700 bg-orange-50 text-orange-900",
  F: "border-red-700 bg-red-50 text-red-900",
};

/** Keeps one scan per UTC day (the day's last), so markers do not pile up. */
function lastScanPerDay(scans: TimelineScan[]): TimelineScan[] {
  const byDay = new Map<string, TimelineScan>();
  for (const s of scans) byDay.set(s.finishedAt.slice(0, 10), s);
  return [...byDay.values()];
}

/**
 * Daily failed TLS sessions from the senders' reports, overlaid on the scan history (the grade of
 * the day's last scan as a marker above its day), so a failure spike can be read against what the
 * scans saw. A title, a takeaway sentence and the data as a table (docs/ui.md §8 charts).
 */
export function SenderTimeline({ since, until, days, scans }: { since: string; until: string; days: TimelineDay[]; scans: TimelineScan[] }) {
  const start = Date.parse(`${since}T00:00:00Z`);
  const span = Math.max(1, Math.round((Date.parse(`${until}T00:00:00Z`) - start) / DAY_MS) + 1);
  const xOf = (day: string) => ((Date.parse(`${day}T00:00:00Z`) - start) / DAY_MS / span) * 100;
  const width = 100 / span;
  const max = Math.max(1, ...days.map((d) => d.failures));
  const failures = days.reduce((n, d) => n + d.failures, 0);
  const sessions = days.reduce((n, d) => n + d.sessions, 0);
  const worst = days.reduce<TimelineDay | null>((w, d) => (d.failures > (w?.failures ?? 0) ? d : w), null);
  const markers = lastScanPerDay(scans);
  const takeaway =
    days.length === 0
      ? "No TLS reports in this period."
      : failures === 0
        ? `No failed sessions in ${fmt(sessions)} reported sessions.`
        : `${fmt(failures)} of ${fmt(sessions)} reported sessions failed (${share(failures, sessions)}); the most on ${worst!.day} (${fmt(worst!.failures)}).`;
  const rows = [...new Set([...days.map((d) => d.day), ...markers.map((s) => s.finishedAt.slice(0, 10))])].sort();
  const dayOf = new Map(days.map((d) => [d.day, d]));
  const scanOf = new Map(markers.map((s) => [s.finishedAt.slice(0, 10), s]));
  return (
    <figure className="space-y-2">
      <figcaption className="text-sm">
        <span className="font-medium text-slate-800">Failed TLS sessions per day, with the scans&apos; grades</span>
        <span className="block text-slate-600">{takeaway}</span>
      </figcaption>
      <div className="relative pt-8" aria-hidden>
        <div className="absolute inset-x-0 top-0 h-7">
          {markers.map((s) => (
            <span
              key={s.id}
              className={`absolute top-0 inline-flex h-6 min-w-6 -translate-x-1/2 items-center justify-center rounded border px-0.5 text-[0.6875rem] font-bold print:border-black print:bg-white print:text-black ${GRADE_TONE[s.grade ?? ""] ?? "border-slate-400 bg-slate-50 text-slate-700"}`}
              style={{ left: `${xOf(s.finishedAt.slice(0, 10)) + width / 2}%` }}
            >
              {s.grade ?? "?"}
            </span>
          ))}
        </div>
        <svg viewBox="0 0 100 100" preserveAspectRatio="none" className="h-32 w-full rounded border border-slate-200 bg-slate-50">
          {days.map((d) =>
            d.failures > 0 ? <rect key={d.day} x={xOf(d.day)} width={width * 0.8} y={100 - (d.failures / max) * 96} height={(d.failures / max) * 96} className="fill-red-600" /> : null,
          )}
          {days.map((d) => (d.failures === 0 && d.sessions > 0 ? <rect key={`ok-${d.day}`} x={xOf(d.day)} width={width * 0.8} y={98} height={2} className="fill-slate-400" /> : null))}
        </svg>
        <div className="flex justify-between text-xs text-slate-600">
          <span>{since}</span>
          <span>axis from 0 to {fmt(max)} failed sessions</span>
          <span>{until}</span>
        </div>
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer text-blue-700">Data</summary>
        <div className="mt-2 max-h-80 overflow-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Reported sessions and scan grades per day</caption>
            <thead>
              <tr className="border-b border-slate-200">
                <th scope="col" className="py-1 pr-3">Day (UTC)</th>
                <th scope="col" className="py-1 pr-3 text-right">Sessions</th>
                <th scope="col" className="py-1 pr-3 text-right">Failed</th>
                <th scope="col" className="py-1 pr-3 text-right">DMARC messages</th>
                <th scope="col" className="py-1">Scan grade</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((day) => {
                const d = dayOf.get(day);
                const s = scanOf.get(day);
                return (
                  <tr key={day} className="border-b border-slate-100">
                    <th scope="row" className="py-1 pr-3 font-normal">{day}</th>
                    <td className="py-1 pr-3 text-right tabular-nums">{d ? fmt(d.sessions) : "—"}</td>
                    <td className="py-1 pr-3 text-right tabular-nums">{d ? fmt(d.failures) : "—"}</td>
                    <td className="py-1 pr-3 text-right tabular-nums">{d ? fmt(d.dmarcMessages) : "—"}</td>
                    <td className="py-1">{s ? (s.grade ?? "not graded") : "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
