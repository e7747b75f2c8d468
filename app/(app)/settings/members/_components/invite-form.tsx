"use client";

import { Loader2, UserPlus } from "lucide-react";
import { useActionState, useEffect, useId, useRef, useState } from "react";
import { buttonClass } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import type { ActionResult } from "@/lib/actions";
import { formatUtcLong } from "@/lib/report/format";
import type { CreatedInvitation } from "../actions";

type Action = (prev: ActionResult<CreatedInvitation> | null, form: FormData) => Promise<ActionResult<CreatedInvitation>>;

const field = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";

/**
 * "Invite" opens the form; the new link is shown here once, with a copy button. It is kept in this
 * component's state only: the page never receives it again (only its hash is stored).
 */
export function InviteForm({ action, roles }: { action: Action; roles: readonly string[] }) {
  const [open, setOpen] = useState(false);
  const [state, formAction, pending] = useActionState(action, null);
  const id = useId();
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state) resultRef.current?.focus();
  }, [state]);
  const fieldErrors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <div className="space-y-3">
      <button type="button" aria-expanded={open} aria-controls={`${id}-form`} onClick={() => setOpen((o) => !o)} className={buttonClass("primary")}>
        <UserPlus aria-hidden className="h-4 w-4" /> Invite
      </button>
      <form id={`${id}-form`} hidden={!open} action={formAction} className="flex flex-wrap items-end gap-3" noValidate>
        <label className="text-sm text-slate-700">
          <span className="mb-1 block font-medium">Role</span>
          <select name="role" defaultValue="viewer" className={field}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm text-slate-700">
          <span className="mb-1 block font-medium">E-mail note (optional)</span>
          <input
            name="email"
            type="email"
            autoComplete="off"
            spellCheck={false}
            aria-invalid={fieldErrors.email ? true : undefined}
            aria-describedby={fieldErrors.email ? `${id}-email-error` : undefined}
            className={`${field} w-64 aria-[invalid]:border-red-600`}
          />
          {fieldErrors.email ? (
            <span id={`${id}-email-error`} className="mt-1 block text-sm text-red-700">
              {fieldErrors.email}
            </span>
          ) : null}
        </label>
        <button type="submit" disabled={pending} className={buttonClass("secondary")}>
          {pending ? <Loader2 aria-hidden className="h-4 w-4 animate-spin motion-reduce:animate-none" /> : null}
          Create invitation link
        </button>
      </form>
      <div ref={resultRef} tabIndex={-1} className="focus:outline-none">
        {state && !state.ok ? (
          <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
            {state.message} No invitation was made.
          </p>
        ) : null}
        {state?.ok ? (
          <div role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900">
            <p>
              Invitation link for a new <strong>{state.data.role}</strong>, shown only now. It works once and expires on {formatUtcLong(state.data.expiresAt)}.
              Send it to the person privately.
            </p>
            <div className="mt-2 flex flex-wrap items-start gap-2">
              <code data-testid="invite-url" className="min-w-0 flex-1 rounded bg-white px-2 py-1 font-mono text-xs [overflow-wrap:anywhere]">
                {state.data.url}
              </code>
              <CopyButton text={state.data.url} label="Copy invitation link" />
            </div>
          </div>
        ) : null}
      </div>
    </div>
  );
}
