/**
 * When the portfolio calls a domain's latest result "stale" (docs/ui.md §5.1, issue 12). A fixed
 * 7-day threshold made a weekly schedule flag every domain "Stale" shortly before each rescan, so
 * the threshold follows the domain's schedule (docs/monitoring.md):
 *
 * - the latest finished scan is older than max(7 days, 2 × the effective rescan interval) — a
 *   schedule has then missed at least one slot, while a scan merely waiting for its next slot is
 *   never stale;
 * - with the schedule off (interval 0), older than 7 days;
 * - or, with a schedule on, the domain's latest attempt (its most recent scan that ended) failed:
 *   the shown result is no longer being refreshed, whatever its age.
 *
 * A domain never scanned successfully has nothing to be stale; its row says so instead.
 *
 * The same rule is written in SQL for the stale filter and the stat card
 * (`staleCondition` in lib/services/domains/portfolio-stats.ts); tests hold the two in agreement.
 */

/** The floor of the threshold, and the whole threshold when the schedule is off. */
export const STALE_FLOOR_DAYS = 7;

const DAY_MS = 86_400_000;

export type StalenessInput = {
  /** When the latest successful scan finished; null = never scanned successfully. */
  lastScanAt: Date | string | null;
  /** The domain's effective rescan interval in seconds (its own, else the workspace's); 0 = off. */
  intervalSeconds: number;
  /** The domain's most recent scan that ended (done or failed) failed. */
  lastAttemptFailed: boolean;
  now: Date | string;
  floorDays?: number;
};

export type Staleness = { stale: false } | { stale: true; reason: "old"; thresholdDays: number } | { stale: true; reason: "failed" };

/** How old the latest scan may be before it is stale, in milliseconds. */
export function staleThresholdMs(intervalSeconds: number, floorDays: number = STALE_FLOOR_DAYS): number {
  const floor = floorDays * DAY_MS;
  return intervalSeconds > 0 ? Math.max(floor, 2 * intervalSeconds * 1000) : floor;
}

export function staleness(input: StalenessInput): Staleness {
  if (input.lastScanAt === null) return { stale: false };
  const scheduled = input.intervalSeconds > 0;
  if (scheduled && input.lastAttemptFailed) return { stale: true, reason: "failed" };
  const threshold = staleThresholdMs(input.intervalSeconds, input.floorDays);
  const age = new Date(input.now).getTime() - new Date(input.lastScanAt).getTime();
  // Strictly older, as the SQL (`finishedAt < now - threshold`).
  if (age > threshold) return { stale: true, reason: "old", thresholdDays: threshold / DAY_MS };
  return { stale: false };
}

export function isStale(input: StalenessInput): boolean {
  return staleness(input).stale;
}
