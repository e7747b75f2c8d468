"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Loader2, Trash2 } from "lucide-react";
import { buttonClass } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions";

type Action = (prev: ActionResult<{ deleted: string[] }> | null, form: FormData) => Promise<ActionResult<{ deleted: string[] }>>;

/** Red, because this is the one button in the app that cannot be undone. */
const DANGER = "inline-flex items-center justify-center gap-1 rounded-md border border-red-700 bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 disabled:cursor-not-allowed disabled:opacity-50";

/** The confirmation's form: the names as hidden fields, the irreversible submit, and a way back. */
export function ConfirmDelete({ names, label, cancelHref, action }: { names: string[]; label: string; cancelHref: string; action: Action }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-3">
      {names.map((n) => (
        <input key={n} type="hidden" name="domain" value={n} />
      ))}
      {state && !state.ok ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm font-medium text-red-900">
          {state.message}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" disabled={pending} className={DANGER}>
          {pending ? <Loader2 aria-hidden className="h-4 w-4 animate-spin motion-reduce:animate-none" /> : <Trash2 aria-hidden className="h-4 w-4" />}
          {label}
        </button>
        <Link href={cancelHref} className={buttonClass("secondary")}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
