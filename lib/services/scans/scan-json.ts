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
  error: string | null;
};

export type ScanOutcomeJson = {
  id: string;
  status: ScanOutcomeRow["status"];
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  grade: string | null;
  score: number | null;
  error: string | null;
};

export const isoOrNull = (d: Date | null | undefined): string | null => d?.toISOString() ?? null;

export function scanOutcomeJson(s: ScanOutcomeRow): ScanOutcomeJson {
  return {
    id: s.id,
    status: s.status,
    requestedAt: s.requestedAt.toISOString(),
    startedAt: isoOrNull(s.startedAt),
    finishedAt: isoOrNull(s.finishedAt),
    durationMs: s.durationMs,
    grade: s.grade,
    score: s.score,
    error: s.error,
  };
}
