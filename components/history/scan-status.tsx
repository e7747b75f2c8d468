import { CircleCheck, CircleX, Clock, Loader2 } from "lucide-react";

export type ScanStatusValue = "queued" | "running" | "done" | "failed";

const STATUS: Record<ScanStatusValue, { word: string; Icon: typeof CircleCheck; tone: string; spin?: boolean }> = {
  done: { word: "Completed", Icon: CircleCheck, tone: "text-emerald-800" },
  failed: { word: "Failed", Icon: CircleX, tone: "text-red-800" },
  queued: { word: "Queued", Icon: Clock, tone: "text-slate-700" },
  running: { word: "Running", Icon: Loader2, tone: "text-slate-700", spin: true },
};

/** A scan's state as icon + word (never colour alone). */
export function ScanStatus({ status }: { status: ScanStatusValue }) {
  const s = STATUS[status] ?? STATUS.failed;
  return (
    <span className={`inline-flex items-center gap-1 text-sm font-medium ${s.tone}`}>
      <s.Icon aria-hidden className={`h-4 w-4 ${s.spin ? "animate-spin motion-reduce:animate-none" : ""}`} />
      {s.word}
    </span>
  );
}
