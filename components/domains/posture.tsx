/**
 * The portfolio's small posture cells: MTA-STS mode, DANE state, DMARC policy, finding counts and
 * the last-scan stamp. Each state is an icon and a word (docs/ui.md §3); colour only tracks urgency.
 */
import { Loader2, TriangleAlert } from "lucide-react";
import { SpriteIcon, type SpriteName } from "@/components/ui/icon-sprite";
import { formatAge, formatUtcLong, formatUtcShort } from "@/lib/report/format";
import type { Staleness } from "@/lib/report/staleness";

type Meta = { word: string; icon: SpriteName; tone: string };

const GOOD = "text-emerald-800";
const WARN = "text-amber-800";
const BAD = "text-red-800";
const NEUTRAL = "text-slate-600";

/** Keyed by DomainLatest.mtaStsMode (lib/report/posture.ts): "enforce" is green only where protection holds. */
export const MTA_STS_META: Record<string, Meta> = {
  enforce: { word: "enforce", icon: "circle-check", tone: GOOD },
  "enforce-uncovered": { word: "enforce · MX not covered", icon: "circle-x", tone: BAD },
  "enforce-tls-fails": { word: "enforce · MX TLS fails", icon: "circle-x", tone: BAD },
  "enforce-not-applied": { word: "enforce · ignored by senders", icon: "triangle-alert", tone: WARN },
  "not-checked": { word: "not checked", icon: "circle-help", tone: NEUTRAL },
  testing: { word: "testing", icon: "triangle-alert", tone: WARN },
  none: { word: "none (opt-out)", icon: "minus", tone: WARN },
  "none-published": { word: "not published", icon: "circle-dashed", tone: WARN },
  unknown: { word: "no valid policy", icon: "circle-x", tone: BAD },
  "n/a": { word: "n/a", icon: "minus", tone: NEUTRAL },
};

/** Keyed by `checks.dane.status` (the DANE/DNSSEC check of the latest scan). */
export const DANE_META: Record<string, Meta> = {
  pass: { word: "valid", icon: "circle-check", tone: GOOD },
  warn: { word: "partial", icon: "triangle-alert", tone: WARN },
  fail: { word: "failing", icon: "circle-x", tone: BAD },
  missing: { word: "none", icon: "circle-dashed", tone: NEUTRAL },
  error: { word: "inconclusive", icon: "circle-help", tone: NEUTRAL },
  "n/a": { word: "n/a", icon: "minus", tone: NEUTRAL },
};

export const DMARC_META: Record<string, Meta> = {
  reject: { word: "reject", icon: "circle-check", tone: GOOD },
  quarantine: { word: "quarantine", icon: "circle-check", tone: GOOD },
  none: { word: "none", icon: "triangle-alert", tone: WARN },
  missing: { word: "missing", icon: "circle-dashed", tone: BAD },
  // Could not check (SERVFAIL, DNSSEC bogus) is not a verdict on the record.
  "not-checked": { word: "not checked", icon: "circle-help", tone: NEUTRAL },
  unknown: { word: "invalid", icon: "circle-x", tone: BAD },
};

function Word({ meta, label }: { meta: Meta; label?: string }) {
  return (
    <span className={`inline-flex items-center gap-1 whitespace-nowrap ${meta.tone} print:text-black`}>
      <SpriteIcon name={meta.icon} className="h-3.5 w-3.5 shrink-0" />
      {label ? <span className="sr-only">{label} </span> : null}
      {meta.word}
    </span>
  );
}

const Dash = ({ label }: { label?: string }) => (
  <span className="text-slate-400">
    <span aria-hidden>—</span>
    <span className="sr-only">{label ? `${label}: ` : ""}not scanned</span>
  </span>
);

/** `mode` is DomainLatest.mtaStsMode; null with a scan means no usable policy (or no inbound mail). */
export function MtaStsCell({ mode, scanned, acceptsMail, label }: { mode: string | null; scanned: boolean; acceptsMail: boolean; label?: string }) {
  if (!scanned) return <Dash label={label} />;
  const key = !acceptsMail ? "n/a" : (mode ?? "unknown");
  return <Word meta={MTA_STS_META[key] ?? MTA_STS_META.unknown!} label={label} />;
}

