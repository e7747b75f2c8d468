/**
 * "1–50 of 10 000   ‹ 1 2 3 … 200 ›" — server-side pages as plain links, so every page has a URL.
 */
import Link from "next/link";
import { ChevronLeft, ChevronRight } from "lucide-react";

const fmt = (n: number) => n.toLocaleString("en-US");

/** The page numbers to show: first, last, and two either side of the current one; 0 = a gap. */
export function pageWindow(page: number, pageCount: number): number[] {
  const keep = new Set([1, pageCount, page - 2, page - 1, page, page + 1, page + 2].filter((p) => p >= 1 && p <= pageCount));
  const sorted = [...keep].sort((a, b) => a - b);
  const out: number[] = [];
  for (const p of sorted) {
    const prev = out[out.length - 1];
    if (prev !== undefined && p - prev === 2) out.push(p - 1);
    else if (prev !== undefined && p - prev > 2) out.push(0);
    out.push(p);
  }
  return out;
}

const cell = "inline-flex min-h-9 min-w-9 items-center justify-center rounded-md px-2 text-sm";

export function Pagination({ page, pageCount, total, pageSize, hrefs }: { page: number; pageCount: number; total: number; pageSize: number; hrefs: Record<number, string> }) {
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const pages = pageWindow(page, pageCount);
  return (
    <div className="flex flex-col items-center justify-between gap-2 text-sm text-slate-700 sm:flex-row">
      <p aria-live="polite">
        {fmt(from)}–{fmt(to)} of {fmt(total)} {total === 1 ? "domain" : "domains"}
      </p>
      {pageCount > 1 ? (
        <nav aria-label="Pages" className="flex flex-wrap items-center gap-1">
          {page > 1 ? (
            <Link href={hrefs[page - 1]!} className={`${cell} text-blue-800 hover:bg-slate-100`} rel="prev">
              <ChevronLeft aria-hidden className="h-4 w-4" />
              <span className="sr-only sm:not-sr-only">Previous</span>
            </Link>
          ) : null}
          {pages.map((p, i) =>
            p === 0 ? (
              <span key={`gap-${i}`} aria-hidden className="px-1 text-slate-500">
                …
              </span>
            ) : p === page ? (
              <span key={p} aria-current="page" className={`${cell} border border-slate-400 bg-white font-semibold text-slate-900`}>
                <span className="sr-only">Page </span>
                {p}
              </span>
            ) : (
              <Link key={p} href={hrefs[p]!} className={`${cell} text-blue-800 hover:bg-slate-100`}>
                <span className="sr-only">Page </span>
                {p}
              </Link>
            ),
          )}
          {page < pageCount ? (
            <Link href={hrefs[page + 1]!} className={`${cell} text-blue-800 hover:bg-slate-100`} rel="next">
              <span className="sr-only sm:not-sr-only">Next</span>
              <ChevronRight aria-hidden className="h-4 w-4" />
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
