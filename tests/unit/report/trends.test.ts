import { describe, expect, it } from "vitest";
import { buildTrends, explicitTrendPeriod, formatCount, formatPercent, mondayOf, parseTrendPeriod, periodCovering, periodStart, trendCsv, trendTable, type WeekCounters } from "../../../lib/report/trends";
import { weekStartOf } from "../../../lib/services/scans/weekly-rollup";

const NOW = new Date("2026-11-26T15:00:00Z"); // a Thursday; its week starts Monday 23 Nov 2026

function week(weekStart: string, c: Partial<WeekCounters> = {}): WeekCounters {
  return {
    weekStart: new Date(`${weekStart}T00:00:00Z`),
    domains: 0, gradeAPlus: 0, gradeA: 0, gradeB: 0, gradeC: 0, gradeD: 0, gradeF: 0,
    exposed: 0, partial: 0, protected: 0, noInboundMail: 0, mtaStsEnforce: 0, daneValid: 0, dmarcEnforce: 0, withCritical: 0,
    ...c,
  };
}

describe("weeks", () => {
  it.each(["2026-11-23T00:00:00Z", "2026-11-26T15:00:00Z", "2026-11-29T23:59:59Z", "2027-01-01T00:00:00Z", "2024-02-29T12:00:00Z"])(
    "mondayOf(%s) matches the roll-up's week key",
    (iso) => expect(mondayOf(new Date(iso)).toISOString()).toBe(weekStartOf(new Date(iso)).toISOString()),
  );

  it("a period ends with the current week", () => {
    expect(periodStart(12, NOW).toISOString().slice(0, 10)).toBe("2026-09-07");
    expect(periodStart(52, NOW).toISOString().slice(0, 10)).toBe("2025-12-01");
  });

  it.each([
    ["12", 12], ["26", 26], ["52", 52], [undefined, 52], ["13", 52], ["abc", 52], [["26", "12"], 26], ["1e3", 52],
  ] as const)("parseTrendPeriod(%j) = %d", (input, want) => expect(parseTrendPeriod(input)).toBe(want));
});

describe("formatting", () => {
  it.each([[0, "0"], [248, "248"], [1000, "1\u202f000"], [10000, "10\u202f000"], [1234567, "1\u202f234\u202f567"]])("formatCount(%d)", (n, want) => expect(formatCount(n)).toBe(want));
  it.each([[24.8, "24.8 %"], [25, "25 %"], [0, "0 %"], [100, "100 %"], [33.333, "33.3 %"]])("formatPercent(%d)", (n, want) => expect(formatPercent(n)).toBe(want));
});

