import { describe, expect, it } from "vitest";
import { isStale, staleness, staleThresholdMs, STALE_FLOOR_DAYS } from "../../../lib/report/staleness";

const DAY = 86_400_000;
const now = new Date("2026-11-28T12:00:00Z");
const ago = (days: number) => new Date(now.getTime() - days * DAY);
const HOURLY = 3_600;
const DAILY = 86_400;
const WEEKLY = 604_800;

describe("staleThresholdMs", () => {
  it("is the 7-day floor for short intervals and with the schedule off", () => {
    expect(STALE_FLOOR_DAYS).toBe(7);
    expect(staleThresholdMs(HOURLY)).toBe(7 * DAY);
    expect(staleThresholdMs(DAILY)).toBe(7 * DAY);
    expect(staleThresholdMs(0)).toBe(7 * DAY);
  });
  it("is two intervals when that is longer than the floor", () => {
    expect(staleThresholdMs(WEEKLY)).toBe(14 * DAY);
    expect(staleThresholdMs(30 * DAILY)).toBe(60 * DAY);
  });
  it("takes another floor", () => {
    expect(staleThresholdMs(DAILY, 3)).toBe(3 * DAY);
    expect(staleThresholdMs(0, 1)).toBe(DAY);
  });
});

describe("staleness", () => {
  const base = { intervalSeconds: DAILY, lastAttemptFailed: false, now };

  it("never calls a domain without a successful scan stale, even after a failure", () => {
    expect(staleness({ ...base, lastScanAt: null })).toEqual({ stale: false });
    expect(staleness({ ...base, lastScanAt: null, lastAttemptFailed: true })).toEqual({ stale: false });
  });

  it("does not flag a weekly schedule waiting for its next slot (the issue-12 case)", () => {
    // 7.5 days old: past the old fixed 7-day threshold, but within two weekly intervals.
    expect(isStale({ ...base, intervalSeconds: WEEKLY, lastScanAt: ago(7.5) })).toBe(false);
    expect(isStale({ ...base, intervalSeconds: WEEKLY, lastScanAt: ago(13.9) })).toBe(false);
    expect(staleness({ ...base, intervalSeconds: WEEKLY, lastScanAt: ago(14.1) })).toEqual({ stale: true, reason: "old", thresholdDays: 14 });
  });

  it("uses the 7-day floor for daily and hourly schedules", () => {
    expect(isStale({ ...base, lastScanAt: ago(6.9) })).toBe(false);
    expect(staleness({ ...base, lastScanAt: ago(7.1) })).toEqual({ stale: true, reason: "old", thresholdDays: 7 });
    expect(isStale({ ...base, intervalSeconds: HOURLY, lastScanAt: ago(3) })).toBe(false);
    expect(isStale({ ...base, intervalSeconds: HOURLY, lastScanAt: ago(8) })).toBe(true);
  });

  it("is strictly older than the threshold, as the SQL", () => {
    expect(isStale({ ...base, lastScanAt: ago(7) })).toBe(false);
    expect(isStale({ ...base, lastScanAt: new Date(ago(7).getTime() - 1) })).toBe(true);
  });

  it("with the schedule off: older than 7 days, and a failed attempt alone does not count", () => {
    const off = { ...base, intervalSeconds: 0 };
    expect(isStale({ ...off, lastScanAt: ago(6) })).toBe(false);
    expect(isStale({ ...off, lastScanAt: ago(6), lastAttemptFailed: true })).toBe(false);
    expect(staleness({ ...off, lastScanAt: ago(8) })).toEqual({ stale: true, reason: "old", thresholdDays: 7 });
  });

  it("with a schedule on, a failed last attempt makes even a fresh result stale", () => {
    expect(staleness({ ...base, lastScanAt: ago(0.5), lastAttemptFailed: true })).toEqual({ stale: true, reason: "failed" });
    expect(staleness({ ...base, intervalSeconds: WEEKLY, lastScanAt: ago(20), lastAttemptFailed: true })).toEqual({ stale: true, reason: "failed" });
  });

  it("accepts ISO strings (rows serialized to the browser)", () => {
    expect(isStale({ ...base, lastScanAt: ago(8).toISOString(), now: now.toISOString() })).toBe(true);
  });

  it("honours another floor", () => {
    expect(isStale({ ...base, lastScanAt: ago(2.5), floorDays: 1 })).toBe(true); // max(1 d, 2 × daily)
    expect(isStale({ ...base, lastScanAt: ago(1.5), floorDays: 1 })).toBe(false);
    expect(isStale({ ...base, intervalSeconds: WEEKLY, lastScanAt: ago(2), floorDays: 1 })).toBe(false);
  });
});
