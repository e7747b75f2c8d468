"use client";

import Link from "next/link";
import { useActionState, useEffect, useId, useRef, useState } from "react";
import { Loader2, Share2, X } from "lucide-react";
import { buttonClass } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import type { ActionResult } from "@/lib/actions";
import { formatUtcLong } from "@/lib/report/format";
import type { CreatedShareView } from "../share-actions";

type Action = (prev: ActionResult<CreatedShareView> | null, form: FormData) => Promise<ActionResult<CreatedShareView>>;

type Props = {
  domain: string;
  /** The scan on screen, which the link can pin. */
  scanId: string;
  /** When that scan ran, as the option names it. */
  scanLabel: string;
  /** The option chosen at first: the live report on the domain page, this scan on a pinned scan's page. */
  defaultTarget: "live" | "scan";
  action: Action;
};

const field = "w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm aria-[invalid]:border-red-600";

function ShareForm({ domain, scanId, scanLabel, defaultTarget, action, onClose }: Props & { onClose: () => void }) {
  const [state, formAction, pending] = useActionState(action, null);
  // Controlled, so a refused submit keeps what was typed (React resets uncontrolled fields after an action).
  const [target, setTarget] = useState(defaultTarget);
  const [days, setDays] = useState("30");
  const [label, setLabel] = useState("");
  const id = useId();
  const errorRef = useRef<HTMLParagraphElement>(null);
  // After a refused submit, focus goes to the message (WCAG 3.3.1).
  useEffect(() => {
    if (state && !state.ok) errorRef.current?.focus();
  }, [state]);

  if (state?.ok) {
    const link = state.data;
    return (
      <div className="space-y-3">
        <p role="status" className="text-sm text-slate-800">
          Link created. Anyone who has it can read {link.pinned ? "this scan's report" : "the latest report"} of <span className="font-mono">{domain}</span> until{" "}
          <time dateTime={link.expiresAt} className="font-medium">{formatUtcLong(link.expiresAt)}</time>. Copy it now: it is not shown again.
        </p>
        <div className="flex items-start gap-2 rounded-md border border-slate-200 bg-slate-50 p-2">
          <code data-testid="share-url" className="min-w-0 flex-1 font-mono text-xs break-all text-slate-900">
            {link.url}
          </code>
          <CopyButton text={link.url} label="Copy share link" />
        </div>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <Link href="/settings/share-links" className="text-sm text-blue-700 hover:underline">
            All share links
          </Link>
          <button type="button" onClick={onClose} className={buttonClass("secondary")}>
            Done
          </button>
        </div>
      </div>
    );
  }

  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="domain" value={domain} />
      <input type="hidden" name="scanId" value={scanId} />
      <fieldset className="space-y-1.5 text-sm">
        <legend className="mb-1 font-medium text-slate-800">The link shows</legend>
        <label className="flex items-start gap-2">
          <input type="radio" name="target" value="live" checked={target === "live"} onChange={() => setTarget("live")} className="mt-1" />
          <span>The live report — always the latest scan</span>
        </label>
        <label className="flex items-start gap-2">
          <input type="radio" name="target" value="scan" checked={target === "scan"} onChange={() => setTarget("scan")} className="mt-1" />
          <span>This scan only ({scanLabel})</span>
        </label>
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-[8rem_minmax(0,1fr)]">
        <div className="text-sm">
          <label htmlFor={`${id}-days`} className="mb-1 block font-medium text-slate-800">
            Expires in (days)
          </label>
          <input
            id={`${id}-days`}
            name="expiresInDays"
            type="number"
            inputMode="numeric"
            min={1}
            max={365}
            step={1}
            value={days}
            onChange={(e) => setDays(e.target.value)}
            required
            aria-invalid={errors.expiresInDays ? true : undefined}
            aria-describedby={errors.expiresInDays ? `${id}-days-error` : `${id}-days-hint`}
            className={field}
          />
          {errors.expiresInDays ? (
            <p id={`${id}-days-error`} className="mt-1 text-xs text-red-800">{errors.expiresInDays}</p>
          ) : (
            <p id={`${id}-days-hint`} className="mt-1 text-xs text-slate-600">1 to 365</p>
          )}
        </div>
        <div className="text-sm">
          <label htmlFor={`${id}-label`} className="mb-1 block font-medium text-slate-800">
            Label (optional)
          </label>
          <input
            id={`${id}-label`}
            name="label"
            type="text"
            maxLength={100}
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            autoComplete="off"
            placeholder="For ACME's IT team"
            aria-invalid={errors.label ? true : undefined}
            aria-describedby={errors.label ? `${id}-label-error` : undefined}
            className={field}
          />
          {errors.label ? <p id={`${id}-label-error`} className="mt-1 text-xs text-red-800">{errors.label}</p> : null}
        </div>
      </div>
      <p className="text-xs text-slate-600">Whoever has the link can read the report and its fix advice without signing in, until it expires or you revoke it. They cannot change anything.</p>
      {state && !state.ok ? (
        <p ref={errorRef} tabIndex={-1} role="alert" className="text-sm font-medium text-red-800 focus:outline-none">
          {state.message} No link was created.
        </p>
      ) : null}
      <div className="flex flex-wrap justify-end gap-2">
        <button type="button" onClick={onClose} className={buttonClass("secondary")}>
          Cancel
        </button>
        <button type="submit" disabled={pending} className={buttonClass("primary")}>
          {pending ? <Loader2 aria-hidden className="h-4 w-4 animate-spin motion-reduce:animate-none" /> : null}
          Create link
        </button>
      </div>
    </form>
  );
}

/**
 * The report header's Share button and its dialog (docs/ui.md §8: a modal <dialog> keeps focus
 * inside, closes on Esc and gives focus back to the button). Each opening starts a fresh form, so
 * a created link's URL is shown once and is gone when the dialog closes.
 */
export function ShareDialog(props: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const [round, setRound] = useState(0);
  const titleId = useId();
  const open = () => {
    setRound((r) => r + 1);
    dialog.current?.showModal();
  };
  const close = () => dialog.current?.close();
  return (
    <>
      <button ref={opener} type="button" onClick={open} aria-haspopup="dialog" className={`no-print ${buttonClass("secondary")} min-h-9`}>
        <Share2 aria-hidden className="h-4 w-4" />
        Share
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        onClose={() => opener.current?.focus()}
        className="no-print m-auto w-[min(34rem,calc(100%-2rem))] rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
      >
        <div className="relative p-4">
          <h2 id={titleId} className="mb-3 pr-8 text-base font-semibold">
            Share a read-only link to <span className="font-mono [overflow-wrap:anywhere]">{props.domain}</span>
          </h2>
          <button type="button" onClick={close} aria-label="Close" className="absolute right-2 top-2 inline-flex h-8 w-8 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100">
            <X aria-hidden className="h-4 w-4" />
          </button>
          {round > 0 ? <ShareForm key={round} {...props} onClose={close} /> : null}
        </div>
      </dialog>
    </>
  );
}
