"use client";

import { Loader2, Upload } from "lucide-react";
import { useActionState, useEffect, useId, useRef } from "react";
import { buttonClass } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions";
import type { UploadOutcome } from "@/lib/services/ingest/upload";

type Action = (prev: ActionResult<UploadOutcome[]> | null, form: FormData) => Promise<ActionResult<UploadOutcome[]>>;

/** Report files chosen here are stored and queued; the list below the form says what became of each. */
export function UploadReportsForm({ action, accept, maxFiles }: { action: Action; accept: string; maxFiles: number }) {
  const [state, formAction, pending] = useActionState(action, null);
  const id = useId();
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state) resultRef.current?.focus();
  }, [state]);
  const fieldError = state && !state.ok ? state.fieldErrors?.files : undefined;
  return (
    <div className="space-y-3">
      <form action={formAction} className="flex flex-wrap items-end gap-3">
        <label className="text-sm text-slate-700">
          <span className="mb-1 block font-medium">Report files</span>
          <input
            type="file"
            name="files"
            multiple
            required
            accept={accept}
            className="block text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-2 file:py-1"
            {...(fieldError ? { "aria-invalid": true, "aria-describedby": `${id}-files-error` } : {})}
          />
          <span className="mt-1 block text-xs text-slate-600">TLS-RPT .json or .json.gz, DMARC .xml, .xml.gz or .zip; up to {maxFiles} files and 15 MB at once.</span>
          {fieldError ? <span id={`${id}-files-error`} className="mt-1 block text-sm text-red-700">{fieldError}</span> : null}
        </label>
        <button type="submit" disabled={pending} className={buttonClass("primary")}>
          {pending ? <Loader2 aria-hidden className="h-4 w-4 animate-spin motion-reduce:animate-none" /> : <Upload aria-hidden className="h-4 w-4" />}
          Upload
        </button>
      </form>
      <div ref={resultRef} tabIndex={-1} className="focus:outline-none">
        {state && !state.ok ? (
          <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
            {state.message} Nothing was stored.
          </p>
        ) : null}
        {state?.ok ? (
          <div role="status" className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
            <p className="mb-1">Queued for processing; the table below shows each file&apos;s result when it is done (reload to update).</p>
            <ul className="space-y-0.5" data-testid="upload-outcomes">
              {state.data.map((o, i) => (
                <li key={`${i}-${o.filename}`} className="[overflow-wrap:anywhere]">
                  <span className="font-mono text-xs">{o.filename || "(no name)"}</span>:{" "}
                  {o.ok ? (o.duplicate ? "already received (stored once)" : "received") : <span className="text-red-800">{o.error}</span>}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </div>
  );
}
