import type { ReactNode } from "react";
import { CopyButton } from "./copy-button";

/** Preformatted text (a record, a policy body) as inert text, with line numbers and a copy button. */
export function CodeBlock({ text, label, actions, maxLines }: { text: string; label: string; actions?: ReactNode; maxLines?: number }) {
  const lines = text.replace(/\n$/, "").split("\n");
  const shown = maxLines ? lines.slice(0, maxLines) : lines;
  return (
    <figure className="rounded-md border border-slate-200 bg-slate-50">
      <figcaption className="flex items-center justify-between gap-2 border-b border-slate-200 px-3 py-1.5 text-xs text-slate-600">
        <span>{label}</span>
        <span className="flex items-center gap-2">
          {actions}
          <CopyButton text={text} label={`Copy ${label}`} />
        </span>
      </figcaption>
      <pre className="overflow-x-auto p-3 font-mono text-[0.8125rem] leading-5 text-slate-800 [overflow-wrap:anywhere] whitespace-pre-wrap">
        {shown.map((line, i) => (
          <span key={i} className="block">
            <span aria-hidden className="mr-3 inline-block w-6 select-none text-right text-slate-400">{i + 1}</span>
            {line}
          </span>
        ))}
        {shown.length < lines.length ? <span className="block text-slate-500">… {lines.length - shown.length} more lines</span> : null}
      </pre>
    </figure>
  );
}
