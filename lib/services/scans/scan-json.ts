/** The scan fields every view serves, as JSON-safe values (dates as ISO strings: they cross the network). */

type ScanOutcomeRow = {
  id: string;
  status: "queued" | "running" | "done" | "failed";
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  grade: string | null;
  score: number | null;
  /** Absent on rows read without it (views that never show a grade). */
  notGraded?: string | null;
  error: string | null;
};

export type ScanOutcomeJson = {
  id: string;
  status: ScanOutcomeRow["status"];
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  /** null when the scan has no grade (`notGraded` says why). */
  grade: string | null;
  score: number | null;
  /** Why a finished scan has no grade (report `notGraded`: NXDOMAIN, or no lookup succeeded); null otherwise. */
  notGraded: string | null;
  error: string | null;
};

/** The columns scanOutcomeJson reads, for every select that feeds it. */
export const SCAN_OUTCOME_SELECT = {
  id: true,
  status: true,
  requestedAt: true,
  startedAt: true,
  finishedAt: true,
  durationMs: true,
  grade: true,
  score: true,
  notGraded: true,
  error: true,
} as const;

export const isoOrNull = (d: Date | null | undefined): string | null => d?.toISOString() ?? null;

export function scanOutcomeJson(s: ScanOutcomeRow): ScanOutcomeJson {
  return {
    id: s.id,
    status: s.status,
    requestedAt: s.requestedAt.toISOString(),
    startedAt: isoOrNull(s.startedAt),
    finishedAt: isoOrNull(s.finishedAt),
    durationMs: s.durationMs,
    // A scan that could not be graded shows no grade anywhere (the stored letter is the report contract's placeholder).
    grade: s.notGraded ? null : s.grade,
    score: s.notGraded ? null : s.score,
    notGraded: s.notGraded ?? null,
    error: s.error,
  };
}
