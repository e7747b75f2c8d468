/**
 * The portfolio table (docs/ui.md §5.1) for wide screens: one row per domain, sortable headers that are
 * links (the sort lives in the URL), a selection checkbox and a rescan button per row. The caller
 * wraps it in the rescan <form>; narrow screens get DomainCards instead.
 */
import Link from "next/link";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { Sparkline } from "@/components/charts/sparkline";
import { ExposureBadge } from "@/components/report/exposure-badge";
import { GradeBadge } from "@/components/report/grade-badge";
import { buttonClass } from "@/components/ui/button";
import { SpriteIcon } from "@/components/ui/icon-sprite";
import type { ExposureVerdict } from "@/lib/report/verdict";
import { DaneCell, DmarcCell, FindingCounts, LastScanCell, MtaStsCell } from "./posture";
import { TagChips } from "./tag-chips";
import { domainHref, type PortfolioRow, type RowContext, type SortKey, type SortState } from "./types";

const SORT_WORD: Record<SortKey, { asc: string; desc: string }> = {
  domain: { asc: "A to Z", desc: "Z to A" },
  grade: { asc: "worst first", desc: "best first" },
  scanned: { asc: "oldest first", desc: "newest first" },
  critical: { asc: "fewest first", desc: "most first" },
};

function SortHeader({ label, col, sort, href, className = "" }: { label: string; col: SortKey; sort: SortState; href: string; className?: string }) {
  const active = sort.key === col;
  const Icon = !active ? ArrowUpDown : sort.dir === "asc" ? ArrowUp : ArrowDown;
  return (
    <th scope="col" aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : undefined} className={`whitespace-nowrap px-2 py-2 font-semibold ${className}`}>
      <Link href={href} scroll={false} className="inline-flex min-h-6 items-center gap-1 rounded text-slate-700 hover:text-blue-800 hover:underline">
        {label}
        <Icon aria-hidden className={`h-3.5 w-3.5 ${active ? "text-slate-900" : "text-slate-400"}`} />
        <span className="sr-only">{active ? `, sorted ${SORT_WORD[col][sort.dir]}; click to reverse` : ", click to sort"}</span>
      </Link>
    </th>
  );
}

/** A row's own rescan; `touch` makes it a 40 px target for the card layout. */
export function RowRescanButton({ row, busy, touch = false }: { row: PortfolioRow; busy: boolean; touch?: boolean }) {
  const active = row.activeScan !== null;
  const word = row.lastScanAt ? "Rescan" : "Scan now";
  return (
    <button
      type="submit"
      name="one"
      value={row.name}
      disabled={busy || active}
      aria-label={`${word} ${row.name}`}
      title={active ? "A scan is already queued or running" : undefined}
      className={`${buttonClass("secondary", "sm")} shrink-0 whitespace-nowrap ${touch ? "min-h-10 px-3" : "min-h-6"}`}
    >
      <SpriteIcon name="refresh-cw" className="h-3.5 w-3.5" />
      {word}
    </button>
  );
}

