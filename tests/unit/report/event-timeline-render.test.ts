/** The event timeline rendered to HTML: compare links, before → after, DNS text kept inert (docs/ui.md §7). */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { EventTimeline, type EventRow } from "@/components/events/event-timeline";
import { intervalLabel } from "@/components/events/schedule-form";

const row = (o: Partial<EventRow> = {}): EventRow => ({
  id: "e1",
  domain: "example.com",
  kind: "mx-change",
  severity: "medium",
  before: "mx1.example.com",
  after: "mx1.example.com mx2.example.com",
  summary: "MX set changed: added mx2.example.com.",
  at: "2026-12-07T10:00:00.000Z",
  scanId: "22222222-2222-2222-2222-222222222222",
  previousScanId: "11111111-1111-1111-1111-111111111111",
  ...o,
});

describe("EventTimeline", () => {
  it("links each event to the comparison of its two scans, and to the domain when asked", () => {
    const html = renderToStaticMarkup(createElement(EventTimeline, { events: [row()], now: new Date("2026-12-07T12:00:00Z"), showDomain: true }));
    expect(html).toContain('href="/domains/example.com/compare?a=11111111-1111-1111-1111-111111111111&amp;b=22222222-2222-2222-2222-222222222222"');
    expect(html).toContain('href="/domains/example.com/events"');
    expect(html).toContain("MX set changed");
    expect(html).toContain('dateTime="2026-12-07T10:00:00.000Z"');
    const noDomain = renderToStaticMarkup(createElement(EventTimeline, { events: [row()], now: new Date("2026-12-07T12:00:00Z"), showDomain: false }));
    expect(noDomain).not.toContain('href="/domains/example.com/events"');
  });

  it("renders markup and bidi controls from DNS as inert, visible text", () => {
    const html = renderToStaticMarkup(createElement(EventTimeline, { events: [row({ after: "<img src=x onerror=alert(1)>", summary: "mx\u202Eevil" })], now: new Date(), showDomain: false }));
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("⟨U+202E⟩");
  });
});

describe("intervalLabel", () => {
  it.each([
    [3600, "hourly"],
    [86400, "daily"],
    [604800, "weekly"],
    [0, "off"],
    [45, "every 45 s"],
  ])("%i s is %s", (s, label) => expect(intervalLabel(s)).toBe(label));
});
