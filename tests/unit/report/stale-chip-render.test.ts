/** The stale chip says why a result is stale, and the next scheduled scan reads as time left (docs/ui.md §2, §5.1). */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LastScanCell, StaleChip } from "@/components/domains/posture";
import { formatUntil, NextScanTime } from "@/components/events/schedule-form";

describe("StaleChip", () => {
  it("names the threshold that applied to this row", () => {
    const html = renderToStaticMarkup(createElement(StaleChip, { days: 7, staleness: { stale: true, reason: "old", thresholdDays: 14 } }));
    expect(html).toContain("Stale");
    expect(html).toContain("older than 14 days");
    expect(html).not.toContain("older than 7 days");
  });
  it("says a failed last scan is why", () => {
    const html = renderToStaticMarkup(createElement(StaleChip, { days: 7, staleness: { stale: true, reason: "failed" } }));
    expect(html).toContain("the last scan failed");
  });
  it("falls back to the floor without a reason", () => {
    expect(renderToStaticMarkup(createElement(StaleChip, { days: 1 }))).toContain("older than 1 day<");
  });
  it("is shown by the last-scan cell only when the row is stale", () => {
    const base = { lastScanAt: "2026-11-20T12:00:00Z", staleDays: 7, active: null, now: "2026-11-28T12:00:00Z" } as const;
    expect(renderToStaticMarkup(createElement(LastScanCell, { ...base, stale: false }))).not.toContain("Stale");
    expect(renderToStaticMarkup(createElement(LastScanCell, { ...base, stale: true, staleness: { stale: true, reason: "old", thresholdDays: 7 } }))).toContain("Stale");
  });
});

describe("next scheduled scan", () => {
  it("reads as time left, never as an age", () => {
    expect(formatUntil(19 * 3_600_000)).toBe("in 19 h");
    expect(formatUntil(4 * 86_400_000)).toBe("in 4 d");
    expect(formatUntil(10 * 60_000)).toBe("in 10 min");
    expect(formatUntil(10_000)).toBe("due now");
    expect(formatUntil(-3_600_000)).toBe("due now");
  });
  it("shows the absolute UTC time first", () => {
    const html = renderToStaticMarkup(createElement(NextScanTime, { at: "2026-11-29T08:00:00Z", now: new Date("2026-11-28T12:00:00Z") }));
    expect(html).toContain('dateTime="2026-11-29T08:00:00.000Z"');
    expect(html).toContain("UTC");
    expect(html).toContain("in 20 h");
    expect(html).not.toContain("ago");
  });
});
