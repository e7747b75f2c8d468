/**
 * Workspace trends for /trends. Reads at most 52 WorkspaceWeek rows (kept current by
 * lib/services/scans/weekly-rollup.ts when each scan is stored), so it costs the same for ten
 * domains or ten thousand.
 */
import { getDb, type Db } from "@/lib/db/client";
import { buildTrends, explicitTrendPeriod, mondayOf, periodCovering, periodStart, trendCsv, trendTable, TREND_CHARTS, type TrendChartKey, type TrendsView } from "@/lib/report/trends";
import { ValidationError } from "@/lib/services/errors";
import type { Scope } from "@/lib/services/access/scope";

export type TrendsInput = {
  /** 12, 26 or 52; anything else: the shortest of them that covers the data (periodCovering). */
  weeks?: unknown;
  /** The clock, for tests. */
  now?: Date;
};

export async function getTrends(scope: Scope, input: TrendsInput = {}, db: Db = getDb()): Promise<TrendsView> {
  const now = input.now ?? new Date();
  const workspaceId = scope.workspaceId;
  let weeks = explicitTrendPeriod(input.weeks);
  if (weeks === null) {
    // The oldest week with scans within the longest period decides; none there means 12.
    const oldest = await db.workspaceWeek.findFirst({
      where: { workspaceId, weekStart: { gte: periodStart(52, now), lte: mondayOf(now) } },
      orderBy: { weekStart: "asc" },
      select: { weekStart: true },
    });
    weeks = periodCovering(oldest?.weekStart ?? null, now);
  }
  const rows = await db.workspaceWeek.findMany({
    where: { workspaceId, weekStart: { gte: periodStart(weeks, now), lte: mondayOf(now) } },
    orderBy: { weekStart: "asc" },
    take: weeks,
  });
  return buildTrends(rows, { weeks, now });
}

/** One chart's data as a CSV download; the file name is built from fixed words only. */
export async function getTrendCsv(scope: Scope, input: TrendsInput & { chart?: unknown }, db: Db = getDb()): Promise<{ filename: string; body: string }> {
  const chart = Array.isArray(input.chart) ? input.chart[0] : input.chart;
  if (typeof chart !== "string" || !(TREND_CHARTS as readonly string[]).includes(chart)) {
    throw new ValidationError("Unknown chart", { chart: `One of ${TREND_CHARTS.join(", ")}` });
  }
  const view = await getTrends(scope, input, db);
  const now = input.now ?? new Date();
  return {
    filename: `mailposture-${chart}-${view.weeks}w-${now.toISOString().slice(0, 10)}.csv`,
    body: trendCsv(trendTable(view, chart as TrendChartKey)),
  };
}
