/** Dates, ages and durations as the report shows them. Pure; always UTC, so server and browser agree. */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function toDate(d: Date | string): Date {
  return typeof d === "string" ? new Date(d) : d;
}

/** "28 Nov 2026 12:00 UTC" — the absolute time every data view shows (docs/ui.md §2 freshness stamp). */
export function formatUtcLong(d: Date | string): string {
  const x = toDate(d);
  if (Number.isNaN(x.getTime())) return "unknown time";
  const hh = String(x.getUTCHours()).padStart(2, "0");
  const mm = String(x.getUTCMinutes()).padStart(2, "0");
  return `${x.getUTCDate()} ${MONTHS[x.getUTCMonth()]} ${x.getUTCFullYear()} ${hh}:${mm} UTC`;
}

/** "28 Nov 12:00" — for labels where the year is clear from context. */
export function formatUtcShort(d: Date | string): string {
  const x = toDate(d);
  if (Number.isNaN(x.getTime())) return "unknown time";
  const hh = String(x.getUTCHours()).padStart(2, "0");
  const mm = String(x.getUTCMinutes()).padStart(2, "0");
  return `${x.getUTCDate()} ${MONTHS[x.getUTCMonth()]} ${hh}:${mm}`;
}

/** "28 Nov 2026" */
export function formatUtcDate(d: Date | string): string {
  const x = toDate(d);
  if (Number.isNaN(x.getTime())) return "unknown date";
  return `${x.getUTCDate()} ${MONTHS[x.getUTCMonth()]} ${x.getUTCFullYear()}`;
}

/** "2 h ago", "3 d ago"; never negative (clock skew reads as "just now"). */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 45) return "just now";
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} d ago`;
}

/** "340 ms", "1.8 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** A max_age in seconds as "604800 s (7 days)". */
export function formatSeconds(seconds: number): string {
  const days = seconds / 86_400;
  if (seconds < 86_400) return `${seconds} s (${Math.round(seconds / 3600)} h)`;
  return `${seconds} s (${Number.isInteger(days) ? days : days.toFixed(1)} ${days === 1 ? "day" : "days"})`;
}

/** Days from `now` until `d` (negative when past). */
export function daysUntil(d: Date | string, now: Date): number {
  return Math.floor((toDate(d).getTime() - now.getTime()) / 86_400_000);
}
