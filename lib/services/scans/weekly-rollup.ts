/**
 * Keeps the weekly trend tables current in the transaction that stores a scan: DomainWeek holds a
 * domain's last state in each ISO week, WorkspaceWeek the workspace totals, adjusted by the
 * difference between the domain's old and new state for that week.
 */
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ReportSummary } from "@/lib/report/summary";

export type WeekState = {
  grade: string;
  exposure: string | null;
  mtaStsEnforce: boolean;
  daneValid: boolean;
  dmarcEnforce: boolean;
  criticalCount: number;
  /** Set when the week's scan has no grade (report `notGraded`). */
  notGraded?: string | null;
};

const GRADE_COLUMN: Record<string, string> = { "A+": "gradeAPlus", A: "gradeA", B: "gradeB", C: "gradeC", D: "gradeD", F: "gradeF" };
const EXPOSURE_COLUMN: Record<string, string> = { exposed: "exposed", partial: "partial", protected: "protected", "no-inbound-mail": "noInboundMail" };
export const COUNTER_COLUMNS = ["domains", ...Object.values(GRADE_COLUMN), ...Object.values(EXPOSURE_COLUMN), "mtaStsEnforce", "daneValid", "dmarcEnforce", "withCritical"] as const;

/** Monday 00:00 UTC of the ISO week that contains `d`. */
export function weekStartOf(d: Date): Date {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  day.setUTCDate(day.getUTCDate() - sinceMonday);
  return day;
}

export function weekStateOf(grade: string, summary: ReportSummary): WeekState {
  return {
    grade,
    exposure: summary.exposure,
    mtaStsEnforce: summary.mtaStsMode === "enforce",
    daneValid: summary.daneState === "pass",
    dmarcEnforce: summary.dmarcPolicy === "quarantine" || summary.dmarcPolicy === "reject",
    criticalCount: summary.criticalCount,
    notGraded: summary.notGraded,
  };
}

/** Which counters one domain in this state adds to its week. */
export function countersOf(s: WeekState): Record<string, number> {
  // A scan that could not be graded says nothing about posture: the trend leaves the domain out
  // that week rather than count a grade or an exposure nobody observed (docs/report-format.md `notGraded`).
  if (s.notGraded) return {};
  const c: Record<string, number> = { domains: 1 };
  const g = GRADE_COLUMN[s.grade];
  if (g) c[g] = 1;
  const e = s.exposure ? EXPOSURE_COLUMN[s.exposure] : undefined;
  if (e) c[e] = 1;
  if (s.mtaStsEnforce) c.mtaStsEnforce = 1;
  if (s.daneValid) c.daneValid = 1;
  if (s.dmarcEnforce) c.dmarcEnforce = 1;
  if (s.criticalCount > 0) c.withCritical = 1;
  return c;
}

export async function recordWeek(
  tx: Prisma.TransactionClient,
  row: { domainId: string; workspaceId: string; scanId: string; finishedAt: Date; state: WeekState },
): Promise<void> {
  const weekStart = weekStartOf(row.finishedAt);
  const previous = await tx.$queryRaw<(WeekState & { finishedAt: Date })[]>`
    SELECT grade, exposure, "mtaStsEnforce", "daneValid", "dmarcEnforce", "criticalCount", "notGraded", "finishedAt"
      FROM "DomainWeek" WHERE "domainId" = ${row.domainId}::uuid AND "weekStart" = ${weekStart}::date FOR UPDATE`;
  const old = previous[0];
  // An older scan finishing late must not overwrite the week's newer state.
  if (old && old.finishedAt > row.finishedAt) return;
  const data = { workspaceId: row.workspaceId, scanId: row.scanId, finishedAt: row.finishedAt, ...row.state };
  await tx.domainWeek.upsert({
    where: { domainId_weekStart: { domainId: row.domainId, weekStart } },
    create: { domainId: row.domainId, weekStart, ...data },
    update: data,
  });
  const delta: Record<string, number> = {};
  for (const [k, v] of Object.entries(countersOf(row.state))) delta[k] = (delta[k] ?? 0) + v;
  if (old) for (const [k, v] of Object.entries(countersOf(old))) delta[k] = (delta[k] ?? 0) - v;
  const changes = Object.fromEntries(Object.entries(delta).filter(([, v]) => v !== 0).map(([k, v]) => [k, { increment: v }]));
  await tx.workspaceWeek.upsert({
    where: { workspaceId_weekStart: { workspaceId: row.workspaceId, weekStart } },
    create: { workspaceId: row.workspaceId, weekStart, ...Object.fromEntries(Object.entries(delta).map(([k, v]) => [k, Math.max(0, v)])) },
    update: changes,
  });
}
