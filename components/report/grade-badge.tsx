const TONE: Record<string, string> = {
  "A+": "bg-emerald-50 text-emerald-900 border-emerald-600",
  A: "bg-emerald-50 text-emerald-900 border-emerald-600",
  B: "bg-teal-50 text-teal-900 border-teal-600",
  C: "bg-amber-50 text-amber-900 border-amber-600",
  D: "bg-orange-50 text-orange-900 border-orange-600",
  F: "bg-red-50 text-red-900 border-red-600",
};

/**
 * The grade as a square badge; "—" for a domain never scanned, "?" for a scan that could not be
 * graded (`notGraded`, the reason in the label: its grade and score are never shown). Print: white,
 * black border, black letter.
 */
export function GradeBadge({ grade, score, notGraded, size = "sm" }: { grade: string | null; score?: number | null; notGraded?: string | null; size?: "sm" | "lg" }) {
  const dims = size === "lg" ? "h-16 w-16 text-3xl" : "h-7 w-7 text-sm";
  if (notGraded) {
    const label = `Not graded: ${notGraded}`;
    return (
      <span
        role="img"
        aria-label={label}
        title={label}
        className={`inline-flex shrink-0 items-center justify-center rounded-md border-2 border-dashed border-slate-400 bg-slate-50 font-bold text-slate-600 forced-colors:border-[CanvasText] print:border-black print:bg-white print:text-black ${dims}`}
      >
        ?
      </span>
    );
  }
  const tone = grade ? (TONE[grade] ?? TONE.F) : "bg-slate-100 text-slate-500 border-slate-300";
  const label = grade ? `Grade ${grade}${score != null ? `, score ${score} of 100` : ""}` : "Not graded yet";
  return (
    <span
      role="img"
      aria-label={label}
      title={label}
      className={`inline-flex shrink-0 items-center justify-center rounded-md border-2 font-bold forced-colors:border-[CanvasText] print:border-black print:bg-white print:text-black ${dims} ${tone}`}
    >
      {grade ?? "—"}
    </span>
  );
}
