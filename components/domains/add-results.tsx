/**
 * The outcome of adding a list, line by line (docs/ui.md §5.1: "nothing silently dropped"): a summary
 * sentence for the live region, then each group of lines — problems first and open.
 */
import type { ReactNode } from "react";
import { CircleCheck, CircleX, Copy, Info, RefreshCw } from "lucide-react";

export type AddLine = {
  line: number;
  input: string;
  status: "added" | "present" | "duplicate" | "invalid" | "skipped";
  domain?: string;
  scan?: "queued" | "already-active" | "not-rescanned" | "deferred";
  reason?: string;
};

export type AddCounts = { added: number; present: number; duplicate: number; invalid: number; skipped: number; queued: number; blank: number; deferred?: number };

const fmt = (n: number) => n.toLocaleString("en-US");
const plural = (n: number, one: string, many: string) => `${fmt(n)} ${n === 1 ? one : many}`;

/** One sentence that says what happened to every line. */
export function addSummary(c: AddCounts): string {
  const parts: string[] = [];
  if (c.added > 0) parts.push(`Added ${plural(c.added, "domain", "domains")}`);
  if (c.present > 0) parts.push(`${plural(c.present, "was", "were")} already here`);
  if (c.invalid > 0) parts.push(`${plural(c.invalid, "line is", "lines are")} not a domain name`);
  if (c.duplicate > 0) parts.push(`${plural(c.duplicate, "duplicate", "duplicates")}`);
  if (c.skipped > 0) parts.push(`${plural(c.skipped, "line", "lines")} skipped (comment or header)`);
  const head = parts.length > 0 ? `${parts.join(", ")}.` : "Nothing to add.";
  const scans = c.queued > 0 ? ` ${plural(c.queued, "scan", "scans")} queued.` : " No scan queued.";
  const deferred = c.deferred ? ` ${plural(c.deferred, "scan waits", "scans wait")} for the schedule (scan quota used up).` : "";
  const blank = c.blank > 0 ? ` ${plural(c.blank, "blank line", "blank lines")} ignored.` : "";
  return `${head}${scans}${deferred}${blank}`;
}

function scanWord(l: AddLine): string {
  if (l.scan === "queued") return l.status === "added" ? "scan queued" : "rescan queued";
  if (l.scan === "already-active") return "a scan was already queued or running";
  if (l.scan === "deferred") return "scan quota used up: scanned on the schedule";
  return "not rescanned";
}

function Group({ title, lines, open, render }: { title: string; lines: AddLine[]; open: boolean; render: (l: AddLine) => ReactNode }) {
  if (lines.length === 0) return null;
  return (
    <details open={open} className="rounded-md border border-slate-200 bg-white">
      <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-800">
        {title} ({fmt(lines.length)})
      </summary>
      <ol className="max-h-72 overflow-y-auto border-t border-slate-100 px-3 py-2 text-sm">
        {lines.map((l) => (
          <li key={l.line} className="flex flex-wrap gap-x-2 py-0.5">
            <span className="w-16 shrink-0 tabular-nums text-slate-500">line {l.line}</span>
            {render(l)}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** The summary sentence; put it in a live region that exists before the result arrives. */
export function AddSummary({ counts }: { counts: AddCounts }) {
  return (
    <p className="flex items-start gap-2 text-sm font-medium text-slate-900">
      {counts.invalid > 0 ? <Info aria-hidden className="mt-0.5 h-4 w-4 shrink-0 text-amber-700" /> : <CircleCheck aria-hidden className="mt-0.5 h-4 w-4 shrink-0 text-emerald-700" />}
      {addSummary(counts)}
    </p>
  );
}

/** The lines grouped by outcome (the summary is rendered separately, see AddSummary). */
/** A line that was not added: what was typed and why. */
function inputAndReason(l: AddLine) {
  return (
    <>
      <span className="font-mono [overflow-wrap:anywhere]">{l.input}</span>
      <span className="text-slate-600">{l.reason}</span>
    </>
  );
}

export function AddResults({ lines, onEditInvalid }: { lines: readonly AddLine[]; onEditInvalid?: () => void }) {
  const by = (s: AddLine["status"]) => lines.filter((l) => l.status === s);
  const invalid = by("invalid");
  const mono = "font-mono [overflow-wrap:anywhere]";
  return (
    <div className="space-y-2">
      <Group
        title="Not a domain name"
        lines={invalid}
        open
        render={(l) => (
          <>
            <span className={`${mono} text-slate-900`}>{l.input}</span>
            <span className="inline-flex items-center gap-1 text-red-800">
              <CircleX aria-hidden className="h-3.5 w-3.5" />
              {l.reason}
            </span>
          </>
        )}
      />
      {invalid.length > 0 && onEditInvalid ? (
        <button type="button" onClick={onEditInvalid} className="inline-flex items-center gap-1 text-sm font-medium text-blue-800 underline-offset-2 hover:underline">
          <Copy aria-hidden className="h-3.5 w-3.5" />
          Put the {invalid.length === 1 ? "invalid line" : `${fmt(invalid.length)} invalid lines`} back in the box to fix
        </button>
      ) : null}
      <Group
        title="Duplicates in the list"
        lines={by("duplicate")}
        open={false}
        render={inputAndReason}
      />
      <Group
        title="Skipped"
        lines={by("skipped")}
        open={false}
        render={inputAndReason}
      />
      <Group
        title="Already here"
        lines={by("present")}
        open={false}
        render={(l) => (
          <>
            <span className={mono}>{l.domain}</span>
            <span className="inline-flex items-center gap-1 text-slate-600">
              {l.scan === "queued" ? <RefreshCw aria-hidden className="h-3.5 w-3.5" /> : null}
              {scanWord(l)}
            </span>
          </>
        )}
      />
      <Group
        title="Added"
        lines={by("added")}
        open={false}
        render={(l) => (
          <>
            <span className={mono}>{l.domain}</span>
            <span className="inline-flex items-center gap-1 text-emerald-800">
              <CircleCheck aria-hidden className="h-3.5 w-3.5" />
              {scanWord(l)}
            </span>
          </>
        )}
      />
    </div>
  );
}
