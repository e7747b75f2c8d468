import { formatAge, formatDuration, formatUtcLong } from "@/lib/report/format";

/**
 * The freshness stamp every data view carries (docs/ui.md §2): absolute UTC first, age beside it (never
 * instead), duration, scanner and rules versions.
 */
export function FreshnessStamp({
  startedAt,
  durationMs,
  scannerVersion,
  rulesetVersion,
  now,
  label = "Scanned",
}: {
  startedAt: string | Date;
  durationMs?: number | null;
  scannerVersion?: string | null;
  rulesetVersion?: number | null;
  now: Date;
  label?: string;
}) {
  const d = typeof startedAt === "string" ? new Date(startedAt) : startedAt;
  const parts = [formatAge(now.getTime() - d.getTime())];
  if (durationMs != null) parts.push(formatDuration(durationMs));
  if (scannerVersion) parts.push(`scanner ${scannerVersion}`);
  if (rulesetVersion != null) parts.push(`rules ${rulesetVersion}`);
  return (
    <p className="text-sm text-slate-600">
      {label} <time dateTime={d.toISOString()} className="font-medium text-slate-800">{formatUtcLong(d)}</time>
      {parts.map((p) => (
        <span key={p}> · {p}</span>
      ))}
    </p>
  );
}
