"use client";

import { KeyRound, Loader2 } from "lucide-react";
import { useActionState, useEffect, useId, useRef, useState } from "react";
import { buttonClass } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import type { ActionResult } from "@/lib/actions";
import { formatUtcLong } from "@/lib/report/format";
import type { CreatedToken } from "../actions";

type Action = (prev: ActionResult<CreatedToken> | null, form: FormData) => Promise<ActionResult<CreatedToken>>;

const field = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm aria-[invalid]:border-red-600";

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <span id={id} className="mt-1 block text-sm text-red-700">
      {message}
    </span>
  ) : null;
}

/**
 * "New token" opens the form; the token is shown here once, with a copy button and a first curl
 * command. It lives in this component's state only: only its hash is stored, so nobody — the
 * page included — can show it again.
 */
export function CreateTokenForm({ action, apiBase, maxDays }: { action: Action; apiBase: string; maxDays: number }) {
  const [open, setOpen] = useState(false);
  const [state, formAction, pending] = useActionState(action, null);
  const id = useId();
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state) resultRef.current?.focus();
  }, [state]);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const describe = (name: string) => (errors[name] ? { "aria-invalid": true as const, "aria-describedby": `${id}-${name}-error` } : {});
  const curl = state?.ok ? `curl -H "Authorization: Bearer ${state.data.token}" ${apiBase}/api/v1/domains` : "";
  return (
    <div className="space-y-3">
      <button type="button" aria-expanded={open} aria-controls={`${id}-form`} onClick={() => setOpen((o) => !o)} className={buttonClass("primary")}>
        <KeyRound aria-hidden className="h-4 w-4" /> New token
      </button>
      <form id={`${id}-form`} hidden={!open} action={formAction} className="flex flex-wrap items-end gap-3" noValidate>
        <label className="text-sm text-slate-700">
          <span className="mb-1 block font-medium">Name</span>
          <input name="name" required maxLength={80} autoComplete="off" placeholder="CI pipeline" className={`${field} w-56`} {...describe("name")} />
          <FieldError id={`${id}-name-error`} message={errors.name} />
        </label>
        <label className="text-sm text-slate-700">
          <span className="mb-1 block font-medium">Scope</span>
          <select name="scope" defaultValue="read" className={field} {...describe("scope")}>
            <option value="read">read — list domains and scans</option>
            <option value="write">write — also add, scan, share and delete</option>
          </select>
          <FieldError id={`${id}-scope-error`} message={errors.scope} />
        </label>
        <label className="text-sm text-slate-700">
          <span className="mb-1 block font-medium">Expires in (days)</span>
          <input name="expiresInDays" type="number" min={1} max={maxDays} step={1} inputMode="numeric" placeholder="never" className={`${field} w-28`} {...describe("expiresInDays")} />
          <FieldError id={`${id}-expiresInDays-error`} message={errors.expiresInDays} />
        </label>
        <button type="submit" disabled={pending} className={buttonClass("secondary")}>
          {pending ? <Loader2 aria-hidden className="h-4 w-4 animate-spin motion-reduce:animate-none" /> : null}
          Create token
        </button>
      </form>
      <div ref={resultRef} tabIndex={-1} className="focus:outline-none">
        {state && !state.ok ? (
          <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
            {state.message} No token was made.
          </p>
        ) : null}
        {state?.ok ? (
          <div role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900">
            <p>
              The <strong>{state.data.scope}</strong> token “{state.data.name}”, shown only now: copy it into your script&apos;s secrets. It{" "}
              {state.data.expiresAt ? `expires on ${formatUtcLong(state.data.expiresAt)}` : "does not expire"}; revoke it below when it is no longer needed.
            </p>
            <div className="mt-2 flex flex-wrap items-start gap-2">
              <code data-testid="api-token" className="min-w-0 flex-1 rounded bg-white px-2 py-1 font-mono text-xs [overflow-wrap:anywhere]">
                {state.data.token}
              </code>
              <CopyButton text={state.data.token} label="Copy API token" />
            </div>
            <p className="mt-3">Try it:</p>
            <div className="mt-1 flex flex-wrap items-start gap-2">
              <code className="min-w-0 flex-1 rounded bg-white px-2 py-1 font-mono text-xs [overflow-wrap:anywhere]">{curl}</code>
              <CopyButton text={curl} label="Copy curl command" />
            </div>
          </div>
        ) : null}
      </div>
    </div>
  );
}
