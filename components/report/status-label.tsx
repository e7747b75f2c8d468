import { CircleCheck, CircleDashed, CircleHelp, CircleX, Minus, TriangleAlert } from "lucide-react";
import type { CheckStatus } from "@/lib/scan/types";

const STATUS: Record<CheckStatus, { word: string; Icon: typeof CircleCheck; tone: string }> = {
  pass: { word: "Pass", Icon: CircleCheck, tone: "text-emerald-800" },
  warn: { word: "Warning", Icon: TriangleAlert, tone: "text-amber-800" },
  fail: { word: "Fail", Icon: CircleX, tone: "text-red-800" },
  missing: { word: "Missing", Icon: CircleDashed, tone: "text-amber-800" },
  error: { word: "Inconclusive", Icon: CircleHelp, tone: "text-slate-600" },
  "n/a": { word: "Not applicable", Icon: Minus, tone: "text-slate-500" },
};

/** A check status as icon + word: never colour alone. */
export function StatusLabel({ status }: { status: CheckStatus }) {
  const s = STATUS[status] ?? STATUS.error;
  return (
    <span className={`inline-flex items-center gap-1 text-sm font-medium ${s.tone}`}>
      <s.Icon aria-hidden className="h-4 w-4" />
      {s.word}
    </span>
  );
}
