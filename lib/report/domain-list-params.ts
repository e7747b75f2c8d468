/**
 * The portfolio view's state in the URL (docs/ui.md §2: filters, sort and page live in the URL so a view
 * can be pasted). Parsing is lenient: a pasted link with one bad value still shows a page, and the
 * values that were ignored are reported so the page can say so instead of silently widening the
 * view. Pure and browser-safe: the filter form uses the same serializer.
 */
import { z } from "zod";
import { isFindingId } from "@/lib/scan/findings";
import { GRADES } from "@/lib/scan/types";

export const GRADE_FILTERS = [...GRADES, "none", "not-graded"] as const;
export const EXPOSURE_FILTERS = ["exposed", "partial", "inconclusive", "protected", "no-inbound-mail"] as const;
/** `none-published`: no `_mta-sts` record; `unknown`: scanned, but no usable policy (unavailable, invalid) or not applicable. */
export const MTA_STS_FILTERS = ["enforce", "testing", "none", "none-published", "unknown"] as const;
/** The DANE/DNSSEC check status of the latest scan (spec `checks.dane.status`). */
export const DANE_FILTERS = ["pass", "warn", "fail", "missing", "error", "n/a"] as const;
/** `missing`: no record; `unknown`: scanned, but no usable record (invalid, lookup failed). */
export const DMARC_FILTERS = ["reject", "quarantine", "none", "missing", "unknown"] as const;
/** "has at least one open finding of this severity" */
export const SEVERITY_FILTERS = ["critical", "high"] as const;
export const SORT_KEYS = ["domain", "grade", "scanned", "critical"] as const;

/** Tags (Domain.tags): lower case, 1–40 characters of a–z, 0–9, space, dot, underscore, hyphen. */
export const MAX_TAG_LENGTH = 40;
export const MAX_TAGS_PER_DOMAIN = 20;
const TAG_PATTERN = /^[a-z0-9 ._-]+$/;

/**
 * A tag as stored, or null when the input cannot be one: trimmed, lower-cased, inner runs of
 * whitespace folded to one space (so "Client  A" and "client a" are one tag).
 */
export function normalizeTag(input: unknown): string | null {
  if (typeof input !== "string") return null;
  const tag = input.trim().toLowerCase().replace(/\s+/g, " ");
  if (tag.length < 1 || tag.length > MAX_TAG_LENGTH || !TAG_PATTERN.test(tag)) return null;
  return tag;
}

export type GradeFilter = (typeof GRADE_FILTERS)[number];
export type ExposureFilter = (typeof EXPOSURE_FILTERS)[number];
export type MtaStsFilter = (typeof MTA_STS_FILTERS)[number];
export type DaneFilter = (typeof DANE_FILTERS)[number];
export type DmarcFilter = (typeof DMARC_FILTERS)[number];
export type SeverityFilter = (typeof SEVERITY_FILTERS)[number];
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = "asc" | "desc";

export type DomainListParams = {
  /** Domain substring, lower case ("" = no search). */
  q: string;
  grade: GradeFilter[];
  exposure: ExposureFilter[];
  /** One finding id from the catalogue, open in the latest scan. */
  finding: string | null;
  mtaSts: MtaStsFilter[];
  dane: DaneFilter[];
  dmarc: DmarcFilter[];
  severity: SeverityFilter | null;
  /** Only domains carrying this tag (normalizeTag's form). */
  tag: string | null;
  /** Only domains whose latest scan is older than the stale threshold. */
  stale: boolean;
  sort: SortKey;
  dir: SortDir;
  /** 1-based. */
  page: number;
};

export type ParamIssue = { param: string; value: string; message: string };

/** The direction a column sorts in when first clicked: worst grade, newest scan, most criticals first. */
export const DEFAULT_DIR: Record<SortKey, SortDir> = { domain: "asc", grade: "asc", scanned: "desc", critical: "desc" };

