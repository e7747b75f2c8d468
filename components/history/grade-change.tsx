import { ArrowDown, ArrowUp, Equal } from "lucide-react";
import { signed } from "./format";

/** "▲ up from C (+16)" — the direction in words and an arrow, the score delta in points. */
export function GradeChange({ before, after, direction, scoreDelta }: { before: string; after: string; direction: "up" | "down" | "same"; scoreDelta: number }) {
  if (direction === "same") {
    return (
      <span className="inline-flex items-center gap-1 text-sm text-slate-600">
        <Equal aria-hidden className="h-3.5 w-3.5" />
        same grade{scoreDelta !== 0 ? ` (${signed(scoreDelta)})` : ""}
      </span>
    );
  }
  const up = direction === "up";
  const Icon = up ? ArrowUp : ArrowDown;
  return (
    <span className={`inline-flex items-center gap-1 text-sm font-medium ${up ? "text-emerald-800" : "text-red-800"}`}>
      <Icon aria-hidden className="h-3.5 w-3.5" />
      {up ? "up" : "down"} from {before} <span className="font-normal text-slate-600">({signed(scoreDelta)})</span>
      <span className="sr-only">, now {after}</span>
    </span>
  );
}