describe("buildTrends", () => {
  it("returns one point per week of the period, oldest first, gaps where no row exists", () => {
    const view = buildTrends([week("2026-09-14", { domains: 10, gradeB: 10 }), week("2026-11-23", { domains: 12, gradeA: 12 })], { weeks: 12, now: NOW });
    expect(view.points).toHaveLength(12);
    expect(view.points[0]!.weekStart).toBe("2026-09-07");
    expect(view.points[11]!.weekStart).toBe("2026-11-23");
    expect(view.points[11]!.partial).toBe(true);
    expect(view.points.filter((p) => !p.gap).map((p) => p.weekStart)).toEqual(["2026-09-14", "2026-11-23"]);
    expect(view.pointsWithData).toBe(2);
    expect(view.gaps).toBe(10);
    // A gap has no numbers at all: the chart draws a hole, not a zero.
    expect(view.points[0]).toMatchObject({ gap: true, domains: null, exposed: null, exposedShare: null, gradeShares: null });
    expect(view.nextWeekStart).toBe("2026-11-30");
  });

  it("treats a row whose domains moved back to 0 as a gap", () => {
    const view = buildTrends([week("2026-11-23", { domains: 0 })], { weeks: 12, now: NOW });
    expect(view.pointsWithData).toBe(0);
    expect(view.headline).toBeNull();
  });

  it("ignores rows outside the period", () => {
    const view = buildTrends([week("2025-01-06", { domains: 5 }), week("2026-11-23", { domains: 5, exposed: 1 })], { weeks: 12, now: NOW });
    expect(view.pointsWithData).toBe(1);
  });

  it("excludes null-MX domains from the exposure and MTA-STS/DANE denominators, not from DMARC's", () => {
    const view = buildTrends(
      [week("2026-11-23", { domains: 10, noInboundMail: 2, exposed: 2, partial: 3, protected: 2, mtaStsEnforce: 4, daneValid: 2, dmarcEnforce: 5, gradeA: 5, gradeC: 5 })],
      { weeks: 12, now: NOW },
    );
    const p = view.points[11]!;
    expect(p.acceptsMail).toBe(8);
    expect(p.inconclusive).toBe(1); // 8 − 2 − 3 − 2
    expect(p.exposedShare).toBe(25);
    expect(p.mtaStsEnforceShare).toBe(50);
    expect(p.daneValidShare).toBe(25);
    expect(p.dmarcEnforceShare).toBe(50);
    expect(p.gradeShares).toEqual({ "A+": 0, A: 50, B: 0, C: 50, D: 0, F: 0 });
    expect(view.cards.exposure.denominator).toMatch(/null MX/);
  });

  it.each([
    {
      name: "exposed fell",
      first: { exposed: 312, domains: 1000 },
      last: { exposed: 248, domains: 1000 },
      exposure: "Exposed domains fell from 312 to 248 (\u221264) in 11 weeks. Share: 31.2 % → 24.8 %.",
      headline: "248 of 1\u202f000 domains that accept mail are exposed to STARTTLS stripping (24.8 %) — 64 fewer than in the week of 7 Sep 2026.",
    },
    {
      name: "exposed rose",
      first: { exposed: 10, domains: 100 },
      last: { exposed: 12, domains: 100 },
      exposure: "Exposed domains rose from 10 to 12 (+2) in 11 weeks. Share: 10 % → 12 %.",
      headline: "12 of 100 domains that accept mail are exposed to STARTTLS stripping (12 %) — 2 more than in the week of 7 Sep 2026.",
    },
    {
      name: "exposed held",
      first: { exposed: 5, domains: 50 },
      last: { exposed: 5, domains: 50 },
      exposure: "Exposed domains held at 5 over 11 weeks. Share: 10 % → 10 %.",
      headline: "5 of 50 domains that accept mail are exposed to STARTTLS stripping (10 %) — the same number as in the week of 7 Sep 2026.",
    },
  ])("takeaway and headline when $name", ({ first, last, exposure, headline }) => {
    const view = buildTrends([week("2026-09-07", first), week("2026-11-23", last)], { weeks: 12, now: NOW });
    expect(view.cards.exposure.takeaway).toBe(exposure);
    expect(view.headline).toBe(headline);
  });

  it("leads with the share when far fewer or more domains were scanned than in the first week", () => {
    const view = buildTrends([week("2026-09-07", { domains: 10, exposed: 6 }), week("2026-11-23", { domains: 53, exposed: 10 })], { weeks: 12, now: NOW });
    expect(view.cards.exposure.takeaway).toBe(
      "The exposed share fell from 60 % to 18.9 % (\u221241.1 pts) in 11 weeks. The base changed: 6 of 10 domains that accept mail then, 10 of 53 now.",
    );
    expect(view.headline).toBe("10 of 53 domains that accept mail are exposed to STARTTLS stripping (18.9 %) — down from 60 % in the week of 7 Sep 2026.");
  });

  it("a first week of only null-MX domains has no share to compare", () => {
    const view = buildTrends([week("2026-09-07", { domains: 2, noInboundMail: 2 }), week("2026-11-23", { domains: 4, exposed: 1 })], { weeks: 12, now: NOW });
    expect(view.cards.exposure.takeaway).toBe("1 of 4 domains that accept mail are exposed (25 %); none of the domains scanned in the week of 7 Sep 2026 accepted mail.");
    expect(view.headline).toBe("1 of 4 domains that accept mail is exposed to STARTTLS stripping (25 %).");
  });

  it("describes grade and adoption changes from the first to the last week with data", () => {
    const view = buildTrends(
      [
        week("2026-09-07", { domains: 100, gradeAPlus: 10, gradeA: 10, gradeC: 80, mtaStsEnforce: 30, daneValid: 12, dmarcEnforce: 62 }),
        week("2026-11-23", { domains: 100, gradeAPlus: 20, gradeA: 15, gradeC: 65, mtaStsEnforce: 41, daneValid: 12, dmarcEnforce: 63 }),
      ],
      { weeks: 12, now: NOW },
    );
    expect(view.cards.grades.takeaway).toBe("The share graded A or A+ rose from 20 % to 35 % (+15 pts) in 11 weeks.");
    expect(view.cards.adoption.takeaway).toBe("Since the week of 7 Sep 2026: MTA-STS enforce 41 % (+11 pts), DANE valid 12 % (±0 pts), DMARC enforcing 63 % (+1 pt).");
  });

  it("with a single week of data it states that week instead of a change", () => {
    const view = buildTrends([week("2026-11-23", { domains: 4, exposed: 1, gradeA: 4 })], { weeks: 12, now: NOW });
    expect(view.cards.exposure.takeaway).toBe("1 of 4 domains that accept mail were exposed to STARTTLS stripping in the week of 23 Nov 2026.");
    expect(view.headline).toBe("1 of 4 domains that accept mail is exposed to STARTTLS stripping (25 %) in the week of 23 Nov 2026.");
  });

  it("with no data says so on every card", () => {
    const view = buildTrends([], { weeks: 26, now: NOW });
    expect(view.points).toHaveLength(26);
    expect(view.cards.grades.takeaway).toBe("No scans in this period yet.");
    expect(view.headline).toBeNull();
  });

  it("a workspace of only null-MX domains has no exposure share", () => {
    const view = buildTrends([week("2026-11-23", { domains: 3, noInboundMail: 3 })], { weeks: 12, now: NOW });
    expect(view.points[11]!.exposedShare).toBeNull();
    expect(view.cards.exposure.takeaway).toBe("None of the domains scanned in the week of 23 Nov 2026 accepts mail.");
    expect(view.headline).toBeNull();
  });

  it("labels carry the year on the first point and at a year change", () => {
    const view = buildTrends([], { weeks: 12, now: new Date("2027-01-20T00:00:00Z") });
    const labels = view.points.map((p) => p.label);
    expect(labels[0]).toMatch(/2026$/);
    expect(labels.find((l) => l.includes("2027"))).toBe("4 Jan 2027");
    expect(labels.filter((l) => /\d{4}$/.test(l))).toHaveLength(2);
  });
});

