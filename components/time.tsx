import { formatAge, formatUtcLong } from "@/lib/report/format";

/** Absolute UTC time, always visible, with the relative age beside it (never instead of it). */
export function RelativeTime({ date, now }: { date: Date | string; now: Date }) {
  const d = typeof date === "string" ? new Date(date) : date;
  return (
    <time dateTime={d.toISOString()} className="whitespace-nowrap">
      {formatUtcLong(d)} <span className="text-slate-500">· {formatAge(now.getTime() - d.getTime())}</span>
    </time>
  );
}
