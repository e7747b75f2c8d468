/**
 * A domain's last grades as a tiny line (docs/ui.md §5.1 "Trend"). The line is decoration for sighted
 * users; the accessible name carries every grade, so nothing is hover-only or colour-only.
 */

import { SPARK_DOT_URL } from "@/components/ui/icon-sprite";
import { GRADES, type Grade } from "@/lib/scan/types";

export type SparkPoint = { grade: string };

/** Height of a grade on the line: F (and anything unknown) 0, A+ highest, in the scanner's one grade order. */
function rankOf(grade: string): number {
  const i = GRADES.indexOf(grade as Grade);
  return i === -1 ? 0 : GRADES.length - 1 - i;
}

/** "A+ for 8 scans", "C (one scan)", "From C to A+ over 8 scans: C, C, B, A, A+, A+, A+, A+". */
export function trendLabel(points: readonly SparkPoint[]): string {
  if (points.length === 0) return "No finished scans yet";
  const grades = points.map((p) => p.grade);
  const last = grades[grades.length - 1]!;
  if (grades.length === 1) return `${last} (one scan)`;
  if (grades.every((g) => g === last)) return `${last} for ${grades.length} scans`;
  return `From ${grades[0]} to ${last} over ${grades.length} scans: ${grades.join(", ")}`;
}

export function Sparkline({ points, width = 72, height = 24 }: { points: readonly SparkPoint[]; width?: number; height?: number }) {
  const label = trendLabel(points);
  if (points.length === 0) {
    return (
      <span className="text-slate-500" aria-label={label} role="img">
        —
      </span>
    );
  }
  const pad = 3;
  const step = points.length > 1 ? (width - 2 * pad) / (points.length - 1) : 0;
  const xy = points.map((p, i) => {
    const r = rankOf(p.grade);
    const x = points.length > 1 ? pad + i * step : width / 2;
    const y = pad + (1 - r / 5) * (height - 2 * pad);
    return [Math.round(x * 10) / 10, Math.round(y * 10) / 10] as const;
  });
  const last = xy[xy.length - 1]!;
  return (
    <svg role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="shrink-0 overflow-visible text-slate-500 print:text-black">
      <title>{label}</title>
      {/* Baseline at F, so the height of the line reads as "better" without any colour. */}
      <line x1={pad} x2={width - pad} y1={height - pad} y2={height - pad} stroke="currentColor" strokeOpacity={0.25} strokeWidth={1} />
      {/* A dot on every point but the last, as markers defined once per page (components/ui/icon-sprite.tsx). */}
      {xy.length > 1 ? (
        <polyline
          points={xy.map(([x, y]) => `${x},${y}`).join(" ")}
          fill="none"
          stroke="currentColor"
          strokeWidth={1.5}
          strokeLinejoin="round"
          strokeLinecap="round"
          markerStart={SPARK_DOT_URL}
          markerMid={SPARK_DOT_URL}
        />
      ) : null}
      <circle cx={last[0]} cy={last[1]} r={2.75} className="fill-slate-900 print:fill-black" />
    </svg>
  );
}
