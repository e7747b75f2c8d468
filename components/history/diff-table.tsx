import { Minus, Pencil, Plus } from "lucide-react";
import { UntrustedText } from "@/components/ui/untrusted-text";
import type { ChangeKind, DiffSection, FieldChange } from "@/lib/report/diff";
import { WordDiff } from "./word-diff";

const KIND: Record<Exclude<ChangeKind, "unchanged">, { word: string; Icon: typeof Plus; cls: string }> = {
  added: { word: "Added", Icon: Plus, cls: "border-emerald-600 bg-emerald-50 text-emerald-900" },
  removed: { word: "Removed", Icon: Minus, cls: "border-red-600 bg-red-50 text-red-900" },
  changed: { word: "Changed", Icon: Pencil, cls: "border-amber-600 bg-amber-50 text-amber-900" },
};

function KindChip({ kind }: { kind: ChangeKind }) {
  if (kind === "unchanged") return <span className="text-xs text-slate-600">Unchanged</span>;
  const k = KIND[kind];
  return (
    <span className={`inline-flex items-center gap-1 rounded border px-1.5 py-px text-xs font-semibold print:border-black print:bg-white print:text-black ${k.cls}`}>
      <k.Icon aria-hidden className="h-3 w-3" />
      {k.word}
    </span>
  );
}

function Value({ c, side }: { c: FieldChange; side: "before" | "after" }) {
  const v = side === "before" ? c.before : c.after;
  if (v === null) return <span className="text-slate-400" aria-label="none">—</span>;
  if (c.words) return <WordDiff parts={side === "before" ? c.words.before : c.words.after} side={side} />;
  const struck = c.kind === "removed";
  const added = c.kind === "added";
  return (
    <span className={`font-mono text-[0.8125rem] [overflow-wrap:anywhere] ${struck ? "text-red-900 line-through decoration-red-700 decoration-2" : added ? "font-semibold text-emerald-900" : "text-slate-800"}`}>
      {struck ? <span className="sr-only">removed: </span> : added ? <span className="sr-only">added: </span> : null}
      <UntrustedText value={v} maxBytes={2048} />
    </span>
  );
}

function Field({ c }: { c: FieldChange }) {
  return (
    <>
      <UntrustedText value={c.field} className="font-medium text-slate-900" />
      {c.note ? <span className="block text-xs text-slate-600">{c.note}</span> : null}
    </>
  );
}

/**
 * The changes table (field, before, after), grouped by area, in the openstatus "changes table"
 * manner plus a word per row. Unchanged rows sit in a closed "Unchanged" list under the table.
 * A real table from 768 px; a list of cards below that.
 */
export function DiffTable({ sections, caption }: { sections: DiffSection[]; caption: string }) {
  const changed = sections.map((s) => ({ ...s, changes: s.changes.filter((c) => c.kind !== "unchanged") })).filter((s) => s.changes.length > 0);
  const unchanged = sections.flatMap((s) => s.changes.filter((c) => c.kind === "unchanged").map((c) => ({ section: s.title, c })));
  return (
    <div className="space-y-3">
      {changed.length === 0 ? (
        <p className="text-sm text-slate-600">No record changed between these scans.</p>
      ) : (
        <>
          <div className="hidden overflow-x-auto rounded-md border border-slate-200 md:block print:block">
            <table className="w-full table-fixed border-collapse text-left text-sm">
              <caption className="sr-only">{caption}</caption>
              <colgroup>
                <col className="w-28" />
                <col className="w-64" />
                <col />
                <col />
              </colgroup>
              <thead className="bg-slate-50 text-xs text-slate-600 uppercase">
                <tr>
                  <th scope="col" className="px-3 py-2">Change</th>
                  <th scope="col" className="px-3 py-2">Field</th>
                  <th scope="col" className="px-3 py-2">Before (older)</th>
                  <th scope="col" className="px-3 py-2">After (newer)</th>
                </tr>
              </thead>
              {changed.map((s) => (
                <tbody key={s.key} className="border-t border-slate-200">
                  <tr className="bg-slate-50/60">
                    <th scope="rowgroup" colSpan={4} className="px-3 py-1.5 text-xs font-semibold text-slate-700">
                      {s.title}
                    </th>
                  </tr>
                  {s.changes.map((c) => (
                    <tr key={c.key} className="border-t border-slate-100 align-top print:break-inside-avoid">
                      <td className="px-3 py-2"><KindChip kind={c.kind} /></td>
                      <th scope="row" className="px-3 py-2 font-normal"><Field c={c} /></th>
                      <td className="px-3 py-2"><Value c={c} side="before" /></td>
                      <td className="px-3 py-2"><Value c={c} side="after" /></td>
                    </tr>
                  ))}
                </tbody>
              ))}
            </table>
          </div>
          <div className="space-y-4 md:hidden print:hidden">
            {changed.map((s) => (
              <section key={s.key} aria-label={s.title}>
                <h3 className="mb-1 text-xs font-semibold text-slate-700 uppercase">{s.title}</h3>
                <ul className="space-y-2">
                  {s.changes.map((c) => (
                    <li key={c.key} className="rounded-md border border-slate-200 p-3">
                      <div className="flex flex-wrap items-center gap-2"><KindChip kind={c.kind} /> <Field c={c} /></div>
                      <dl className="mt-2 space-y-1 text-sm">
                        <div><dt className="text-xs text-slate-600">Before</dt><dd><Value c={c} side="before" /></dd></div>
                        <div><dt className="text-xs text-slate-600">After</dt><dd><Value c={c} side="after" /></dd></div>
                      </dl>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </div>
        </>
      )}
      {unchanged.length > 0 ? (
        <details className="rounded-md border border-slate-200">
          <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-blue-700">Unchanged ({unchanged.length})</summary>
          <ul className="divide-y divide-slate-100 border-t border-slate-200 text-sm">
            {unchanged.map(({ section, c }) => (
              <li key={c.key} className="grid gap-1 px-3 py-2 md:grid-cols-[16rem_minmax(0,1fr)]">
                <span>
                  <span className="text-xs text-slate-500">{section} · </span>
                  <UntrustedText value={c.field} className="text-slate-800" />
                </span>
                <UntrustedText value={c.after ?? c.before ?? ""} mono className="text-[0.8125rem] text-slate-700" />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