export function DomainTable({
  rows,
  ctx,
  sort,
  sortHref,
  caption,
  onSelectAll,
}: {
  rows: readonly PortfolioRow[];
  ctx: RowContext;
  sort: SortState;
  sortHref: Record<SortKey, string>;
  caption: string;
  onSelectAll: (on: boolean) => void;
}) {
  // The Tags column only when a row on this page has a tag: at 1280 px every column counts.
  const showTags = rows.some((r) => (r.tags?.length ?? 0) > 0);
  const allSelected = rows.length > 0 && rows.every((r) => ctx.selected.has(r.name));
  const someSelected = !allSelected && rows.some((r) => ctx.selected.has(r.name));
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full border-separate border-spacing-0 text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-xs text-slate-700">
          <tr>
            {ctx.canWrite ? (
              <th scope="col" className="sticky left-0 z-10 w-9 border-b border-slate-200 bg-slate-50 px-2 py-2">
                <input
                  type="checkbox"
                  aria-label="Select all domains on this page"
                  checked={allSelected}
                  ref={(el) => {
                    if (el) el.indeterminate = someSelected;
                  }}
                  onChange={(e) => onSelectAll(e.target.checked)}
                  className="h-4 w-4 accent-blue-700"
                />
              </th>
            ) : null}
            <SortHeader label="Domain" col="domain" sort={sort} href={sortHref.domain} className={`sticky ${ctx.canWrite ? "left-9" : "left-0"} z-10 border-b border-r border-slate-200 bg-slate-50`} />
            <SortHeader label="Grade" col="grade" sort={sort} href={sortHref.grade} className="border-b border-slate-200" />
            <th scope="col" className="border-b border-slate-200 px-2 py-2 font-semibold">Trend</th>
            <th scope="col" className="whitespace-nowrap border-b border-slate-200 px-2 py-2 font-semibold">STARTTLS stripping</th>
            <th scope="col" className="border-b border-slate-200 px-2 py-2 font-semibold">MTA-STS</th>
            <th scope="col" className="border-b border-slate-200 px-2 py-2 font-semibold">DANE</th>
            <th scope="col" className="border-b border-slate-200 px-2 py-2 font-semibold">DMARC</th>
            <SortHeader label="Crit / high" col="critical" sort={sort} href={sortHref.critical} className="border-b border-slate-200" />
            <SortHeader label="Last scan" col="scanned" sort={sort} href={sortHref.scanned} className="border-b border-slate-200" />
            {showTags ? <th scope="col" className="border-b border-slate-200 px-2 py-2 font-semibold">Tags</th> : null}
            {ctx.canWrite ? (
              <th scope="col" className="border-b border-slate-200 px-2 py-2">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const scanned = r.lastScanAt !== null;
            const selected = ctx.selected.has(r.name);
            const bg = selected ? "bg-blue-50" : "bg-white group-hover:bg-slate-50";
            return (
              <tr key={r.name} data-domain={r.name} className="group print:break-inside-avoid">
                {ctx.canWrite ? (
                  <td className={`sticky left-0 z-[1] border-b border-slate-100 px-2 py-2 ${bg}`}>
                    <input
                      type="checkbox"
                      name="domain"
                      value={r.name}
                      checked={selected}
                      onChange={(e) => ctx.onSelect(r.name, e.target.checked)}
                      aria-label={`Select ${r.name}`}
                      className="h-4 w-4 accent-blue-700"
                    />
                  </td>
                ) : null}
                <th scope="row" className={`sticky ${ctx.canWrite ? "left-9" : "left-0"} z-[1] min-w-[13rem] max-w-[18rem] border-b border-r border-b-slate-100 border-r-slate-200 px-2 py-2 font-normal ${bg}`}>
                  <Link href={domainHref(r.name)} className="font-mono text-blue-800 [overflow-wrap:anywhere] hover:underline">
                    {r.name}
                  </Link>
                </th>
                <td className={`border-b border-slate-100 px-2 py-2 ${bg}`}>
                  <span className="inline-flex items-center gap-2">
                    <GradeBadge grade={r.grade} score={r.score} notGraded={r.notGraded} />
                    {r.notGraded ? (
                      <span aria-hidden title={`Not graded: ${r.notGraded}`} className="text-xs text-slate-600">
                        Not graded
                      </span>
                    ) : r.score != null ? (
                      <span aria-hidden className="tabular-nums text-slate-700">
                        {r.score}
                      </span>
                    ) : null}
                  </span>
                </td>
                <td className={`border-b border-slate-100 px-2 py-2 ${bg}`}>
                  <Sparkline points={r.trend} />
                </td>
                <td className={`border-b border-slate-100 px-2 py-2 ${bg}`}>
                  {r.notGraded ? (
                    <span className="text-slate-500">Not graded</span>
                  ) : r.exposure ? (
                    <ExposureBadge verdict={r.exposure as ExposureVerdict} size="sm" />
                  ) : (
                    <span className="text-slate-500">Not scanned yet</span>
                  )}
                </td>
                <td className={`border-b border-slate-100 px-2 py-2 ${bg}`}>
                  <MtaStsCell mode={r.mtaStsMode} scanned={scanned} acceptsMail={r.exposure !== "no-inbound-mail"} />
                </td>
                <td className={`border-b border-slate-100 px-2 py-2 ${bg}`}>
                  <DaneCell state={r.daneState} />
                </td>
                <td className={`border-b border-slate-100 px-2 py-2 ${bg}`}>
                  <DmarcCell policy={r.dmarcPolicy} scanned={scanned} />
                </td>
                <td className={`border-b border-slate-100 px-2 py-2 ${bg}`}>
                  <FindingCounts critical={r.criticalCount} high={r.highCount} scanned={scanned} />
                </td>
                <td className={`border-b border-slate-100 px-2 py-2 text-xs ${bg}`}>
                  <LastScanCell lastScanAt={r.lastScanAt} stale={r.stale} staleDays={ctx.staleDays} staleness={r.staleness} active={r.activeScan?.status ?? null} now={ctx.now} stacked />
                </td>
                {showTags ? (
                  <td className={`min-w-[6rem] max-w-[10rem] border-b border-slate-100 px-2 py-2 ${bg}`}>
                    <TagChips tags={r.tags} />
                  </td>
                ) : null}
                {ctx.canWrite ? (
                  <td className={`border-b border-slate-100 px-2 py-2 text-right ${bg}`}>
                    <RowRescanButton row={r} busy={ctx.busy} />
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
