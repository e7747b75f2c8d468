"use server";

import { actionScope } from "@/app/_auth/viewer";
import { runAction, type ActionResult } from "@/lib/actions";
import { runWhatIf, type WhatIfResult } from "@/lib/services/policies/what-if";

/** Judges a pasted draft against the domain's last scan. Read-only: nothing is published or stored. */
export async function checkDraft(_prev: ActionResult<WhatIfResult> | null, form: FormData): Promise<ActionResult<WhatIfResult>> {
  return runAction(async () =>
    runWhatIf(await actionScope(), {
      domain: String(form.get("domain") ?? ""),
      kind: String(form.get("kind") ?? ""),
      draft: String(form.get("draft") ?? ""),
    }),
  );
}
