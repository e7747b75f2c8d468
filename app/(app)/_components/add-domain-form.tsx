"use client";

import { useActionState, useEffect, useRef } from "react";
import { Loader2, Plus } from "lucide-react";
import type { ActionResult } from "@/lib/actions";
import type { RequestScanResult } from "@/lib/services/scans/request-scan";

type Action = (prev: ActionResult<RequestScanResult> | null, form: FormData) => Promise<ActionResult<RequestScanResult>>;

/** Add a domain and scan it; field errors show under the input, nothing is queued on error. */
export function AddDomainForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, null);
  const fieldError = state && !state.ok ? (state.fieldErrors?.domain ?? state.message) : null;
  // After a submit, focus goes to the error so keyboard and screen-reader users land on it (WCAG 3.3.1);
  // success navigates to the report, which gets focus from the page load.
  const errorRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (state && !state.ok) errorRef.current?.focus();
  }, [state]);
  return (
    <form action={formAction} className="flex flex-col gap-2 sm:flex-row sm:items-start" noValidate>
      <div className="flex-1">
        <label htmlFor="domain" className="sr-only">Domain name</label>
        <input
          id="domain"
          name="domain"
          type="text"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder="example.com"
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? "domain-error" : undefined}
          className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm shadow-sm aria-[invalid]:border-red-600"
        />
        {fieldError ? (
          <p id="domain-error" ref={errorRef} tabIndex={-1} role="alert" className="mt-1 text-sm text-red-700 focus:outline-none">{fieldError}</p>
        ) : null}
      </div>
      <button type="submit" disabled={pending} className="inline-flex items-center justify-center gap-1 rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-60">
        {pending ? <Loader2 aria-hidden className="h-4 w-4 animate-spin motion-reduce:animate-none" /> : <Plus aria-hidden className="h-4 w-4" />}
        Add and scan
      </button>
    </form>
  );
}