export function DaneCell({ state, label }: { state: string | null; label?: string }) {
  if (!state) return <Dash label={label} />;
  return <Word meta={DANE_META[state] ?? DANE_META.error!} label={label} />;
}

export function DmarcCell({ policy, scanned, label }: { policy: string | null; scanned: boolean; label?: string }) {
  if (!scanned) return <Dash label={label} />;
  return <Word meta={DMARC_META[policy ?? "unknown"] ?? DMARC_META.unknown!} label={label} />;
}

/** "1 / 3" critical / high, with the words for screen readers; zero counts are muted. */
export function FindingCounts({ critical, high, scanned }: { critical: number; high: number; scanned: boolean }) {
  if (!scanned) return <Dash label="Findings" />;
  return (
    <span className="whitespace-nowrap tabular-nums">
      <span className={critical > 0 ? "font-semibold text-red-800" : "text-slate-500"}>{critical}</span>
      <span aria-hidden className="text-slate-400"> / </span>
      <span className={high > 0 ? "font-semibold text-red-700" : "text-slate-500"}>{high}</span>
      <span className="sr-only">
        {" "}
        {critical} critical, {high} high
      </span>
    </span>
  );
}

/** Why a result is stale, in words (lib/report/staleness.ts). */
export function staleText(days: number, staleness?: Staleness): string {
  if (staleness?.stale && staleness.reason === "failed") return "the last scan failed, so this result is no longer being refreshed";
  const d = staleness?.stale && staleness.reason === "old" ? staleness.thresholdDays : days;
  return `older than ${d} ${d === 1 ? "day" : "days"}`;
}

export function StaleChip({ days, staleness }: { days: number; staleness?: Staleness }) {
  const why = staleText(days, staleness);
  return (
    <span
      title={`Stale: ${why}`}
      className="inline-flex items-center gap-0.5 rounded border border-amber-600 bg-amber-50 px-1 text-xs font-medium text-amber-900 print:border-black print:bg-white print:text-black">
      <TriangleAlert aria-hidden className="h-3 w-3" />
      Stale<span className="sr-only">: {why}</span>
    </span>
  );
}

/** Absolute UTC time and the age beside it (docs/ui.md §2: relative in addition, never instead). */
export function ScanTime({ at, now, stacked = false }: { at: Date | string; now: Date | string; stacked?: boolean }) {
  const d = new Date(at);
  return (
    <time dateTime={d.toISOString()} title={formatUtcLong(d)} className={stacked ? "flex flex-col whitespace-nowrap" : "whitespace-nowrap"}>
      <span>{formatUtcShort(d)} UTC</span>
      {stacked ? null : " "}
      <span className="text-slate-500">
        {stacked ? "" : "· "}
        {formatAge(new Date(now).getTime() - d.getTime())}
      </span>
    </time>
  );
}

/** The last-scan cell: the scan in progress first, then when the latest result was taken. */
export function LastScanCell({
  lastScanAt,
  stale,
  staleDays,
  staleness,
  active,
  now,
  stacked = false,
}: {
  lastScanAt: Date | string | null;
  stale: boolean;
  staleDays: number;
  staleness?: Staleness;
  active: "queued" | "running" | null;
  now: Date | string;
  /** Date and age on two lines (the table); one line in cards. */
  stacked?: boolean;
}) {
  return (
    <span className="flex flex-col gap-0.5">
      {active ? (
        <span className="inline-flex items-center gap-1 font-medium text-slate-800">
          <Loader2 aria-hidden className="h-3.5 w-3.5 animate-spin motion-reduce:animate-none" />
          {active === "queued" ? "Queued…" : "Scanning…"}
        </span>
      ) : null}
      {lastScanAt ? (
        <span className={`inline-flex flex-wrap items-center gap-1 ${active ? "text-xs text-slate-600" : ""}`}>
          <ScanTime at={lastScanAt} now={now} stacked={stacked} />
          {stale ? <StaleChip days={staleDays} staleness={staleness} /> : null}
        </span>
      ) : active ? null : (
        <span className="text-slate-600">Not scanned yet</span>
      )}
    </span>
  );
}
