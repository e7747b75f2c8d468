import { TriangleAlert } from "lucide-react";
import { Fragment } from "react";
import { byteLength, reveal, type TextSegment } from "@/lib/report/untrusted";

/** Inline values longer than this are cut, with the rest behind "Show all" (docs/ui.md §7.5). */
export const INLINE_MAX_BYTES = 2048;

type Props = {
  /** Text from DNS, SMTP or HTTP: attacker-controlled. */
  value: string;
  /** Mono font (records, host names, digests). */
  mono?: boolean;
  /** Keep line breaks (policy bodies); otherwise "\n" shows as a visible token. */
  multiline?: boolean;
  /** Cut after this many bytes (default 2 KB); 0 disables the cut. */
  maxBytes?: number;
  /** Hide the "contains hidden characters" chip (when the caller shows its own). */
  noWarning?: boolean;
  /**
   * Break only inside words that do not fit (table cells: the column grows to the longest name
   * instead of splitting it). Default: break anywhere, so nothing reflows the page sideways.
   */
  keepWords?: boolean;
  className?: string;
};

function Segment({ s }: { s: TextSegment }) {
  if (s.kind === "text") return <>{s.text}</>;
  if (s.kind === "hidden") {
    return (
      <span className="mx-px rounded-sm bg-amber-100 px-0.5 font-mono text-[0.85em] text-amber-900 ring-1 ring-amber-300 print:bg-white print:ring-black" title="Hidden character">
        {s.token}
      </span>
    );
  }
  // Long hex: head…tail on screen; the middle stays in the DOM (screen readers, text selection and
  // print get the full value) and expands when the value is focused (docs/ui.md §2). `digest`: on
  // paper a digest may break anywhere (app/print.css), where names may not.
  return (
    <span tabIndex={0} className="digest group/hex rounded-sm font-mono outline-offset-1 focus:bg-blue-50" title="Focus to show the full value">
      {s.head}
      <span className="inline-block max-w-0 overflow-hidden align-bottom whitespace-nowrap group-focus/hex:inline group-focus/hex:max-w-none group-focus/hex:whitespace-normal print:inline print:max-w-none print:whitespace-normal">
        {s.middle}
      </span>
      <span aria-hidden className="text-slate-500 before:content-['…'] group-focus/hex:hidden print:hidden" />
      {s.tail}
    </span>
  );
}

function Segments({ segments }: { segments: TextSegment[] }) {
  return (
    <>
      {segments.map((s, i) => (
        <Fragment key={i}>
          <Segment s={s} />
        </Fragment>
      ))}
    </>
  );
}

/**
 * Renders untrusted text as inert React text (never HTML), with invisible and control characters
 * shown as tokens (`\x07`, `⟨U+202E⟩`), long hex abbreviated in the middle, and very long values
 * cut behind "Show all". Wraps anywhere, so nothing reflows the page sideways.
 */
export function UntrustedText({ value, mono, multiline, maxBytes = INLINE_MAX_BYTES, noWarning, keepWords, className = "" }: Props) {
  const text = typeof value === "string" ? value : String(value ?? "");
  const bytes = maxBytes > 0 ? byteLength(text) : 0;
  const cut = maxBytes > 0 && bytes > maxBytes;
  const head = cut ? Array.from(text).slice(0, maxBytes).join("") : text;
  const headSegments = reveal(head, { multiline });
  const restSegments = cut ? reveal(text.slice(head.length), { multiline }) : [];
  const hidden = [...headSegments, ...restSegments].some((s) => s.kind === "hidden");
  return (
    <span className={`${keepWords ? "[overflow-wrap:break-word]" : "[overflow-wrap:anywhere]"} ${multiline ? "whitespace-pre-wrap" : ""} ${mono ? "font-mono" : ""} ${className}`}>
      <Segments segments={headSegments} />
      {cut ? (
        <details className="inline [&[open]>summary]:hidden">
          <summary className="inline cursor-pointer text-blue-700 underline print:hidden">… Show all ({bytes} bytes)</summary>
          <Segments segments={restSegments} />
        </details>
      ) : null}
      {hidden && !noWarning ? (
        <span className="ml-1 inline-flex items-center gap-0.5 rounded border border-amber-400 bg-amber-50 px-1 align-middle font-sans text-[0.6875rem] font-medium text-amber-900 print:border-black print:bg-white print:text-black">
          <TriangleAlert aria-hidden className="h-3 w-3" />
          contains hidden characters
        </span>
      ) : null}
    </span>
  );
}
