/**
 * How each trend series looks: colour plus a dash pattern and a marker shape, so lines and bars are
 * told apart without colour (grey-scale print, colour-blind readers). Blue stays for links.
 */
export type SeriesStyle = { key: string; name: string; color: string; dash?: string; marker: "circle" | "square" | "triangle" | "diamond" };

export const EXPOSURE_SERIES: SeriesStyle[] = [
  { key: "exposed", name: "Exposed", color: "#b91c1c", marker: "circle" },
  { key: "inconclusive", name: "Inconclusive", color: "#64748b", dash: "6 4", marker: "square" },
];

export const ADOPTION_SERIES: SeriesStyle[] = [
  { key: "mtaStsEnforceShare", name: "MTA-STS enforce", color: "#0f766e", marker: "circle" },
  { key: "daneValidShare", name: "DANE valid", color: "#6d28d9", dash: "8 4", marker: "square" },
  { key: "dmarcEnforceShare", name: "DMARC enforcing", color: "#b45309", dash: "2 4", marker: "triangle" },
];

/** Grade fills, A+ on top of the stack and F at the bottom; patterns separate neighbours in grey. */
/** Textures that tell grades apart without colour (./grade-pattern.tsx); A+ alone is solid. */
export type GradePattern = "lines" | "dots" | "cross" | "hlines" | "grid";

export const GRADE_SERIES: { grade: string; color: string; pattern?: GradePattern; text: string }[] = [
  { grade: "A+", color: "#047857", text: "#ffffff" },
  { grade: "A", color: "#10b981", pattern: "lines", text: "#022c22" },
  { grade: "B", color: "#0d9488", pattern: "hlines", text: "#ffffff" },
  { grade: "C", color: "#f59e0b", pattern: "dots", text: "#451a03" },
  { grade: "D", color: "#ea580c", pattern: "cross", text: "#431407" },
  { grade: "F", color: "#b91c1c", pattern: "grid", text: "#ffffff" },
];
