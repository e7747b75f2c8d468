/**
 * Icons that repeat in every row of a list (the posture cells, exposure badges and rescan buttons
 * of the portfolio, history and compare views), drawn once per page as <symbol>s and referenced
 * with <use>. A lucide component inlines its whole path data each time; at 50 rows × five icons
 * that was a third of the overview's HTML and of its render time (docs/benchmarks.md, "Dashboard
 * under load"). The sprite also carries the sparkline's point marker (components/charts/sparkline.tsx).
 *
 * The glyphs are lucide's own components, nested inside the symbols, so they look exactly as before.
 */
import { CircleCheck, CircleDashed, CircleHelp, CircleX, MailX, Minus, RefreshCw, ShieldAlert, ShieldCheck, ShieldQuestion, ShieldX, TriangleAlert, type LucideIcon } from "lucide-react";

const SPRITE = {
  "circle-check": CircleCheck,
  "circle-dashed": CircleDashed,
  "circle-help": CircleHelp,
  "circle-x": CircleX,
  minus: Minus,
  "triangle-alert": TriangleAlert,
  "shield-check": ShieldCheck,
  "shield-alert": ShieldAlert,
  "shield-x": ShieldX,
  "shield-question": ShieldQuestion,
  "mail-x": MailX,
  "refresh-cw": RefreshCw,
} satisfies Record<string, LucideIcon>;

export type SpriteName = keyof typeof SPRITE;

const idOf = (name: SpriteName) => `mp-icon-${name}`;

/** The sparkline's point marker: a 1.25-unit dot at each vertex but the last. */
export const SPARK_DOT_URL = "url(#mp-spark-dot)";

/**
 * Once per document (the root layout). Not `display: none`: a symbol inside an undisplayed <svg>
 * is not rendered through <use> in every browser.
 */
export function IconSprite() {
  return (
    <svg aria-hidden width="0" height="0" className="pointer-events-none absolute h-0 w-0 overflow-hidden">
      <defs>
        {Object.entries(SPRITE).map(([name, Icon]) => (
          <symbol key={name} id={idOf(name as SpriteName)} viewBox="0 0 24 24">
            <Icon width={24} height={24} />
          </symbol>
        ))}
        <marker id="mp-spark-dot" viewBox="0 0 2.5 2.5" refX={1.25} refY={1.25} markerWidth={2.5} markerHeight={2.5} markerUnits="userSpaceOnUse">
          <circle cx={1.25} cy={1.25} r={1.25} className="fill-slate-500 print:fill-black" />
        </marker>
      </defs>
    </svg>
  );
}

/** A sprite icon; decorative (the word beside it carries the meaning), sized by `className`. */
export function SpriteIcon({ name, className }: { name: SpriteName; className?: string }) {
  return (
    <svg aria-hidden viewBox="0 0 24 24" className={className}>
      <use href={`#${idOf(name)}`} />
    </svg>
  );
}
