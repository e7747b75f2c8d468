"use client";

import { useActionState, useEffect, useId, useRef, useState } from "react";
import { FileUp, ListPlus, Loader2 } from "lucide-react";
import { AddResults, AddSummary } from "@/components/domains/add-results";
import { buttonClass } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions";
import type { AddDomainsResult } from "@/lib/services/domains/add-domains";

type Action = (prev: ActionResult<AddDomainsResult> | null, form: FormData) => Promise<ActionResult<AddDomainsResult>>;

/** Same limits as the service (lib/services/domains/add-domains.ts), checked here first to save a round trip. */
const MAX_LINES = 10_000;
/** Server actions accept bodies up to 1 MB by default (next.config `serverActions.bodySizeLimit`). */
const MAX_BYTES = 1_000_000;

const countLines = (text: string) => text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== "").length;

/**
 * Paste a list or pick a file (CSV or one domain per line). The file is read here, in the browser,
 * into the text box, so what is submitted is always what the user can see and edit.
 */
export function AddListForm({ action, offerRescan = true }: { action: Action; offerRescan?: boolean }) {
  const [state, formAction, pending] = useActionState(action, null);
  const [text, setText] = useState("");
  const [fileNote, setFileNote] = useState<string | null>(null);
  const id = useId();
  const lines = countLines(text);
  const bytes = new TextEncoder().encode(text).length;
  const tooMany = lines > MAX_LINES;
  const tooBig = bytes > MAX_BYTES;
  const error = state && !state.ok ? (state.fieldErrors?.domains ?? state.message) : null;
  // After a submit, focus moves to the outcome — the error or the summary — so it is not missed (WCAG 3.3.1).
  const errorRef = useRef<HTMLParagraphElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!state) return;
    (state.ok ? resultRef.current : errorRef.current)?.focus();
  }, [state]);

  async function readFile(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_BYTES * 4) {
      setFileNote(`${file.name} is ${(file.size / 1_000_000).toFixed(1)} MB: too large. Split it into files of at most ${MAX_LINES.toLocaleString("en-US")} lines.`);
      return;
    }
    const content = await file.text();
    setText(content);
    setFileNote(`Read ${file.name}: ${countLines(content).toLocaleString("en-US")} lines. Check them below, then add.`);
  }

  return (
    <form action={formAction} className="space-y-3">
      <div>
        <label htmlFor={`${id}-text`} className="block text-sm font-medium text-slate-800">
          Domains, one per line
        </label>
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          Or CSV: the first column is used and a header row is skipped. Lines starting with # are comments. At most {MAX_LINES.toLocaleString("en-US")} lines.
        </p>
        <textarea
          id={`${id}-text`}
          name="domains"
          rows={6}
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          placeholder={"example.com\nexample.org\nshop.example.net"}
          aria-describedby={`${id}-hint ${id}-count${error ? ` ${id}-error` : ""}`}
          aria-invalid={error || tooMany || tooBig ? true : undefined}
          className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm shadow-sm aria-[invalid]:border-red-600"
        />
        <p id={`${id}-count`} aria-live="polite" className={`mt-1 text-xs ${tooMany || tooBig ? "font-medium text-red-800" : "text-slate-600"}`}>
          {lines.toLocaleString("en-US")} {lines === 1 ? "line" : "lines"}
          {tooMany ? ` — more than ${MAX_LINES.toLocaleString("en-US")}; split the list into several submissions.` : ""}
          {!tooMany && tooBig ? " — over 1 MB; remove extra CSV columns or split the list." : ""}
        </p>
      </div>
      <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-center">
        <div>
          <label htmlFor={`${id}-file`} className={`${buttonClass("secondary")} cursor-pointer focus-within:outline-2 focus-within:outline-blue-600`}>
            <FileUp aria-hidden className="h-4 w-4" />
            Choose a file (.csv, .txt)
          </label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,.txt,.tsv,text/csv,text/plain"
            className="sr-only"
            onChange={(e) => {
              void readFile(e.target.files?.[0]);
              e.target.value = "";
            }}
          />
        </div>
        {offerRescan ? (
          <label className="inline-flex items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" name="rescanExisting" className="h-4 w-4 accent-blue-700" />
            Also rescan domains that are already here
          </label>
        ) : null}
      </div>
      {fileNote ? (
        <p role="status" className="text-sm text-slate-700">
          {fileNote}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" disabled={pending || tooMany || tooBig} className={buttonClass("primary")}>
          {pending ? <Loader2 aria-hidden className="h-4 w-4 animate-spin motion-reduce:animate-none" /> : <ListPlus aria-hidden className="h-4 w-4" />}
          {pending ? "Adding…" : lines > 0 ? `Add ${lines.toLocaleString("en-US")} ${lines === 1 ? "line" : "lines"}` : "Add domains"}
        </button>
        {text ? (
          <button type="button" onClick={() => setText("")} className={buttonClass("ghost")}>
            Clear
          </button>
        ) : null}
        <span className="text-xs text-slate-600">
          New domains are scanned right away{offerRescan ? "; domains already here are left as they are unless you tick the box" : ""}.
        </span>
      </div>
      {error ? (
        <p id={`${id}-error`} ref={errorRef} tabIndex={-1} role="alert" className="text-sm font-medium text-red-800 focus:outline-none">
          {error}
        </p>
      ) : null}
      <div ref={resultRef} tabIndex={-1} role="status" aria-live="polite" className="focus:outline-none">{state?.ok ? <AddSummary counts={state.data.counts} /> : null}</div>
      {state?.ok ? (
          <AddResults
            lines={state.data.lines}
            onEditInvalid={() =>
              setText(
                state.data.lines
                  .filter((l) => l.status === "invalid")
                  .map((l) => l.input)
                  .join("\n"),
              )
            }
          />
      ) : null}
    </form>
  );
}
