import { buttonClass } from "@/components/ui/button";
import { formatUtcLong } from "@/lib/report/format";

/** Names of the rescan intervals and their length in seconds (docs/monitoring.md). */
export const INTERVAL_OPTIONS = [
  { value: "hourly", label: "Hourly", seconds: 3_600 },
  { value: "daily", label: "Daily", seconds: 86_400 },
  { value: "weekly", label: "Weekly", seconds: 604_800 },
  { value: "off", label: "Off", seconds: 0 },
] as const;

/** "daily", or "every 45 s" for an interval set outside the form (tests, the database). */
export function intervalLabel(seconds: number): string {
  const named = INTERVAL_OPTIONS.find((o) => o.seconds === seconds);
  return named ? named.label.toLowerCase() : `every ${seconds} s`;
}

/** "in 19 h" for a time ahead; a slot already reached is "due now" (the scheduler takes it on its next tick). */
export function formatUntil(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 45) return "due now";
  const m = Math.round(s / 60);
  if (m < 60) return `in ${m} min`;
  const h = Math.round(m / 60);
  if (h < 48) return `in ${h} h`;
  return `in ${Math.round(h / 24)} d`;
}

/** The next scheduled scan: absolute UTC time with the time left beside it (docs/ui.md §2). */
export function NextScanTime({ at, now }: { at: Date | string; now: Date }) {
  const d = new Date(at);
  return (
    <time dateTime={d.toISOString()} className="whitespace-nowrap">
      {formatUtcLong(d)} <span className="text-slate-500">· {formatUntil(d.getTime() - now.getTime())}</span>
    </time>
  );
}

const valueOf = (seconds: number | null): string => (seconds === null ? "default" : (INTERVAL_OPTIONS.find((o) => o.seconds === seconds)?.value ?? "custom"));

/** The rescan interval as a plain form (works without JavaScript); `defaultLabel` adds "workspace default". */
export function ScheduleForm({ action, seconds, defaultLabel, hidden }: { action: (form: FormData) => Promise<void>; seconds: number | null; defaultLabel?: string; hidden?: Record<string, string> }) {
  const current = valueOf(seconds);
  return (
    <form action={action} className="no-print flex flex-wrap items-end gap-2">
      {Object.entries(hidden ?? {}).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <label className="text-sm text-slate-700">
        <span className="mb-1 block font-medium">Rescan</span>
        <select name="interval" defaultValue={current} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
          {defaultLabel ? <option value="default">{defaultLabel}</option> : null}
          {current === "custom" ? <option value="custom" disabled>{intervalLabel(seconds ?? 0)}</option> : null}
          {INTERVAL_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className={buttonClass("secondary")}>
        Save
      </button>
    </form>
  );
}