export const DEFAULT_PARAMS: DomainListParams = Object.freeze({
  q: "",
  grade: [],
  exposure: [],
  finding: null,
  mtaSts: [],
  dane: [],
  dmarc: [],
  severity: null,
  tag: null,
  stale: false,
  sort: "domain",
  dir: "asc",
  page: 1,
}) as DomainListParams;

/** Longest meaningful search: a whole domain name (RFC 1035 §2.3.4, 253 characters without the dot). */
const MAX_Q = 253;
const MAX_PAGE = 100_000;

type RawValue = string | string[] | undefined;
export type RawSearchParams = Record<string, RawValue> | URLSearchParams;

const first = (v: RawValue): string | undefined => (Array.isArray(v) ? v[0] : v);
/** Lists accept both `?grade=A&grade=B` and `?grade=A,B` (the comma form is what we write). */
const parts = (v: RawValue): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v])
    .flatMap((s) => s.split(","))
    .map((s) => s.trim())
    .filter((s) => s !== "");

/** Any search-param value: a string, repeated strings, or absent (anything else counts as absent). */
const raw = () => z.union([z.string(), z.array(z.string())]).optional().catch(undefined);

/** A list param: known values kept in the canonical order, duplicates folded, unknown ones reported. */
function listOf<T extends string>(name: string, allowed: readonly T[], issues: ParamIssue[]) {
  return raw().transform((raw): T[] => {
    const seen = new Set<string>();
    for (const p of parts(raw)) {
      if ((allowed as readonly string[]).includes(p)) seen.add(p);
      else issues.push({ param: name, value: p, message: `Unknown ${name} filter "${p}" was ignored` });
    }
    return allowed.filter((a) => seen.has(a));
  });
}

function oneOf<T extends string>(name: string, allowed: readonly T[], issues: ParamIssue[]) {
  return raw().transform((raw): T | null => {
    const v = first(raw)?.trim();
    if (!v) return null;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    issues.push({ param: name, value: v, message: `Unknown ${name} "${v}" was ignored` });
    return null;
  });
}

function schemaFor(issues: ParamIssue[]) {
  return z.object({
    q: raw().transform((raw) => (first(raw) ?? "").trim().toLowerCase().slice(0, MAX_Q)),
    grade: listOf("grade", GRADE_FILTERS, issues),
    exposure: listOf("exposure", EXPOSURE_FILTERS, issues),
    finding: raw().transform((raw): string | null => {
      const v = first(raw)?.trim();
      if (!v) return null;
      if (isFindingId(v)) return v;
      issues.push({ param: "finding", value: v, message: `Unknown finding id "${v}" was ignored` });
      return null;
    }),
    mtaSts: listOf("mtaSts", MTA_STS_FILTERS, issues),
    dane: listOf("dane", DANE_FILTERS, issues),
    dmarc: listOf("dmarc", DMARC_FILTERS, issues),
    severity: oneOf("severity", SEVERITY_FILTERS, issues),
    tag: raw().transform((raw): string | null => {
      const v = first(raw);
      if (v === undefined || v.trim() === "") return null;
      const tag = normalizeTag(v);
      if (!tag) issues.push({ param: "tag", value: v, message: `"${v}" is not a tag and was ignored` });
      return tag;
    }),
    stale: raw().transform((raw) => {
      const v = first(raw)?.trim().toLowerCase();
      return v === "1" || v === "true" || v === "on" || v === "yes";
    }),
    sort: oneOf("sort", SORT_KEYS, issues),
    dir: oneOf("dir", ["asc", "desc"] as const, issues),
    page: raw().transform((raw) => {
      const v = first(raw)?.trim();
      if (!v) return 1;
      const n = /^\d{1,6}$/.test(v) ? Number(v) : NaN;
      if (!(n >= 1 && n <= MAX_PAGE)) {
        issues.push({ param: "page", value: v, message: `Page "${v}" is not a page number; showing page 1` });
        return 1;
      }
      return n;
    }),
  });
}

