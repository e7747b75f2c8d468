import type { GradePattern } from "./series";

/**
 * The SVG pattern of one grade's fill, shared by the chart and its legend: every grade but A+ has its
 * own texture, so the grade bands tell A+, B and F apart without colour (WCAG 1.4.1). A+ stays solid.
 */
export function GradePatternDef({ id, pattern, color, size }: { id: string; pattern: GradePattern; color: string; size: number }) {
  const s = size;
  return (
    <pattern id={id} width={s} height={s} patternUnits="userSpaceOnUse" patternTransform={pattern === "lines" ? "rotate(45)" : undefined}>
      <rect width={s} height={s} fill={color} />
      {pattern === "lines" ? <line x1="0" y1="0" x2="0" y2={s} stroke="#064e3b" strokeWidth={s / 3} /> : null}
      {pattern === "dots" ? <circle cx={s / 2} cy={s / 2} r={s / 4.5} fill="#78350f" /> : null}
      {pattern === "cross" ? <path d={`M0 0 L${s} ${s} M${s} 0 L0 ${s}`} stroke="#431407" strokeWidth={s / 7} /> : null}
      {pattern === "hlines" ? <line x1="0" y1={s / 2} x2={s} y2={s / 2} stroke="#ffffff" strokeWidth={s / 4} /> : null}
      {pattern === "grid" ? <path d={`M0 0 H${s} M0 0 V${s}`} stroke="#ffffff" strokeWidth={s / 3} fill="none" /> : null}
    </pattern>
  );
}
