import { CircleCheck, CircleDashed, CircleHelp, CircleX, Minus, TriangleAlert } from "lucide-react";
import type { CheckStatus } from "@/lib/scan/types";

/** docs/ui.md §3: each check status has its own icon and word; colour only tracks urgency. */
export const STATUS_META: Record<CheckStatus, { word: string; Icon: typeof CircleCheck; tone: string }> = {
  pass: { word: "Pass", Icon: CircleCheck, tone: "text-emerald-800" },
  warn: { word: "Warning", Icon: TriangleAlert, tone: "text-amber-800" },
  fail: { word: "Fail", Icon: CircleX, tone: "text-red-800" },
  missing: { word: "Missing", Icon: CircleDashed, tone: "text-amber-800" },
  error: { word: "Inconclusive", Icon: CircleHelp, tone: "text-slate-600" },
  "n/a": { word: "Not applicable", Icon: Minus, tone: "text-slate-500" },
};

function metaOf(status: CheckStatus) {
  return STATUS_META[status] ?? STATUS_META.error;
}

/** Just the icon (decorative: pair it with the word). `tone` overrides the colour (e.g. a missing area's urgency). */
export function StatusIcon({ status, className = "h-4 w-4", tone }: { status: CheckStatus; className?: string; tone?: string }) {
  const s = metaOf(status);
  return <s.Icon aria-hidden className={`shrink-0 ${tone ?? s.tone} print:text-black ${className}`} />;
}

/** A check status as icon + word: never colour alone. */
export function StatusLabel({ status, tone }: { status: CheckStatus; tone?: string }) {
  const s = metaOf(status);
  return (
    <span className={`inline-flex items-center gap-1 text-sm font-medium ${tone ?? s.tone} print:text-black`}>
      <s.Icon aria-hidden className="h-4 w-4 shrink-0" />
      {s.word}
    </span>
  );
}