function toRecord(input: RawSearchParams): Record<string, RawValue> {
  if (!(input instanceof URLSearchParams)) return input;
  const out: Record<string, string[]> = {};
  for (const [k, v] of input) (out[k] ??= []).push(v);
  return out;
}

/** Parses Next.js `searchParams` (or a URLSearchParams) into the view state. Never throws. */
export function parseDomainListParams(input: RawSearchParams): { params: DomainListParams; issues: ParamIssue[] } {
  const issues: ParamIssue[] = [];
  const parsed = schemaFor(issues).parse(toRecord(input));
  const sort = parsed.sort ?? DEFAULT_PARAMS.sort;
  return {
    params: { ...parsed, sort, dir: parsed.dir ?? DEFAULT_DIR[sort] },
    issues,
  };
}

/** Filters only (no search, sort or page): what "Filters (n)" counts and "Clear filters" removes. */
export function activeFilterCount(p: DomainListParams): number {
  return (
    (p.grade.length > 0 ? 1 : 0) +
    (p.exposure.length > 0 ? 1 : 0) +
    (p.finding ? 1 : 0) +
    (p.mtaSts.length > 0 ? 1 : 0) +
    (p.dane.length > 0 ? 1 : 0) +
    (p.dmarc.length > 0 ? 1 : 0) +
    (p.severity ? 1 : 0) +
    (p.tag ? 1 : 0) +
    (p.stale ? 1 : 0)
  );
}

/** True when the view is narrowed by a search or any filter. */
export function isFiltered(p: DomainListParams): boolean {
  return p.q !== "" || activeFilterCount(p) > 0;
}

/**
 * The query string of a view, with defaults left out and keys in a fixed order, so equal views
 * have equal URLs. Returns "" for the default view, else "?…".
 */
export function toQueryString(p: DomainListParams): string {
  const s = new URLSearchParams();
  if (p.q) s.set("q", p.q);
  const list = (k: string, v: readonly string[]) => {
    if (v.length > 0) s.set(k, v.join(","));
  };
  list("grade", p.grade);
  list("exposure", p.exposure);
  if (p.finding) s.set("finding", p.finding);
  list("mtaSts", p.mtaSts);
  list("dane", p.dane);
  list("dmarc", p.dmarc);
  if (p.severity) s.set("severity", p.severity);
  if (p.tag) s.set("tag", p.tag);
  if (p.stale) s.set("stale", "1");
  if (p.sort !== DEFAULT_PARAMS.sort || p.dir !== DEFAULT_DIR[p.sort]) {
    s.set("sort", p.sort);
    if (p.dir !== DEFAULT_DIR[p.sort]) s.set("dir", p.dir);
  }
  if (p.page > 1) s.set("page", String(p.page));
  // Commas are legal in a query (RFC 3986 sub-delims): keeping them readable makes pasted links legible.
  const text = s.toString().replace(/%2C/gi, ",");
  return text ? `?${text}` : "";
}

/** A view derived from `p`: any change other than the page itself goes back to page 1. */
export function withParams(p: DomainListParams, patch: Partial<DomainListParams>): DomainListParams {
  return { ...p, ...patch, page: patch.page ?? 1 };
}

/** The view after clicking a sortable header: the same column flips direction, another starts at its default. */
export function sortedBy(p: DomainListParams, key: SortKey): DomainListParams {
  const dir: SortDir = p.sort === key ? (p.dir === "asc" ? "desc" : "asc") : DEFAULT_DIR[key];
  return withParams(p, { sort: key, dir });
}

/** Same sort; no search, no filters, page 1 ("Clear filters"). */
export function clearedFilters(p: DomainListParams): DomainListParams {
  return { ...DEFAULT_PARAMS, sort: p.sort, dir: p.dir };
}
