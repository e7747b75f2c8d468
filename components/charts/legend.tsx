import type { SeriesStyle } from "./series";

/** A marker shape drawn in SVG, shared by the legend and the chart dots. */
export function MarkerShape({ shape, cx, cy, r, color }: { shape: SeriesStyle["marker"]; cx: number; cy: number; r: number; color: string }) {
  if (shape === "square") return <rect x={cx - r} y={cy - r} width={r * 2} height={r * 2} fill={color} stroke="#fff" strokeWidth={1} />;
  if (shape === "triangle") return <path d={`M ${cx} ${cy - r * 1.2} L ${cx + r * 1.15} ${cy + r * 0.9} L ${cx - r * 1.15} ${cy + r * 0.9} Z`} fill={color} stroke="#fff" strokeWidth={1} />;
  if (shape === "diamond") return <path d={`M ${cx} ${cy - r * 1.3} L ${cx + r * 1.3} ${cy} L ${cx} ${cy + r * 1.3} L ${cx - r * 1.3} ${cy} Z`} fill={color} stroke="#fff" strokeWidth={1} />;
  return <circle cx={cx} cy={cy} r={r} fill={color} stroke="#fff" strokeWidth={1} />;
}

/** Always-visible legend: line sample with its dash and marker, the name, and the latest value. */
export function LineLegend({ series, latest }: { series: SeriesStyle[]; latest: Record<string, string | null> }) {
  return (
    <ul className="flex flex-wrap gap-x-5 gap-y-1 text-sm text-slate-800" aria-label="Legend">
      {series.map((s) => (
        <li key={s.key} className="inline-flex items-center gap-2">
          <svg aria-hidden width="34" height="12" viewBox="0 0 34 12" className="shrink-0">
            <line x1="1" x2="33" y1="6" y2="6" stroke={s.color} strokeWidth="2.5" strokeDasharray={s.dash} strokeLinecap={s.dash === "2 4" ? "round" : "butt"} />
            <MarkerShape shape={s.marker} cx={17} cy={6} r={4} color={s.color} />
          </svg>
          <span>
            {s.name}
            {latest[s.key] != null ? <span className="text-slate-600"> · latest {latest[s.key]}</span> : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
