/**
 * The daily-schedule mode of the seeder (`npm run seed -- --daily`): every domain is scanned once a
 * day by the scheduler over the last `days` days, at its own time of day. Posture changes rarely,
 * as it does in a real portfolio: some domains never change, most change on about 2 % of days,
 * a few change often. A regression is usually repaired some days later, and a provider's second
 * MX is sometimes unreachable for one scan. So most scans repeat the previous report, which is
 * what report-store.ts stores as a reference. Pure and deterministic for a seed.
 */
import type { PlannedScan, Planner } from "./plan";
import { improve, initialPosture, regress, type Posture } from "./posture";
import { createRandom, subSeed } from "./random";

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Chance per day that a domain's posture changes, by the kind of domain. */
export const DAILY_CHANGE = { stable: 0, normal: 0.02, volatile: 0.25 } as const;
const KIND_WEIGHTS = { stable: 35, normal: 60, volatile: 5 } as const;
/** A provider's second MX does not answer for one scan (a report of its own, then back). */
const TRANSIENT_UNREACHABLE = 0.003;
/** A scheduled scan that failed (no report); never a domain's last scan. */
const FAILED = 0.002;
const FAILURES = ["scan timed out after 120 s", "DNS resolver did not answer (timeout)"];

/** `--days` when not given: as many days as make domains × days ≈ scans. */
export function defaultDays(domains: number, scans: number): number {
  return Math.max(1, Math.round(scans / domains));
}

export function createDailyPlanner(options: { domains: number; days: number; seed: number; now: Date }): Planner {
  const now = options.now.getTime();
  const days = options.days;
  // The scheduler runs each domain at its own time of day; the last run ends before `now`.
  const windowStart = now - days * DAY_MS;
  const slotOf = (i: number) => Math.floor(createRandom(subSeed(options.seed, i + 3_000_017)).next() * (DAY_MS - 15 * MINUTE_MS));
  const created = Array.from({ length: options.domains }, (_, i) => windowStart + slotOf(i) - createRandom(subSeed(options.seed, i + 4_000_037)).int(5, 600) * MINUTE_MS);

  function plan(i: number): PlannedScan[] {
    const r = createRandom(subSeed(options.seed, i + 2_000_003));
    const slot = slotOf(i);
    const change = DAILY_CHANGE[r.weighted(KIND_WEIGHTS)];
    let posture: Posture = initialPosture(r);
    let repairOn = -1;
    const scans: PlannedScan[] = [];
    for (let day = 0; day < days; day++) {
      if (day === repairOn) posture = improve(posture, r);
      else if (day > 0 && r.chance(change)) {
        // Mostly improvements; a regression is usually fixed within three weeks.
        if (r.chance(0.75)) posture = improve(posture, r);
        else {
          posture = regress(posture, r);
          if (r.chance(0.7)) repairOn = day + r.int(1, 21);
        }
      }
      const requestedAt = windowStart + day * DAY_MS + slot + r.int(0, 120_000);
      const startedAt = requestedAt + r.int(40, 4_000);
      const failed = day < days - 1 && r.chance(FAILED) ? r.pick(FAILURES) : null;
      const unreachable = posture.mx === "provider" && r.chance(TRANSIENT_UNREACHABLE);
      const durationMs = failed ? null : unreachable ? r.int(10_050, 12_500) : Math.round(600 + 2_500 * r.next() ** 2 + (r.chance(0.05) ? r.int(2_000, 9_000) : 0));
      const finishedAt = failed ? startedAt + r.int(60_000, 130_000) : startedAt + durationMs!;
      scans.push({ requestedAt, startedAt, durationMs, finishedAt, failed, posture: unreachable ? { ...posture, unreachable: true } : posture });
    }
    return scans;
  }

  return { createdAt: (i) => created[i]!, plan, counts: Array.from({ length: options.domains }, () => days) };
}
