import { FileDown, FileJson } from "lucide-react";
import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";

/**
 * The address printed on a paper copy: the report's path under the public URL (`MAILPOSTURE_URL`).
 * None when the URL is unset or a loopback one (the default `http://localhost:PORT`): such an
 * address means nothing to whoever reads the printout on another machine, and the request's Host
 * header is not used because it is whatever the browser typed.
 */
export function printedReportUrl(publicUrl: string | undefined, path: string): string | undefined {
  if (!publicUrl) return undefined;
  let base: URL;
  try {
    base = new URL(publicUrl);
  } catch {
    return undefined;
  }
  if (["localhost", "127.0.0.1", "[::1]"].includes(base.hostname) || base.hostname.endsWith(".localhost")) return undefined;
  return new URL(path, base.origin).href;
}

/** The report's title row: domain, freshness, actions; a print-only line with the report's address. */
export function ReportHeader({ domain, stamp, actions, jsonHref, pdfHref, printUrl }: { domain: string; stamp: ReactNode; actions?: ReactNode; jsonHref?: string; pdfHref?: string; printUrl?: string }) {
  return (
    <header className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
      <div className="min-w-0 sm:flex-1">
        <h1 className="font-mono text-2xl font-semibold break-all text-slate-900">{domain}</h1>
        <div className="mt-1">{stamp}</div>
        {printUrl ? <p className="hidden text-xs text-slate-600 print:block">Report: {printUrl}</p> : null}
      </div>
      <div className="no-print flex flex-wrap items-center gap-2">
        {actions}
        {pdfHref ? (
          <a href={pdfHref} download className={`${buttonClass("secondary")} min-h-9`}>
            <FileDown aria-hidden className="h-4 w-4" />
            Download PDF
          </a>
        ) : null}
        {jsonHref ? (
          <a href={jsonHref} className={`${buttonClass("secondary")} min-h-9`}>
            <FileJson aria-hidden className="h-4 w-4" />
            JSON
          </a>
        ) : null}
      </div>
    </header>
  );
}

/** "Scored with rules N; current rules M — rescan to re-grade" (Internet.nl's "dated results"). */
export function OlderRulesBanner({ scored, current }: { scored: number | undefined; current: number }) {
  return (
    <p className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
      <span className="font-semibold">Scored with {scored === undefined ? "rules from an older scanner" : `rules ${scored}`}; current rules {current}</span> — rescan to re-grade. The grade and
      findings below follow the rules of their scan.
    </p>
  );
}
