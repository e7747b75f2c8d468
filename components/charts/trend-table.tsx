import type { TrendTable } from "@/lib/report/trends";
import { formatCount, formatPercent } from "@/lib/report/trends";

function cell(column: string, v: string | number | null): string {
  if (v === null) return "—";
  if (typeof v === "string") return v;
  return column.endsWith("(%)") ? formatPercent(v) : formatCount(v);
}

function weekOf(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  return `${d.getUTCDate()} ${["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** The numbers behind a chart, newest week first; weeks without scans say so instead of showing 0. */
export function TrendDataTable({ table, caption }: { table: TrendTable; caption: string }) {
  const rows = [...table.rows].reverse();
  return (
    <div className="max-h-96 overflow-auto rounded-md border border-slate-200">
      <table className="w-full border-collapse text-right text-sm tabular-nums">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 z-10 bg-slate-50 text-xs text-slate-600">
          <tr>
            {table.columns.map((c, i) => (
              <th key={c} scope="col" className={`px-2 py-1.5 font-medium whitespace-nowrap ${i === 0 ? "sticky left-0 bg-slate-50 text-left" : ""}`}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.weekStart} className="border-t border-slate-100">
              <th scope="row" className="sticky left-0 bg-white px-2 py-1 text-left font-normal whitespace-nowrap">
                {weekOf(r.weekStart)}
                {r.partial ? <span className="text-xs text-slate-500"> (in progress)</span> : null}
              </th>
              {r.gap ? (
                <td colSpan={table.columns.length - 1} className="px-2 py-1 text-left text-slate-500 italic">
                  No scans this week
                </td>
              ) : (
                r.cells.slice(1).map((v, i) => (
                  <td key={i} className="px-2 py-1 whitespace-nowrap">
                    {cell(table.columns[i + 1]!, v)}
                  </td>
                ))
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
