import type { Severity } from "@/lib/scan/types";

const STYLE: Record<Severity, string> = {
  critical: "bg-red-800 text-white border-red-800 print:bg-black",
  high: "bg-red-50 text-red-800 border-red-700 border-2",
  medium: "bg-amber-50 text-amber-900 border-amber-600",
  low: "bg-slate-50 text-slate-700 border-slate-400 border-dashed",
  info: "bg-slate-50 text-slate-600 border-transparent",
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`inline-block rounded border px-1.5 py-0.5 text-xs font-semibold uppercase tracking-wide ${STYLE[severity]}`}>{severity}</span>;
}
