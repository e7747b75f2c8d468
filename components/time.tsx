/** Absolute UTC time, always visible, with the relative age beside it (never instead of it). */
export function RelativeTime({ date, now }: { date: Date | string; now: Date }) {
  const d = typeof date === "string" ? new Date(date) : date;
  return (
    <time dateTime={d.toISOString()} className="whitespace-nowrap">
      {formatUtc(d)} <span className="text-slate-500">· {formatAge(now.getTime() - d.getTime())}</span>
    </time>
  );
}

export function formatUtc(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} d ago`;
}
