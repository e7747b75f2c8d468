"use client";

import Link from "next/link";
import { useActionState, useId, useState, useSyncExternalStore } from "react";
import { Loader2, RefreshCw, Tag, Trash2, X } from "lucide-react";
import { DomainCards } from "@/components/domains/domain-cards";
import { DomainTable } from "@/components/domains/domain-table";
import type { PortfolioRow, SortKey, SortState } from "@/components/domains/types";
import { buttonClass } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions";
import type { RequestScansResult } from "@/lib/services/scans/request-scans";
import type { TagSelectedResult } from "../actions";

type Action = (prev: ActionResult<RequestScansResult> | null, form: FormData) => Promise<ActionResult<RequestScansResult>>;
type TagAction = (prev: ActionResult<TagSelectedResult> | null, form: FormData) => Promise<ActionResult<TagSelectedResult>>;

function tagSentence(r: TagSelectedResult): string {
  const n = r.changed.length;
  const head = r.mode === "add" ? `Tagged ${fmt(n)} ${n === 1 ? "domain" : "domains"} “${r.tag}”.` : `Removed “${r.tag}” from ${fmt(n)} ${n === 1 ? "domain" : "domains"}.`;
  return r.full.length > 0 ? `${head} Not tagged (already 20 tags): ${r.full.join(", ")}.` : head;
}

const fmt = (n: number) => n.toLocaleString("en-US");

function resultSentence(r: RequestScansResult): string {
  const parts = [r.queued === 1 ? "Queued 1 scan." : `Queued ${fmt(r.queued)} scans.`];
  if (r.alreadyActive > 0) parts.push(`${fmt(r.alreadyActive)} ${r.alreadyActive === 1 ? "domain already had" : "domains already had"} a scan queued or running.`);
  if (r.notFound.length > 0) parts.push(`Not in this workspace any more: ${r.notFound.join(", ")}.`);
  if (r.invalid.length > 0) parts.push(`Not domain names: ${r.invalid.map((i) => i.input).join(", ")}.`);
  return parts.join(" ");
}

/** Below Tailwind's `md` breakpoint the rows are cards (docs/ui.md §5.1, 390 px). */
const NARROW_QUERY = "(max-width: 767.98px)";

function subscribeNarrow(onChange: () => void): () => void {
  const mq = window.matchMedia(NARROW_QUERY);
  mq.addEventListener("change", onChange);
  return () => mq.removeEventListener("change", onChange);
}

/**
 * The table (wide screens) or cards (narrow) inside one rescan form, with row selection and the
 * bulk bar. A row's Rescan button and "Rescan selected" submit the same server action.
 *
 * Only one layout is rendered: the server renders the one `narrowHint` guesses (app/_http/narrow-
 * hint.ts), hydration keeps it, and the viewport's width decides from then on — rendering both
 * and hiding one with CSS doubled the page's HTML and render time for 50 rows.
 */
