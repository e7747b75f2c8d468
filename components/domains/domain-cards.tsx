/**
 * The portfolio on narrow screens (docs/ui.md §5.1, 390 px): one card per domain —
 * `[B] example.com` / `◐ Partial · 2 h ago` / `MTA-STS testing · DANE valid · DMARC reject`.
 */
import Link from "next/link";
import { Sparkline } from "@/components/charts/sparkline";
import { ExposureBadge } from "@/components/report/exposure-badge";
import { GradeBadge } from "@/components/report/grade-badge";
import type { ExposureVerdict } from "@/lib/report/verdict";
import { RowRescanButton } from "./domain-table";
import { DaneCell, DmarcCell, FindingCounts, LastScanCell, MtaStsCell } from "./posture";
import { TagChips } from "./tag-chips";
import { domainHref, type PortfolioRow, type RowContext } from "./types";

export function DomainCards({ rows, ctx, label }: { rows: readonly PortfolioRow[]; ctx: RowContext; label: string }) {
  return (
    <ul aria-label={label} className="space-y-2">
      {rows.map((r) => {
        const scanned = r.lastScanAt !== null;
        const selected = ctx.selected.has(r.name);
        return (
          <li key={r.name} data-domain-card={r.name} className={`rounded-lg border p-3 ${selected ? "border-blue-300 bg-blue-50" : "border-slate-200 bg-white"}`}>
            <div className="flex items-start gap-3">
              {ctx.canWrite ? (
                <input
                  type="checkbox"
                  name="domain"
                  value={r.name}
                  checked={selected}
                  onChange={(e) => ctx.onSelect(r.name, e.target.checked)}
                  aria-label={`Select ${r.name}`}
                  className="mt-1.5 h-5 w-5 shrink-0 accent-blue-700"
                />
              ) : null}
              <GradeBadge grade={r.grade} score={r.score} notGraded={r.notGraded} />
              <div className="min-w-0 flex-1">
                <Link href={domainHref(r.name)} className="block font-mono text-sm font-medium text-blue-800 [overflow-wrap:anywhere] hover:underline">
                  {r.name}
                </Link>
                <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs">
                  {r.notGraded ? (
                    <span title={`Not graded: ${r.notGraded}`} className="text-slate-600">
                      Not graded
                    </span>
                  ) : r.exposure ? (
                    <ExposureBadge verdict={r.exposure as ExposureVerdict} size="sm" />
                  ) : null}
                  <LastScanCell lastScanAt={r.lastScanAt} stale={r.stale} staleDays={ctx.staleDays} staleness={r.staleness} active={r.activeScan?.status ?? null} now={ctx.now} />
                </div>
                <TagChips tags={r.tags} className="mt-1" />
              </div>
              <Sparkline points={r.trend} width={48} height={20} />
            </div>
            <div className="mt-2 flex items-end justify-between gap-2 pl-8">
              {scanned ? (
                <dl className="flex min-w-0 flex-wrap gap-x-3 gap-y-1 text-xs">
                  <div className="flex items-center gap-1">
                    <dt className="text-slate-600">MTA-STS</dt>
                    <dd>
                      <MtaStsCell mode={r.mtaStsMode} scanned acceptsMail={r.exposure !== "no-inbound-mail"} />
                    </dd>
                  </div>
                  <div className="flex items-center gap-1">
                    <dt className="text-slate-600">DANE</dt>
                    <dd>
                      <DaneCell state={r.daneState} />
                    </dd>
                  </div>
                  <div className="flex items-center gap-1">
                    <dt className="text-slate-600">DMARC</dt>
                    <dd>
                      <DmarcCell policy={r.dmarcPolicy} scanned />
                    </dd>
                  </div>
                  <div className="flex items-center gap-1">
                    <dt className="text-slate-600">Crit / high</dt>
                    <dd>
                      <FindingCounts critical={r.criticalCount} high={r.highCount} scanned />
                    </dd>
                  </div>
                </dl>
              ) : (
                <span />
              )}
              {ctx.canWrite ? <RowRescanButton row={r} busy={ctx.busy} touch /> : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