describe("tables and CSV", () => {
  const view = buildTrends([week("2026-11-16", { domains: 10, exposed: 3, partial: 2, protected: 5 })], { weeks: 12, now: NOW });

  it("has one row per week with empty cells for gaps and a note", () => {
    const t = trendTable(view, "exposure");
    expect(t.rows).toHaveLength(12);
    expect(t.rows[10]!.cells).toEqual(["2026-11-16", 10, 3, 30, 2, 5, 0, 0]);
    const csv = trendCsv(t).split("\r\n");
    expect(csv[0]).toBe("Week of,Accept mail,Exposed,Exposed (%),Partially protected,Protected,Inconclusive,No inbound mail (excluded),Note");
    expect(csv[1]).toBe("2026-09-07,,,,,,,,no scans this week");
    expect(csv[11]).toBe("2026-11-16,10,3,30,2,5,0,0,");
    expect(csv[12]).toBe("2026-11-23,,,,,,,,no scans this week");
  });

  it("quotes and neutralises cells a spreadsheet would run", () => {
    const csv = trendCsv({ columns: ["=SUM(A1)", "a,b"], rows: [{ weekStart: "x", gap: false, partial: true, cells: ["@cmd", "-1+2", 5] }] });
    expect(csv).toBe(`'=SUM(A1),"a,b",Note\r\n'@cmd,'-1+2,5,week in progress\r\n`);
  });
});

describe("the default period follows the data (issue 13 item 11)", () => {
  const NOW2 = new Date("2026-11-25T10:00:00Z");
  it.each([
    [null, 12],
    ["2026-11-23", 12],
    ["2026-09-07", 12],
    ["2026-09-06", 26],
    ["2026-06-08", 26],
    ["2026-06-01", 26],
    ["2026-05-31", 52],
    ["2024-01-01", 52],
  ] as const)("oldest week %s → %d weeks", (oldest, want) => {
    expect(periodCovering(oldest === null ? null : new Date(`${oldest}T12:00:00Z`), NOW2)).toBe(want);
  });

  it.each([[undefined, null], ["", null], ["13", null], ["26", 26], [["12"], 12]] as const)("explicitTrendPeriod(%j) = %s", (input, want) => {
    expect(explicitTrendPeriod(input)).toBe(want);
  });

  it("the headline's counts agree with their nouns for one domain", () => {
    const view = buildTrends([week("2026-11-23", { domains: 1, gradeC: 1, exposed: 1 })], { weeks: 12, now: NOW2 });
    expect(view.headline).toContain("1 of 1 domain that accepts mail is exposed");
    expect(view.cards.exposure.takeaway).toContain("of 1 domain that accepts mail");
  });
});
