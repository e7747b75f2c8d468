"use client";

import { useActionState, useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Loader2, Play, RotateCcw } from "lucide-react";
import { WhatIfResult } from "@/components/fix/what-if-result";
import { buttonClass } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions";
import type { WhatIfResult as WhatIfResultData } from "@/lib/services/policies/what-if";

type Kind = "mta-sts" | "tlsa";

const KINDS: { kind: Kind; label: string; field: string; help: ReactNode }[] = [
  {
    kind: "mta-sts",
    label: "mta-sts.txt",
    field: "Draft mta-sts.txt",
    help: (
      <>
        The policy body as you would serve it: <code className="font-mono">version</code>, <code className="font-mono">mode</code>, <code className="font-mono">mx</code> and <code className="font-mono">max_age</code> lines.
      </>
    ),
  },
  {
    kind: "tlsa",
    label: "TLSA records",
    field: "Draft TLSA records, one per line",
    help: (
      <>
        Zone-file lines such as <code className="font-mono [overflow-wrap:anywhere]">_25._tcp.mx1.example.org. IN TLSA 3 1 1 &lt;hex&gt;</code>, or bare <code className="font-mono">3 1 1 &lt;hex&gt;</code> lines that apply to every MX host.
      </>
    ),
  },
];

export type WhatIfPanelProps = {
  domain: string;
  /** Starting drafts: the scan's suggestions. */
  drafts: { mtaSts: string; tlsa: string };
  /** "against the scan of …", rendered on the server (absolute and relative time). */
  scanLabel: ReactNode;
  action: (prev: ActionResult<WhatIfResultData> | null, form: FormData) => Promise<ActionResult<WhatIfResultData>>;
};

/** Paste a draft policy or TLSA set and see how it would fare against the last scan (docs/ui.md §5.6). */
export function WhatIfPanel({ domain, drafts, scanLabel, action }: WhatIfPanelProps) {
  const [state, formAction, pending] = useActionState(action, null);
  const [kind, setKind] = useState<Kind>("mta-sts");
  // Links from the plan's steps (#what-if-mta-sts, #what-if-tlsa) pick the draft kind.
  useEffect(() => {
    const pick = () => {
      if (window.location.hash === "#what-if-tlsa") setKind("tlsa");
      else if (window.location.hash === "#what-if-mta-sts") setKind("mta-sts");
    };
    pick();
    window.addEventListener("hashchange", pick);
    return () => window.removeEventListener("hashchange", pick);
  }, []);
  const [text, setText] = useState<Record<Kind, string>>({ "mta-sts": drafts.mtaSts, tlsa: drafts.tlsa });
  const ids = { draft: useId(), help: useId(), error: useId() };
  const current = KINDS.find((k) => k.kind === kind)!;
  const suggestion = kind === "mta-sts" ? drafts.mtaSts : drafts.tlsa;
  const fieldError = state && !state.ok ? state.fieldErrors?.draft : undefined;
  const lines = text[kind].split("\n").length;
  // A result for the other kind stays hidden rather than misleading the reader.
  const result = state?.ok && state.data.kind === kind ? state.data : null;
  // After "Check draft", focus moves to the outcome: the field error, else the result region (WCAG 3.3.1, 4.1.3).
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!state) return;
    const target = !state.ok && state.fieldErrors?.draft ? document.getElementById(ids.error) : resultRef.current;
    target?.focus();
    // ids.error is stable for the component's life (useId).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);

  return (
    <section id="what-if" aria-labelledby="what-if-h" className="scroll-mt-4 rounded-lg border border-slate-200 bg-white">
      <span id="what-if-mta-sts" aria-hidden className="block scroll-mt-4" />
      <span id="what-if-tlsa" aria-hidden className="block scroll-mt-4" />
      <header className="border-b border-slate-100 px-4 py-3">
        <h2 id="what-if-h" className="text-base font-semibold">What if I publish…</h2>
        <p className="mt-0.5 text-sm text-slate-600">
          Check a draft against {scanLabel} before you publish it. Nothing is published, fetched or stored.
        </p>
      </header>
      <div className="grid gap-4 p-4 lg:grid-cols-2">
        <form action={formAction} className="min-w-0 space-y-3">
          <input type="hidden" name="domain" value={domain} />
          <fieldset>
            <legend className="mb-1.5 text-sm font-medium text-slate-800">Draft of</legend>
            <div className="inline-flex rounded-md border border-slate-300 p-0.5">
              {KINDS.map((k) => (
                <label
                  key={k.kind}
                  className={`cursor-pointer rounded px-3 py-1.5 text-sm font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-blue-600 ${kind === k.kind ? "bg-slate-800 text-white" : "text-blue-800 hover:bg-slate-100"}`}
                >
                  <input type="radio" name="kind" value={k.kind} checked={kind === k.kind} onChange={() => setKind(k.kind)} className="sr-only" />
                  {k.label}
                </label>
              ))}
            </div>
          </fieldset>
          <div>
            <label htmlFor={ids.draft} className="block text-sm font-medium text-slate-800">{current.field}</label>
            <p id={ids.help} className="mt-0.5 text-xs text-slate-600">{current.help}</p>
            <textarea
              id={ids.draft}
              name="draft"
              value={text[kind]}
              onChange={(e) => setText((t) => ({ ...t, [kind]: e.target.value }))}
              rows={Math.min(14, Math.max(6, lines + 1))}
              spellCheck={false}
              autoCapitalize="off"
              autoCorrect="off"
              aria-describedby={fieldError ? `${ids.help} ${ids.error}` : ids.help}
              aria-invalid={fieldError ? true : undefined}
              className="mt-2 block w-full resize-y rounded-md border border-slate-300 bg-slate-50 p-2 font-mono text-[0.8125rem] leading-5 text-slate-900 [overflow-wrap:anywhere] focus:border-blue-600 focus:bg-white"
            />
            {fieldError ? (
              <p id={ids.error} tabIndex={-1} className="mt-1 text-sm text-red-800 focus:outline-none">{fieldError}</p>
            ) : null}
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <button type="submit" disabled={pending} className={`${buttonClass("primary")} min-h-11 sm:min-h-0`}>
              {pending ? <Loader2 aria-hidden className="h-4 w-4 animate-spin motion-reduce:animate-none" /> : <Play aria-hidden className="h-4 w-4" />}
              Check draft
            </button>
            {suggestion && text[kind] !== suggestion ? (
              <button type="button" onClick={() => setText((t) => ({ ...t, [kind]: suggestion }))} className={buttonClass("secondary")}>
                <RotateCcw aria-hidden className="h-4 w-4" />
                Reset to the suggestion
              </button>
            ) : null}
          </div>
        </form>
        <div ref={resultRef} tabIndex={-1} role="region" className="min-w-0 focus:outline-none" aria-labelledby="what-if-result-h">
          <h3 id="what-if-result-h" className="mb-2 text-sm font-semibold text-slate-800">Result</h3>
          <div role="status" aria-live="polite" className="sr-only">
            {pending ? "Checking the draft…" : result ? `Result: ${result.verdict.sentence}` : ""}
          </div>
          {state && !state.ok && !fieldError ? (
            <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">{state.message}</p>
          ) : null}
          {result ? (
            <div className={pending ? "opacity-60" : undefined}>
              <WhatIfResult result={result} />
            </div>
          ) : (
            <p className="rounded-md border border-dashed border-slate-300 px-3 py-6 text-center text-sm text-slate-600">
              {pending ? "Checking…" : `Edit the draft and choose Check draft to see, per MX host, whether ${kind === "mta-sts" ? "it would pass" : "the records would match"}.`}
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
