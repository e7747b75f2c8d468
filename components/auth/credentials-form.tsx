"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { Loader2 } from "lucide-react";
import type { ActionResult } from "@/lib/actions";

export type CredentialField = {
  name: string;
  label: string;
  type: "text" | "email" | "password";
  autoComplete: string;
  hint?: string;
  defaultValue?: string;
};

type Action<T> = (prev: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

/**
 * A sign-in / sign-up / password form over a server action: works without JavaScript, shows field
 * errors under their inputs and the form's error above the button, and moves focus to the first
 * error after a failed submit (WCAG 3.3.1).
 */
export function CredentialsForm<T>({
  action,
  fields,
  hidden = {},
  submit,
  done,
}: {
  action: Action<T>;
  fields: CredentialField[];
  hidden?: Record<string, string>;
  submit: string;
  /** Shown after success when the action does not navigate away. */
  done?: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  // Controlled: React resets uncontrolled fields after every action, and a typo in one field must
  // not cost the person everything else they typed.
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f.name, f.defaultValue ?? ""])));
  const errorRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (state && !state.ok) errorRef.current?.focus();
  }, [state]);
  // A success that stays on the page (password changed) leaves no secret in the fields: adjusted
  // while rendering the new result, the way React recommends for state derived from a change.
  const [seen, setSeen] = useState(state);
  if (state !== seen) {
    setSeen(state);
    if (state?.ok) setValues(Object.fromEntries(fields.map((f) => [f.name, f.type === "password" ? "" : (f.defaultValue ?? "")])));
  }
  const fieldErrors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const formError = state && !state.ok ? state.message : null;
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {fields.map((f) => {
        const error = fieldErrors[f.name];
        return (
          <div key={f.name} className="flex flex-col gap-1">
            <label htmlFor={`f-${f.name}`} className="text-sm font-medium text-slate-800">
              {f.label}
            </label>
            <input
              id={`f-${f.name}`}
              name={f.name}
              type={f.type}
              autoComplete={f.autoComplete}
              value={values[f.name] ?? ""}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
              spellCheck={false}
              aria-invalid={error ? true : undefined}
              aria-describedby={[error ? `f-${f.name}-error` : "", f.hint ? `f-${f.name}-hint` : ""].filter(Boolean).join(" ") || undefined}
              className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-[invalid]:border-red-600"
            />
            {f.hint ? (
              <p id={`f-${f.name}-hint`} className="text-xs text-slate-600">
                {f.hint}
              </p>
            ) : null}
            {error ? (
              <p id={`f-${f.name}-error`} className="text-sm text-red-700">
                {error}
              </p>
            ) : null}
          </div>
        );
      })}
      {formError ? (
        <p ref={errorRef} tabIndex={-1} role="alert" className="rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-800 focus:outline-none">
          {formError}
        </p>
      ) : null}
      {state?.ok && done ? (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-2 text-sm text-emerald-900">
          {done}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className="inline-flex items-center justify-center gap-1 rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-60">
        {pending ? <Loader2 aria-hidden className="h-4 w-4 animate-spin motion-reduce:animate-none" /> : null}
        {submit}
      </button>
    </form>
  );
}
