import type { Metadata } from "next";
import Link from "next/link";
import { SearchX, TriangleAlert } from "lucide-react";
import { pageWindow, Pagination } from "@/components/domains/pagination";
import { StatCards, type StatKey } from "@/components/domains/stat-cards";
import type { SortKey } from "@/components/domains/types";
import { buttonClass } from "@/components/ui/button";
import {
  clearedFilters,
  isFiltered,
  parseDomainListParams,
  SORT_KEYS,
  sortedBy,
  toQueryString,
  withParams,
  type DomainListParams,
  type RawSearchParams,
} from "@/lib/report/domain-list-params";
import { requireViewer } from "@/app/_auth/viewer";
import { likelyNarrow } from "@/app/_http/narrow-hint";
import { roleCan } from "@/lib/services/access/roles";
import { loadPortfolio } from "@/lib/services/domains/list-domains";
import { listWorkspaceTags } from "@/lib/services/domains/tag-domains";
import { addDomainsFromForm, requestScanFromForm, rescanAll, rescanFromForm, tagSelectedFromForm } from "../actions";
import { AutoRefresh } from "../_components/auto-refresh";
import { FilterBar } from "../_components/filter-bar";
import { Onboarding } from "../_components/onboarding";
import { PortfolioHeader } from "../_components/portfolio-header";
import { PortfolioTable } from "../_components/portfolio-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Domains" };

const fmt = (n: number) => n.toLocaleString("en-US");
const href = (p: DomainListParams) => `/${toQueryString(p)}`;

/** The filter behind each headline number (docs/ui.md §5.1: every stat card links to its filter). */
const STAT_FILTER: Record<StatKey, Partial<DomainListParams>> = {
  exposed: { exposure: ["exposed"] },
  mtaSts: { mtaSts: ["enforce"] },
  dane: { dane: ["pass"] },
  dmarc: { dmarc: ["reject", "quarantine"] },
  critical: { severity: "critical" },
};

const SORT_CAPTION: Record<SortKey, { asc: string; desc: string }> = {
  domain: { asc: "by name, A to Z", desc: "by name, Z to A" },
  grade: { asc: "by grade, worst first", desc: "by grade, best first" },
  scanned: { asc: "by last scan, oldest first", desc: "by last scan, newest first" },
  critical: { asc: "by critical findings, fewest first", desc: "by critical findings, most first" },
};

export default async function PortfolioPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const raw = await searchParams;
  const { params, issues } = parseDomainListParams(raw);
  const { scope } = await requireViewer(href(params));
  const now = new Date();
  const [{ stats, list, staleDays }, tags, narrowHint] = await Promise.all([loadPortfolio(scope, params, { now }), listWorkspaceTags(scope), likelyNarrow()]);
  const canWrite = roleCan(scope.role, "write");
  // Set by the delete confirmation's redirect (app/(app)/delete/actions.ts).
  const deletedRaw = raw instanceof URLSearchParams ? raw.get("deleted") : raw.deleted;
  const deleted = typeof deletedRaw === "string" && /^\d{1,6}$/.test(deletedRaw) ? Number(deletedRaw) : null;
  const deletedNotice =
    deleted !== null ? (
      <p role="status" className="rounded-md border border-slate-200 bg-white px-3 py-2 text-sm text-slate-800">
        Deleted {fmt(deleted)} {deleted === 1 ? "domain" : "domains"} with {deleted === 1 ? "its" : "their"} scans.
      </p>
    ) : null;

  const title = (
    <>
      <h1 className="text-2xl font-semibold text-slate-900">
        Domains {stats.domains > 0 ? <span className="font-normal text-slate-600">({fmt(stats.domains)})</span> : null}
      </h1>
      <p className="text-sm text-slate-600">How well each domain&apos;s mail is protected in transit and against spoofing.</p>
    </>
  );

  if (stats.domains === 0) {
    return (
      <div className="space-y-6">
        <div>{title}</div>
        {deletedNotice}
        {canWrite ? (
          <Onboarding addDomain={requestScanFromForm} addList={addDomainsFromForm} />
        ) : (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">
            This workspace has no domains yet. Editors, admins and owners can add them; your role here is {scope.role}.
          </p>
        )}
      </div>
    );
  }

  const base = clearedFilters(params);
  const statHrefs = Object.fromEntries(Object.entries(STAT_FILTER).map(([k, f]) => [k, href(withParams(base, f))])) as Record<StatKey, string>;
  const currentStat =
    (Object.keys(STAT_FILTER) as StatKey[]).find((k) => toQueryString({ ...params, page: 1 }) === toQueryString(withParams(base, STAT_FILTER[k]))) ?? null;
  const sortHref = Object.fromEntries(SORT_KEYS.map((k) => [k, href(sortedBy(params, k))])) as Record<SortKey, string>;
  const pageHrefs: Record<number, string> = {};
  for (const p of [...pageWindow(list.page, list.pageCount), list.page - 1, list.page + 1]) {
    if (p >= 1 && p <= list.pageCount) pageHrefs[p] = href({ ...params, page: p });
  }
  const filtered = isFiltered(params);
  const caption = `Domains${filtered ? " matching the filters" : ""}, sorted ${SORT_CAPTION[params.sort][params.dir]}; page ${list.page} of ${list.pageCount}`;

  return (
    <div className="space-y-5">
      <PortfolioHeader addDomain={requestScanFromForm} addList={addDomainsFromForm} rescanAll={rescanAll} idle={stats.idle} active={stats.active} canWrite={canWrite}>
        {title}
      </PortfolioHeader>
      {deletedNotice}

      {issues.length > 0 ? (
        <div className="flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <TriangleAlert aria-hidden className="mt-0.5 h-4 w-4 shrink-0" />
          <div>
            <p className="font-medium">Parts of this link were not understood and are not applied:</p>
            <ul className="list-disc pl-5">
              {issues.map((i) => (
                <li key={`${i.param}=${i.value}`}>{i.message}</li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}

      <StatCards stats={stats} hrefs={statHrefs} current={currentStat} />

      <section aria-labelledby="list-h" className="space-y-3">
        <h2 id="list-h" className="sr-only">
          Domain list
        </h2>
        <FilterBar params={params} staleDays={staleDays} tags={tags.map((t) => t.tag)} />
        <AutoRefresh active={stats.active} />
        {list.total === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
            <SearchX aria-hidden className="mx-auto h-8 w-8 text-slate-400" />
            <p className="mt-2 font-medium text-slate-900">No domains match.</p>
            <p className="mt-1 text-sm text-slate-600">
              {params.q ? (
                <>
                  No domain name contains <span className="font-mono">{params.q}</span>
                  {filtered && params.q && isFiltered({ ...params, q: "" }) ? " with these filters" : ""}.
                </>
              ) : (
                "No domain has this combination of results."
              )}
            </p>
            <Link href={href(clearedFilters(params))} className={`${buttonClass("secondary")} mt-4`}>
              Clear filters
            </Link>
          </div>
        ) : (
          <>
            <PortfolioTable
              rows={list.rows}
              now={now.toISOString()}
              staleDays={staleDays}
              sort={{ key: params.sort, dir: params.dir }}
              sortHref={sortHref}
              caption={caption}
              action={rescanFromForm}
              tagAction={tagSelectedFromForm}
              knownTags={tags.map((t) => t.tag)}
              canWrite={canWrite}
              narrowHint={narrowHint}
            />
            <Pagination page={list.page} pageCount={list.pageCount} total={list.total} pageSize={list.pageSize} hrefs={pageHrefs} />
          </>
        )}
      </section>
    </div>
  );
}

