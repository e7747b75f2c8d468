"use client";

import { Loader2, RadioTower } from "lucide-react";
import { useActionState, useEffect, useRef } from "react";
import { buttonClass } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import type { ActionResult } from "@/lib/actions";
import type { CreatedIngestToken } from "@/lib/services/ingest/token";

type Action = (prev: ActionResult<CreatedIngestToken> | null, form: FormData) => Promise<ActionResult<CreatedIngestToken>>;

/**
 * Creates (or replaces) the receiver address. The token is shown here once, inside the address and
 * the TXT record to publish: only its hash is stored, so nobody can show it again.
 */
export function ReceiverTokenForm({ action, hasToken }: { action: Action; hasToken: boolean }) {
  const [state, formAction, pending] = useActionState(action, null);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state) resultRef.current?.focus();
  }, [state]);
  const record = state?.ok ? `_smtp._tls.example.com. IN TXT "${state.data.txt}"` : "";
  return (
    <div className="space-y-3">
      <form action={formAction}>
        <button type="submit" disabled={pending} className={buttonClass(hasToken ? "secondary" : "primary")}>
          {pending ? <Loader2 aria-hidden className="h-4 w-4 animate-spin motion-reduce:animate-none" /> : <RadioTower aria-hidden className="h-4 w-4" />}
          {hasToken ? "Replace the receiver address" : "Create a receiver address"}
        </button>
        {hasToken ? <p className="mt-1 text-sm text-slate-600">Replacing it stops the current address at once: update the records that name it.</p> : null}
      </form>
      <div ref={resultRef} tabIndex={-1} className="focus:outline-none">
        {state && !state.ok ? (
          <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
            {state.message} The receiver address was not changed.
          </p>
        ) : null}
        {state?.ok ? (
          <div role="status" className="space-y-2 rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900">
            <p>The receiver address, shown only now. Senders post their TLS reports to it:</p>
            <div className="flex flex-wrap items-start gap-2">
              <code data-testid="receiver-url" className="min-w-0 flex-1 rounded bg-white px-2 py-1 font-mono text-xs [overflow-wrap:anywhere]">{state.data.url}</code>
              <CopyButton text={state.data.url} label="Copy receiver address" />
            </div>
            <p>Publish this TXT record for each domain (replace example.com with the domain; to keep mailed reports too, add their mailto: after a comma):</p>
            <div className="flex flex-wrap items-start gap-2">
              <code data-testid="tlsrpt-record" className="min-w-0 flex-1 rounded bg-white px-2 py-1 font-mono text-xs [overflow-wrap:anywhere]">{record}</code>
              <CopyButton text={state.data.txt} label="Copy TXT record value" />
            </div>
          </div>
        ) : null}
      </div>
    </div>
  );
}
