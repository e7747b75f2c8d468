"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useRef, useState, useTransition, type FormEvent } from "react";
import { ChevronDown, Loader2, Search, SlidersHorizontal, X } from "lucide-react";
import { buttonClass } from "@/components/ui/button";
import { activeFilterCount, clearedFilters, parseDomainListParams, toQueryString, type DomainListParams } from "@/lib/report/domain-list-params";
import { FINDING_CATALOGUE, FINDING_IDS, type FindingArea } from "@/lib/scan/findings";

type Option = { value: string; label: string };

const GRADE_OPTIONS: Option[] = [
  { value: "A+", label: "A+" },
  { value: "A", label: "A" },
  { value: "B", label: "B" },
  { value: "C", label: "C" },
  { value: "D", label: "D" },
  { value: "F", label: "F" },
  { value: "D,F", label: "D or F" },
  { value: "none", label: "Not scanned yet" },
  { value: "not-graded", label: "Not graded" },
];
const EXPOSURE_OPTIONS: Option[] = [
  { value: "exposed", label: "Exposed" },
  { value: "exposed,partial", label: "Exposed or partially" },
  { value: "partial", label: "Partially protected" },
  { value: "inconclusive", label: "Inconclusive" },
  { value: "protected", label: "Protected" },
  { value: "no-inbound-mail", label: "No inbound mail (null MX)" },
];
const MTA_STS_OPTIONS: Option[] = [
  { value: "enforce", label: "enforce, covering every MX" },
  { value: "testing", label: "testing" },
  { value: "none", label: "none (opt-out)" },
  { value: "none-published", label: "Not published" },
  { value: "unknown", label: "Broken enforce, no valid policy, not checked / n/a" },
];
const DANE_OPTIONS: Option[] = [
  { value: "pass", label: "Valid on every MX" },
  { value: "warn", label: "Partial" },
  { value: "fail", label: "Failing (mismatch, bogus)" },
  { value: "missing", label: "None" },
  { value: "error", label: "Inconclusive" },
  { value: "n/a", label: "Not applicable" },
];
const DMARC_OPTIONS: Option[] = [
  { value: "reject,quarantine", label: "Enforcing (quarantine or reject)" },
  { value: "reject", label: "reject" },
  { value: "quarantine", label: "quarantine" },
  { value: "none", label: "none" },
  { value: "missing", label: "Missing" },
  { value: "unknown", label: "Invalid / not checked" },
];
const SEVERITY_OPTIONS: Option[] = [
  { value: "critical", label: "Any critical" },
  { value: "high", label: "Any high" },
];

const AREA_LABEL: Record<FindingArea, string> = {
  mx: "MX",
  starttls: "STARTTLS and certificates",
  mtaSts: "MTA-STS",
  tlsRpt: "TLS-RPT",
  dane: "DANE / DNSSEC",
  dmarc: "DMARC",
  spf: "SPF",
  exposure: "Exposure",
  history: "History",
};

/** Finding ids grouped by area, in catalogue order. */
const FINDING_GROUPS: { area: FindingArea; ids: string[] }[] = (() => {
  const groups = new Map<FindingArea, string[]>();
  for (const id of FINDING_IDS) {
    const area = FINDING_CATALOGUE[id].area;
    groups.set(area, [...(groups.get(area) ?? []), id]);
  }
  return [...groups].map(([area, ids]) => ({ area, ids }));
})();

