"use client";

import { useActionState, useId, useState } from "react";
import { Loader2, Pencil } from "lucide-react";
import { TagChips } from "@/components/domains/tag-chips";
import { buttonClass } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions";

type Result = { domain: string; tags: string[] };
type Action = (prev: ActionResult<Result> | null, form: FormData) => Promise<ActionResult<Result>>;

/**
 * The domain's tags under its name. People who may change domains edit them as one
 * comma-separated field inside a <details> disclosure, so the editor opens and submits without
 * JavaScript too.
 */
export function DomainTags({ domain, tags, canEdit, action }: { domain: string; tags: string[]; canEdit: boolean; action: Action }) {
  const id = useId();
  // A new key after each save closes the disclosure and resets the field to what was stored.
  const [saves, setSaves] = useState(0);
  const [state, formAction, pending] = useActionState(async (prev: ActionResult<Result> | null, form: FormData) => {
    const result = await action(prev, form);
    if (result.ok) setSaves((n) => n + 1);
    return result;
  }, null);
  const shown = state?.ok ? state.data.tags : tags;
  const error = state && !state.ok ? (state.fieldErrors?.tag ?? state.fieldErrors?.tags ?? state.message) : null;

  if (!canEdit) return shown.length > 0 ? <TagChips tags={shown} /> : null;
  return (
    <div className="flex flex-wrap items-start gap-2 text-sm">
      {shown.length > 0 ? <TagChips tags={shown} className="pt-0.5" /> : <span className="pt-0.5 text-slate-600">No tags</span>}
      <details key={saves} open={error ? true : undefined} className="no-print group">
        <summary className={`${buttonClass("ghost", "sm")} cursor-pointer list-none`}>
          <Pencil aria-hidden className="h-3.5 w-3.5" />
          {shown.length > 0 ? "Edit tags" : "Add tags"}
        </summary>
        <form action={formAction} className="mt-2 flex flex-wrap items-center gap-2">
          <input type="hidden" name="domain" value={domain} />
          <label htmlFor={id} className="text-slate-800">
            Tags
          </label>
          <input
            id={id}
            name="tags"
            defaultValue={shown.join(", ")}
            aria-describedby={`${id}-hint`}
            aria-invalid={error ? true : undefined}
            autoComplete="off"
            className="h-8 w-72 max-w-full rounded-md border border-slate-300 bg-white px-2 text-sm"
          />
          <button type="submit" disabled={pending} className={buttonClass("primary", "sm")}>
            {pending ? <Loader2 aria-hidden className="h-3.5 w-3.5 animate-spin motion-reduce:animate-none" /> : null}
            Save tags
          </button>
          <p id={`${id}-hint`} className="w-full text-xs text-slate-600">
            Separate tags with commas; up to 20, each 1–40 letters, digits, spaces, dots, underscores or hyphens.
          </p>
        </form>
      </details>
      {error ? (
        <p role="alert" className="w-full text-sm font-medium text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}
