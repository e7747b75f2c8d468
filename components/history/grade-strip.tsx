"use client";

import Link from "next/link";
import { useRef, useState, type KeyboardEvent } from "react";
import { GRADES } from "@/lib/scan/types";
import { formatScanDay, formatScanTime, scanHref } from "./format";

export type StripPoint = { id: string; finishedAt: string; grade: string; score: number };

const LEVELS = GRADES;
const DOT: Record<string, string> = {
  "A+": "bg-emerald-600 border-emerald-800",
  A: "bg-emerald-500 border-emerald-800",
  B: "bg-teal-500 border-teal-800",
  C: "bg-amber-400 border-amber-800",
  D: "bg-orange-500 border-orange-800",
  F: "bg-red-600 border-red-800",
};

const level = (g: string) => Math.max(0, LEVELS.indexOf(g as (typeof LEVELS)[number]));
/** Vertical position in percent of the plot height (A+ on top, F at the bottom). */
const yOf = (g: string) => 8 + (level(g) / (LEVELS.length - 1)) * 84;

/**
 * Grade over time as a step chart of finished scans, oldest left. Each marker is a link to that
 * scan's pinned report; the markers form one tab stop with arrow-key navigation (roving tabindex),
 * and a visible caption repeats the focused scan's date and grade, so nothing is hover-only.
 */
export function GradeStrip({ domain, points, marks = {}, label }: { domain: string; points: StripPoint[]; marks?: Record<string, string>; label: string }) {
  const n = points.length;
  const marked = points.findLastIndex((p) => marks[p.id] !== undefined);
  // The roving tab stop starts on the marked scan (the one being viewed), else the newest.
  const [active, setActive] = useState(marked === -1 ? Math.max(0, n - 1) : marked);
  const refs = useRef<(HTMLAnchorElement | null)[]>([]);
  if (n === 0) return null;
  const xOf = (i: number) => (n === 1 ? 50 : 2 + (i / (n - 1)) * 96);

  const move = (e: KeyboardEvent<HTMLAnchorElement>, i: number) => {
    const to = e.key === "ArrowRight" || e.key === "ArrowUp" ? i + 1 : e.key === "ArrowLeft" || e.key === "ArrowDown" ? i - 1 : e.key === "Home" ? 0 : e.key === "End" ? n - 1 : null;
    if (to === null) return;
    e.preventDefault();
    const next = Math.min(n - 1, Math.max(0, to));
    setActive(next);
    refs.current[next]?.focus();
  };

  // Step-after path in a 100×100 box, stretched to the plot; the stroke does not scale.
  let d = `M ${xOf(0)} ${yOf(points[0]!.grade)}`;
  for (let i = 1; i < n; i++) d += ` H ${xOf(i)} V ${yOf(points[i]!.grade)}`;

  const first = points[0]!;
  const last = points[n - 1]!;
  const shown = points[active] ?? last;
  const summary = n === 1 ? `One finished scan: grade ${last.grade} (${last.score}) on ${formatScanDay(last.finishedAt)}.` : `From ${first.grade} (${first.score}) on ${formatScanDay(first.finishedAt)} to ${last.grade} (${last.score}) on ${formatScanDay(last.finishedAt)}.`;

  return (
    <figure className="space-y-2">
      <figcaption className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-sm">
        <span className="font-medium text-slate-800">{label}</span>
        <span className="text-slate-600">{summary}</span>
      </figcaption>
      <div className="flex gap-2">
        <ol aria-hidden className="relative h-36 w-7 shrink-0 text-right font-mono text-xs text-slate-500 sm:h-40">
          {LEVELS.map((g) => (
            <li key={g} className="absolute right-0 -translate-y-1/2" style={{ top: `${yOf(g)}%` }}>
              {g}
            </li>
          ))}
        </ol>
        <div className="relative h-36 min-w-0 flex-1 rounded border border-slate-200 bg-slate-50 sm:h-40">
          <svg aria-hidden viewBox="0 0 100 100" preserveAspectRatio="none" className="absolute inset-0 h-full w-full">
            {LEVELS.map((g) => (
              <line key={g} x1="0" x2="100" y1={yOf(g)} y2={yOf(g)} stroke="#e2e8f0" strokeWidth="1" vectorEffect="non-scaling-stroke" />
            ))}
            <path d={d} fill="none" stroke="#334155" strokeWidth="2" vectorEffect="non-scaling-stroke" />
          </svg>
          <ol className="absolute inset-0">
            {points.map((p, i) => {
              const mark = marks[p.id];
              const aria = `${formatScanTime(p.finishedAt)}: grade ${p.grade}, ${p.score} of 100${mark ? ` (${mark})` : ""}`;
              return (
                <li key={p.id} className="absolute -translate-x-1/2 -translate-y-1/2" style={{ left: `${xOf(i)}%`, top: `${yOf(p.grade)}%` }}>
                  <Link
                    ref={(el) => {
                      refs.current[i] = el;
                    }}
                    href={scanHref(domain, p.id)}
                    tabIndex={i === active ? 0 : -1}
                    aria-label={aria}
                    onKeyDown={(e) => move(e, i)}
                    onFocus={() => setActive(i)}
                    onMouseEnter={() => setActive(i)}
                    className="group flex h-6 w-6 items-center justify-center rounded-full focus-visible:outline-2 focus-visible:outline-blue-700"
                  >
                    <span className={`block rounded-full border ${DOT[p.grade] ?? DOT.F} ${mark ? "h-3.5 w-3.5 ring-2 ring-slate-900 ring-offset-1" : "h-2.5 w-2.5"} ${i === active ? "scale-125" : ""}`} />
                  </Link>
                  {mark ? (
                    <span aria-hidden className="pointer-events-none absolute bottom-full left-1/2 -translate-x-1/2 rounded bg-slate-900 px-1 py-px text-[0.625rem] font-semibold whitespace-nowrap text-white print:bg-white print:text-black print:ring-1 print:ring-black">
                      {mark}
                    </span>
                  ) : null}
                </li>
              );
            })}
          </ol>
        </div>
      </div>
      <p className="pl-9 text-xs text-slate-600">
        <span className="font-medium text-slate-800">{formatScanTime(shown.finishedAt)}</span> · grade {shown.grade} · {shown.score}/100
        {marks[shown.id] ? ` · ${marks[shown.id]}` : ""}
        <span className="no-print hidden sm:inline"> · arrow keys move between scans, Enter opens the report</span>
      </p>
    </figure>
  );
}
