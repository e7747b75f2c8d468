import { ArrowRight } from "lucide-react";
import { SeverityBadge } from "@/components/report/severity-badge";
import { UntrustedText } from "@/components/ui/untrusted-text";
import type { FindingChange, ReportDiff } from "@/lib/report/diff";

const WORD: Record<FindingChange["kind"], { word: string; cls: string }> = {
  appeared: { word: "New", cls: "border-amber-600 bg-amber-50 text-amber-900" },
  resolved: { word: "Resolved", cls: "border-emerald-600 bg-emerald-50 text-emerald-900" },
  "severity-changed": { word: "Severity changed", cls: "border-slate-500 bg-slate-50 text-slate-800" },
  unchanged: { word: "Unchanged", cls: "border-slate-300 bg-white text-slate-600" },
};

function Item({ f }: { f: FindingChange }) {
  const w = WORD[f.kind];
  return (
    <li className="flex flex-wrap items-start gap-x-3 gap-y-1 py-2 print:break-inside-avoid">
      <span className={`inline-block w-32 shrink-0 rounded border px-1.5 py-px text-center text-xs font-semibold uppercase tracking-wide print:border-black print:bg-white print:text-black ${w.cls}`}>{w.word}</span>
      <span className="flex shrink-0 items-center gap-1">
        {f.severityBefore ? (
          <>
            <SeverityBadge severity={f.severityBefore} />
            <ArrowRight aria-label="to" className="h-3.5 w-3.5 text-slate-500" />
          </>
        ) : null}
        <SeverityBadge severity={f.severity} />
      </span>
      <span className="min-w-0 flex-1 basis-64">
        <span className={`block text-sm ${f.kind === "resolved" ? "text-slate-600 line-through decoration-slate-400" : "text-slate-900"}`}>
          <UntrustedText value={f.title} />
        </span>
        <span className="block text-xs text-slate-600">
          <code className="font-mono">{f.id}</code>
          {f.host ? (
            <>
              {" · "}
              <UntrustedText value={f.host} mono />
            </>
          ) : null}
        </span>
      </span>
    </li>
  );
}

/** Findings that appeared, resolved or changed severity, worst first; unchanged ones folded. */
export function FindingChanges({ findings }: { findings: ReportDiff["findings"] }) {
  const moved = [...findings.appeared, ...findings.resolved, ...findings.severityChanged];
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-700">
        <strong>{findings.appeared.length}</strong> appeared · <strong>{findings.resolved.length}</strong> resolved · <strong>{findings.severityChanged.length}</strong> changed severity ·{" "}
        <strong>{findings.unchanged.length}</strong> unchanged
      </p>
      {moved.length > 0 ? (
        <ul className="divide-y divide-slate-100">
          {moved.map((f) => (
            <Item key={`${f.kind}:${f.id}:${f.host ?? ""}`} f={f} />
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">The same findings in both scans.</p>
      )}
      {findings.unchanged.length > 0 ? (
        <details className="rounded-md border border-slate-200 px-3">
          <summary className="cursor-pointer py-2 text-sm font-medium text-blue-700">Show unchanged findings ({findings.unchanged.length})</summary>
          <ul className="divide-y divide-slate-100 border-t border-slate-200">
            {findings.unchanged.map((f) => (
              <Item key={`u:${f.id}:${f.host ?? ""}`} f={f} />
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
