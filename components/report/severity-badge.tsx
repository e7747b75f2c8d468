import { ArrowUpCircle, CircleAlert, CircleDot, Info, OctagonAlert } from "lucide-react";
import type { Severity } from "@/lib/scan/types";

/** docs/ui.md §3: urgency by colour and border style, and always the word; print keeps the border style. */
const STYLE: Record<Severity, { cls: string; Icon: typeof Info }> = {
  critical: { cls: "bg-red-800 text-white border-red-800 print:bg-black print:border-black print:text-white", Icon: OctagonAlert },
  high: { cls: "bg-red-50 text-red-800 border-red-700 border-2 print:border-black print:bg-white print:text-black", Icon: ArrowUpCircle },
  medium: { cls: "bg-amber-50 text-amber-900 border-amber-600 print:border-black print:bg-white print:text-black", Icon: CircleAlert },
  low: { cls: "bg-slate-50 text-slate-700 border-slate-400 border-dashed print:border-black print:bg-white print:text-black", Icon: CircleDot },
  info: { cls: "bg-slate-50 text-slate-600 border-transparent print:bg-white print:text-black", Icon: Info },
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  const s = STYLE[severity] ?? STYLE.info;
  return (
    <span className={`inline-flex shrink-0 items-center gap-1 rounded border px-1.5 py-0.5 text-xs font-semibold uppercase tracking-wide [print-color-adjust:exact] forced-colors:border-[CanvasText] ${s.cls}`}>
      <s.Icon aria-hidden className="h-3.5 w-3.5" />
      {severity}
    </span>
  );
}
