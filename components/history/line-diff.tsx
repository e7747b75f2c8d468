import { Fragment } from "react";
import { UntrustedText } from "@/components/ui/untrusted-text";
import type { LineDiffRow } from "@/lib/report/diff";

/** Unchanged runs longer than this are folded, keeping CONTEXT lines next to each change. */
const FOLD_OVER = 8;
const CONTEXT = 3;

type Block = { kind: "rows"; rows: LineDiffRow[] } | { kind: "fold"; rows: LineDiffRow[] };

function blocks(rows: LineDiffRow[]): Block[] {
  const out: Block[] = [];
  let i = 0;
  while (i < rows.length) {
    if (rows[i]!.op !== "same") {
      const start = i;
      while (i < rows.length && rows[i]!.op !== "same") i++;
      out.push({ kind: "rows", rows: rows.slice(start, i) });
      continue;
    }
    const start = i;
    while (i < rows.length && rows[i]!.op === "same") i++;
    const run = rows.slice(start, i);
    const lead = start === 0 ? 0 : CONTEXT;
    const trail = i === rows.length ? 0 : CONTEXT;
    if (run.length > FOLD_OVER && run.length > lead + trail) {
      if (lead) out.push({ kind: "rows", rows: run.slice(0, lead) });
      out.push({ kind: "fold", rows: run.slice(lead, run.length - trail) });
      if (trail) out.push({ kind: "rows", rows: run.slice(run.length - trail) });
    } else out.push({ kind: "rows", rows: run });
  }
  return out;
}

function Line({ r }: { r: LineDiffRow }) {
  const tone = r.op === "add" ? "bg-emerald-50 text-emerald-950" : r.op === "del" ? "bg-red-50 text-red-950" : "text-slate-800";
  const sign = r.op === "add" ? "+" : r.op === "del" ? "\u2212" : " ";
  const word = r.op === "add" ? `added line ${r.newNo}: ` : r.op === "del" ? `removed line ${r.oldNo}: ` : "";
  return (
    <div className={`grid grid-cols-[2.25rem_2.25rem_1.25rem_minmax(0,1fr)] ${tone} print:bg-white`}>
      <span aria-hidden className="pr-2 text-right text-slate-400 select-none">{r.oldNo ?? ""}</span>
      <span aria-hidden className="pr-2 text-right text-slate-400 select-none">{r.newNo ?? ""}</span>
      <span aria-hidden className={`font-bold select-none ${r.op === "add" ? "text-emerald-800" : r.op === "del" ? "text-red-800" : ""}`}>{sign}</span>
      <span className={`whitespace-pre-wrap [overflow-wrap:anywhere] ${r.op === "del" ? "line-through decoration-red-700/70" : ""}`}>
        {word ? <span className="sr-only">{word}</span> : null}
        <UntrustedText value={r.text} maxBytes={0} noWarning />
        {r.text === "" ? "\u00a0" : null}
      </span>
    </div>
  );
}

/** A line diff of a text body (the MTA-STS policy): old and new line numbers, − / + and words. */
export function LineDiff({ rows, label }: { rows: LineDiffRow[]; label: string }) {
  const added = rows.filter((r) => r.op === "add").length;
  const removed = rows.filter((r) => r.op === "del").length;
  return (
    <figure className="overflow-hidden rounded-md border border-slate-200">
      <figcaption className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-xs text-slate-700">
        <span className="font-mono">{label}</span>
        <span>
          <span className="font-semibold text-emerald-800">+{added} added</span> · <span className="font-semibold text-red-800">{"\u2212"}{removed} removed</span>
        </span>
      </figcaption>
      <div className="py-1 font-mono text-[0.8125rem] leading-5">
        {blocks(rows).map((b, i) =>
          b.kind === "rows" ? (
            <Fragment key={i}>{b.rows.map((r, j) => <Line key={j} r={r} />)}</Fragment>
          ) : (
            <details key={i} className="border-y border-dashed border-slate-200 bg-slate-50">
              <summary className="cursor-pointer px-3 py-0.5 font-sans text-xs text-blue-700">… {b.rows.length} unchanged lines</summary>
              {b.rows.map((r, j) => <Line key={j} r={r} />)}
            </details>
          ),
        )}
      </div>
    </figure>
  );
}