export function PortfolioTable({
  rows,
  now,
  staleDays,
  sort,
  sortHref,
  caption,
  action,
  tagAction,
  knownTags = [],
  canWrite = true,
  narrowHint = false,
}: {
  rows: PortfolioRow[];
  now: string;
  staleDays: number;
  sort: SortState;
  sortHref: Record<SortKey, string>;
  caption: string;
  action: Action;
  /** "Tag selected…"; without it the bar offers no tagging. */
  tagAction?: TagAction;
  /** The workspace's tags, suggested in the tag field. */
  knownTags?: readonly string[];
  /** Delete and tag are offered only to roles that may change domains. */
  canWrite?: boolean;
  /** The server's guess that the screen is narrow: the layout rendered before the browser measures. */
  narrowHint?: boolean;
}) {
  const narrow = useSyncExternalStore(subscribeNarrow, () => window.matchMedia(NARROW_QUERY).matches, () => narrowHint);
  const tagFieldId = useId();
  const [tagging, setTagging] = useState(false);
  const noTagAction: TagAction = async () => ({ ok: false, code: "VALIDATION", message: "Tagging is not available here." });
  const [tagState, tagFormAction, tagPending] = useActionState(tagAction ?? noTagAction, null);
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [state, formAction, pending] = useActionState(async (prev: ActionResult<RequestScansResult> | null, form: FormData) => {
    const result = await action(prev, form);
    // A bulk rescan that went through clears the selection; a single row's rescan leaves it alone.
    if (result.ok && !form.get("one")) setSelected(new Set());
    return result;
  }, null);
  // Only rows on this page can be selected: a selection does not follow the user to another page.
  const visible = new Set(rows.map((r) => r.name));
  const chosen = new Set([...selected].filter((n) => visible.has(n)));

  const ctx = {
    now,
    staleDays,
    selected: chosen,
    busy: pending,
    canWrite,
    onSelect: (name: string, on: boolean) =>
      setSelected((s) => {
        const next = new Set(s);
        if (on) next.add(name);
        else next.delete(name);
        return next;
      }),
  };
  const selectAll = (on: boolean) => setSelected(on ? new Set(rows.map((r) => r.name)) : new Set());

  return (
    <form action={formAction} className="space-y-2">
      {chosen.size > 0 ? (
        <div role="region" aria-label="Selected domains" className="no-print sticky top-0 z-20 flex flex-wrap items-center gap-2 rounded-lg border border-blue-300 bg-blue-50 px-3 py-2 text-sm shadow-sm">
          <span className="font-medium text-slate-900">
            {fmt(chosen.size)} selected
          </span>
          <button type="submit" disabled={pending} className={buttonClass("primary", "sm")}>
            {pending ? <Loader2 aria-hidden className="h-3.5 w-3.5 animate-spin motion-reduce:animate-none" /> : <RefreshCw aria-hidden className="h-3.5 w-3.5" />}
            Rescan selected
          </button>
          {canWrite ? (
            <>
              {/* A GET to the confirmation page with the checked names: React leaves a string formAction to the browser. */}
              <button type="submit" formAction="/delete" formMethod="get" disabled={pending} className={buttonClass("secondary", "sm")}>
                <Trash2 aria-hidden className="h-3.5 w-3.5" />
                Delete selected…
              </button>
              {tagAction ? (
                <button type="button" aria-expanded={tagging} aria-controls={tagFieldId} onClick={() => setTagging((t) => !t)} className={buttonClass("secondary", "sm")}>
                  <Tag aria-hidden className="h-3.5 w-3.5" />
                  Tag selected…
                </button>
              ) : null}
            </>
          ) : null}
          {canWrite && tagAction && tagging ? (
            <span className="flex flex-wrap items-center gap-1">
              <label htmlFor={tagFieldId} className="text-slate-800">
                Tag name
              </label>
              <input
                id={tagFieldId}
                name="tag"
                list={`${tagFieldId}-known`}
                maxLength={40}
                autoComplete="off"
                placeholder="e.g. client a"
                className="h-7 w-40 rounded-md border border-slate-300 bg-white px-2 text-sm"
              />
              <datalist id={`${tagFieldId}-known`}>
                {knownTags.map((t) => (
                  <option key={t} value={t} />
                ))}
              </datalist>
              <button type="submit" formAction={tagFormAction} name="tagMode" value="add" disabled={tagPending} className={buttonClass("primary", "sm")}>
                Add tag
              </button>
              <button type="submit" formAction={tagFormAction} name="tagMode" value="remove" disabled={tagPending} className={buttonClass("secondary", "sm")}>
                Remove tag
              </button>
            </span>
          ) : null}
          <button type="button" onClick={() => selectAll(false)} className={buttonClass("ghost", "sm")}>
            <X aria-hidden className="h-3.5 w-3.5" />
            Clear selection
          </button>
        </div>
      ) : null}
      <div role="status" aria-live="polite" className="text-sm">
        {state?.ok ? (
          <p className="rounded-md border border-slate-200 bg-white px-3 py-2 text-slate-800">
            {resultSentence(state.data)}{" "}
            <Link href="/scans" className="text-blue-800 underline">
              Open the queue
            </Link>
          </p>
        ) : null}
        {tagState?.ok ? <p className="mt-1 rounded-md border border-slate-200 bg-white px-3 py-2 text-slate-800">{tagSentence(tagState.data)}</p> : null}
      </div>
      {tagState && !tagState.ok ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm font-medium text-red-900">
          {tagState.message}
        </p>
      ) : null}
      {state && !state.ok ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm font-medium text-red-900">
          {state.message}
        </p>
      ) : null}
      {narrow ? (
        <DomainCards rows={rows} ctx={ctx} label={caption} />
      ) : (
        <DomainTable rows={rows} ctx={ctx} sort={sort} sortHref={sortHref} caption={caption} onSelectAll={selectAll} />
      )}
    </form>
  );
}
