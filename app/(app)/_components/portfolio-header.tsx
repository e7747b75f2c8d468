"use client";

import Link from "next/link";
import { useActionState, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { ChevronDown, ListPlus, Loader2, RefreshCw, X } from "lucide-react";
import { buttonClass } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions";
import type { AddDomainsResult } from "@/lib/services/domains/add-domains";
import type { RequestScanResult } from "@/lib/services/scans/request-scan";
import type { RequestScansResult } from "@/lib/services/scans/request-scans";
import { AddDomainForm } from "./add-domain-form";
import { AddListForm } from "./add-list-form";

type Act<T> = (prev: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

const fmt = (n: number) => n.toLocaleString("en-US");

/** What "Rescan all" did, in one sentence. */
export function rescanSummary(r: RequestScansResult): string {
  const queued = r.queued === 1 ? "1 scan" : `${fmt(r.queued)} scans`;
  const skipped = r.alreadyActive > 0 ? ` ${fmt(r.alreadyActive)} ${r.alreadyActive === 1 ? "domain already had" : "domains already had"} a scan queued or running and ${r.alreadyActive === 1 ? "was" : "were"} skipped.` : "";
  return `Queued ${queued}.${skipped}`;
}

function RescanAllPanel({ action, idle, active, onClose }: { action: Act<RequestScansResult>; idle: number; active: number; onClose: () => void }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-3">
      <h2 className="font-medium text-slate-900">Rescan all domains</h2>
      <p className="text-sm text-slate-700">
        This queues a scan of every domain that has no scan queued or running: <strong>{fmt(idle)}</strong> {idle === 1 ? "domain" : "domains"}
        {active > 0 ? ` (${fmt(active)} already in the queue are left as they are)` : ""}. Scans run in name order; follow them on the{" "}
        <Link href="/scans" className="text-blue-800 underline">
          Scans
        </Link>{" "}
        page.
      </p>
      <div className="flex flex-wrap gap-2">
        <button type="submit" disabled={pending || idle === 0 || state?.ok === true} className={buttonClass("primary")}>
          {pending ? <Loader2 aria-hidden className="h-4 w-4 animate-spin motion-reduce:animate-none" /> : <RefreshCw aria-hidden className="h-4 w-4" />}
          {pending ? "Queueing…" : `Rescan ${fmt(idle)} ${idle === 1 ? "domain" : "domains"}`}
        </button>
        <button type="button" onClick={onClose} className={buttonClass("secondary")}>
          {state?.ok ? "Close" : "Cancel"}
        </button>
      </div>
      <div role="status" aria-live="polite" className="text-sm">
        {state?.ok ? (
          <p className="font-medium text-slate-900">
            {rescanSummary(state.data)}{" "}
            <Link href="/scans" className="font-normal text-blue-800 underline">
              Open the queue
            </Link>
          </p>
        ) : null}
      </div>
      {state && !state.ok ? (
        <p role="alert" className="text-sm font-medium text-red-800">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}

/**
 * The overview's title row with its actions (docs/ui.md §5.1 `[+ Add domains] [Rescan ▾]`): the one-domain
 * form stays in view; "Add a list" and "Rescan all" open panels under the row. Esc closes a panel
 * and gives focus back to the button that opened it.
 */
export function PortfolioHeader({
  children,
  addDomain,
  addList,
  rescanAll,
  idle,
  active,
  canWrite,
}: {
  children: ReactNode;
  addDomain: Act<RequestScanResult>;
  addList: Act<AddDomainsResult>;
  rescanAll: Act<RequestScansResult>;
  idle: number;
  active: number;
  /** The viewer's role may add and rescan (viewers see the title alone). */
  canWrite: boolean;
}) {
  const [open, setOpen] = useState<"list" | "rescan" | null>(null);
  const id = useId();
  const listButton = useRef<HTMLButtonElement>(null);
  const rescanButton = useRef<HTMLButtonElement>(null);
  const close = () => {
    const back = open === "list" ? listButton.current : rescanButton.current;
    setOpen(null);
    back?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      close();
    }
  };
  const toggle = (which: "list" | "rescan") => {
    const opening = open !== which;
    setOpen(opening ? which : null);
    // Move focus into the panel that opened (after it is shown), so keyboard users land in it.
    if (opening) requestAnimationFrame(() => document.getElementById(`${id}-${which}`)?.querySelector<HTMLElement>("textarea, button[type=submit]")?.focus());
  };
  // A viewer reads the portfolio; the add and rescan controls are not drawn for them at all.
  if (!canWrite) return <div className="min-w-0">{children}</div>;
  return (
    <div className="space-y-3">
      <div className="flex flex-col gap-3 lg:flex-row lg:items-end lg:justify-between">
        <div className="min-w-0">{children}</div>
        <div className="no-print flex flex-col gap-2 sm:flex-row sm:flex-wrap sm:items-start lg:justify-end">
          <div className="sm:w-80">
            <AddDomainForm action={addDomain} />
          </div>
          <div className="flex gap-2">
            <button
              ref={listButton}
              type="button"
              aria-expanded={open === "list"}
              aria-controls={`${id}-list`}
              onClick={() => toggle("list")}
              className={`${buttonClass("secondary")} min-h-[2.375rem] flex-1 sm:flex-none`}
            >
              <ListPlus aria-hidden className="h-4 w-4" />
              Add a list
              <ChevronDown aria-hidden className={`h-4 w-4 transition-transform motion-reduce:transition-none ${open === "list" ? "rotate-180" : ""}`} />
            </button>
            <button
              ref={rescanButton}
              type="button"
              aria-expanded={open === "rescan"}
              aria-controls={`${id}-rescan`}
              onClick={() => toggle("rescan")}
              className={`${buttonClass("secondary")} min-h-[2.375rem] flex-1 sm:flex-none`}
            >
              <RefreshCw aria-hidden className="h-4 w-4" />
              Rescan all
              <ChevronDown aria-hidden className={`h-4 w-4 transition-transform motion-reduce:transition-none ${open === "rescan" ? "rotate-180" : ""}`} />
            </button>
          </div>
        </div>
      </div>
      <div id={`${id}-list`} hidden={open !== "list"} onKeyDown={onKeyDown} className="no-print relative rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-2 font-medium text-slate-900">Add a list of domains</h2>
        <CloseButton onClick={close} label="Close: add a list" />
        {/* Stays mounted while closed, so the pasted text and the results survive closing the panel. */}
        <AddListForm action={addList} />
      </div>
      <div id={`${id}-rescan`} hidden={open !== "rescan"} onKeyDown={onKeyDown} className="no-print relative rounded-lg border border-slate-200 bg-white p-4">
        <CloseButton onClick={close} label="Close: rescan all" />
        {open === "rescan" ? <RescanAllPanel action={rescanAll} idle={idle} active={active} onClose={close} /> : null}
      </div>
    </div>
  );
}

function CloseButton({ onClick, label }: { onClick: () => void; label: string }) {
  return (
    <button type="button" onClick={onClick} aria-label={label} className="absolute right-2 top-2 inline-flex h-8 w-8 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100">
      <X aria-hidden className="h-4 w-4" />
    </button>
  );
}