function Select({ name, label, value, options, onPick }: { name: string; label: string; value: string; options: Option[]; onPick: () => void }) {
  const id = useId();
  // A pasted link may hold a combination the menu does not offer; show it rather than hide it.
  const all = value && !options.some((o) => o.value === value) ? [...options, { value, label: value.split(",").join(" or ") }] : options;
  return (
    <div className="flex min-w-0 flex-col">
      <label htmlFor={id} className="text-xs font-medium text-slate-700">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={value}
        onChange={onPick}
        className={`mt-0.5 h-9 w-full rounded-md border bg-white px-2 text-sm ${value ? "border-blue-600 font-medium text-slate-900" : "border-slate-300 text-slate-700"}`}
      >
        <option value="">Any</option>
        {all.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Search and filters of the overview. A GET form, so it works without JavaScript; with it, a
 * choice applies at once and the URL is written in its short canonical form. On narrow screens the
 * filters fold into a "Filters (n)" disclosure.
 */
export function FilterBar({ params, staleDays, tags = [] }: { params: DomainListParams; staleDays: number; tags?: readonly string[] }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [pending, startTransition] = useTransition();
  const [open, setOpen] = useState(false);
  const id = useId();
  const count = activeFilterCount(params);
  const filtered = count > 0 || params.q !== "";

  const apply = (e?: FormEvent) => {
    e?.preventDefault();
    if (!form.current) return;
    const data = new FormData(form.current);
    const query = new URLSearchParams();
    for (const [k, v] of data) if (typeof v === "string" && v !== "") query.append(k, v);
    const next: DomainListParams = { ...parseDomainListParams(query).params, page: 1 };
    startTransition(() => router.push(`/${toQueryString(next)}`, { scroll: false }));
  };

  // Keyed by the URL's view, so the uncontrolled fields reset when the view changes elsewhere (a stat card, Clear).
  const key = toQueryString({ ...params, page: 1 });
  return (
    <form key={key} ref={form} method="get" action="/" onSubmit={apply} role="search" aria-label="Search and filter domains" className="no-print space-y-3 rounded-lg border border-slate-200 bg-white p-3">
      <input type="hidden" name="sort" value={params.sort} />
      <input type="hidden" name="dir" value={params.dir} />
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1 basis-48">
          <label htmlFor={`${id}-q`} className="text-xs font-medium text-slate-700">
            Search domains
          </label>
          <div className="relative mt-0.5">
            <Search aria-hidden className="pointer-events-none absolute left-2 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-500" />
            <input
              id={`${id}-q`}
              type="search"
              name="q"
              defaultValue={params.q}
              placeholder="part of a name, e.g. shop"
              autoComplete="off"
              spellCheck={false}
              className="h-9 w-full rounded-md border border-slate-300 bg-white pl-8 pr-2 font-mono text-sm"
            />
          </div>
        </div>
        <button type="submit" className={`${buttonClass("primary")} h-9`}>
          {pending ? <Loader2 aria-hidden className="h-4 w-4 animate-spin motion-reduce:animate-none" /> : <Search aria-hidden className="h-4 w-4" />}
          Search
        </button>
        <button
          type="button"
          aria-expanded={open}
          aria-controls={`${id}-filters`}
          onClick={() => setOpen((o) => !o)}
          className={`${buttonClass("secondary")} h-9 md:hidden`}
        >
          <SlidersHorizontal aria-hidden className="h-4 w-4" />
          Filters ({count})
          <ChevronDown aria-hidden className={`h-4 w-4 ${open ? "rotate-180" : ""}`} />
        </button>
      </div>
      <div id={`${id}-filters`} className={`${open ? "grid" : "hidden"} grid-cols-2 gap-2 sm:grid-cols-3 md:grid md:grid-cols-4 xl:grid-cols-8`}>
        <Select name="grade" label="Grade" value={params.grade.join(",")} options={GRADE_OPTIONS} onPick={() => apply()} />
        <Select name="exposure" label="STARTTLS stripping" value={params.exposure.join(",")} options={EXPOSURE_OPTIONS} onPick={() => apply()} />
        <div className="col-span-2 flex min-w-0 flex-col sm:col-span-1 xl:col-span-2">
          <label htmlFor={`${id}-finding`} className="text-xs font-medium text-slate-700">
            Open finding
          </label>
          <select
            id={`${id}-finding`}
            name="finding"
            defaultValue={params.finding ?? ""}
            onChange={() => apply()}
            className={`mt-0.5 h-9 w-full rounded-md border bg-white px-2 text-sm ${params.finding ? "border-blue-600 font-medium" : "border-slate-300 text-slate-700"}`}
          >
            <option value="">Any</option>
            {FINDING_GROUPS.map((g) => (
              <optgroup key={g.area} label={AREA_LABEL[g.area]}>
                {g.ids.map((fid) => (
                  <option key={fid} value={fid}>
                    {fid}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <Select name="mtaSts" label="MTA-STS" value={params.mtaSts.join(",")} options={MTA_STS_OPTIONS} onPick={() => apply()} />
        <Select name="dane" label="DANE" value={params.dane.join(",")} options={DANE_OPTIONS} onPick={() => apply()} />
        <Select name="dmarc" label="DMARC" value={params.dmarc.join(",")} options={DMARC_OPTIONS} onPick={() => apply()} />
        <Select name="severity" label="Findings" value={params.severity ?? ""} options={SEVERITY_OPTIONS} onPick={() => apply()} />
        {tags.length > 0 || params.tag ? <Select name="tag" label="Tag" value={params.tag ?? ""} options={tags.map((t) => ({ value: t, label: t }))} onPick={() => apply()} /> : null}
        <div className="col-span-2 flex items-center justify-between gap-2 sm:col-span-3 md:col-span-4 xl:col-span-8">
          <label className="inline-flex min-h-6 items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" name="stale" value="1" defaultChecked={params.stale} onChange={() => apply()} className="h-4 w-4 accent-blue-700" />
            Only stale results (older than {staleDays} {staleDays === 1 ? "day" : "days"} or two rescan intervals, or the last scan failed)
          </label>
          {filtered ? (
            <Link href={`/${toQueryString(clearedFilters(params))}`} scroll={false} className="inline-flex min-h-6 items-center gap-1 text-sm font-medium text-blue-800 hover:underline">
              <X aria-hidden className="h-4 w-4" />
              Clear filters
            </Link>
          ) : null}
        </div>
      </div>
      {params.finding ? (
        <p className="text-xs text-slate-700">
          <span className="font-mono">{params.finding}</span>: {FINDING_CATALOGUE[params.finding as keyof typeof FINDING_CATALOGUE]?.title}
        </p>
      ) : null}
    </form>
  );
}
