/** /trends data: read from the WorkspaceWeek roll-up only, gaps kept, CSV per chart. */
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { getTrendCsv, getTrends } from "../../../lib/services/trends/get-trends";
import { systemScope } from "../../../lib/services/access/scope";
import { ValidationError } from "../../../lib/services/errors";
import { recordWeek } from "../../../lib/services/scans/weekly-rollup";
import { openTestDb } from "../../helpers/db";

const db = openTestDb();
afterAll(() => db.$disconnect());

const NOW = new Date("2026-11-26T15:00:00Z"); // week of Monday 23 Nov 2026
const DAY = 86_400_000;

async function workspace(): Promise<string> {
  const slug = `trends-${randomBytes(5).toString("hex")}`;
  return (await db.workspace.create({ data: { slug, name: slug } })).id;
}

describe("getTrends", () => {
  it("builds the period from the roll-up that scans keep current, with gaps for weeks without scans", async () => {
    const ws = await workspace();
    const domains = await Promise.all(
      Array.from({ length: 4 }, (_, i) => db.domain.create({ data: { workspaceId: ws, name: `t${i}-${randomBytes(3).toString("hex")}.example` } })),
    );
    // Week of 2 Nov: all four exposed; week of 23 Nov: two fixed, one accepts no mail. Nothing in between.
    for (const d of domains) {
      await db.$transaction((tx) =>
        recordWeek(tx, { domainId: d.id, workspaceId: ws, scanId: crypto.randomUUID(), finishedAt: new Date("2026-11-03T10:00:00Z"), state: { grade: "C", exposure: "exposed", mtaStsEnforce: false, daneValid: false, dmarcEnforce: false, criticalCount: 0 } }),
      );
    }
    const late = [
      { grade: "A", exposure: "protected", mtaStsEnforce: true, daneValid: true, dmarcEnforce: true },
      { grade: "B", exposure: "partial", mtaStsEnforce: false, daneValid: true, dmarcEnforce: true },
      { grade: "C", exposure: "exposed", mtaStsEnforce: false, daneValid: false, dmarcEnforce: false },
      { grade: "B", exposure: "no-inbound-mail", mtaStsEnforce: false, daneValid: false, dmarcEnforce: true },
    ];
    for (const [i, d] of domains.entries()) {
      await db.$transaction((tx) => recordWeek(tx, { domainId: d.id, workspaceId: ws, scanId: crypto.randomUUID(), finishedAt: new Date("2026-11-24T10:00:00Z"), state: { ...late[i]!, criticalCount: 0 } }));
    }

    const view = await getTrends(systemScope(ws), { weeks: "12", now: NOW }, db);
    expect(view.weeks).toBe(12);
    expect(view.points).toHaveLength(12);
    const withData = view.points.filter((p) => !p.gap);
    expect(withData.map((p) => p.weekStart)).toEqual(["2026-11-02", "2026-11-23"]);
    expect(view.points.find((p) => p.weekStart === "2026-11-09")).toMatchObject({ gap: true, exposed: null });
    expect(withData[1]).toMatchObject({ domains: 4, acceptsMail: 3, exposed: 1, exposedShare: 33.3, mtaStsEnforceShare: 33.3, daneValidShare: 66.7, dmarcEnforceShare: 75 });
    expect(view.cards.exposure.takeaway).toBe("The exposed share fell from 100 % to 33.3 % (\u221266.7 pts) in 3 weeks. The base changed: 4 of 4 domains that accept mail then, 1 of 3 now.");
  });

  it("reads at most one row per week however many domains there are", async () => {
    const ws = await workspace();
    const monday0 = Date.parse("2025-12-01T00:00:00Z");
    // 52 weeks of a 10 000-domain workspace, plus rows outside the period that must not be read.
    await db.workspaceWeek.createMany({
      data: [
        ...Array.from({ length: 52 }, (_, i) => ({
          workspaceId: ws,
          weekStart: new Date(monday0 + i * 7 * DAY),
          domains: 10_000, gradeA: 4_000, gradeB: 3_000, gradeC: 3_000, noInboundMail: 500,
          exposed: 3_000 - i * 20, partial: 2_000, protected: 4_000 + i * 20, mtaStsEnforce: 3_000 + i * 10, daneValid: 1_200, dmarcEnforce: 6_300,
        })),
        { workspaceId: ws, weekStart: new Date(monday0 - 7 * DAY), domains: 1 },
        { workspaceId: ws, weekStart: new Date(monday0 + 60 * 7 * DAY), domains: 1 },
      ],
    });
    const started = performance.now();
    const view = await getTrends(systemScope(ws), { weeks: 52, now: NOW }, db);
    const ms = performance.now() - started;
    expect(view.pointsWithData).toBe(52);
    expect(view.points[0]!.weekStart).toBe("2025-12-01");
    expect(view.points[51]).toMatchObject({ weekStart: "2026-11-23", acceptsMail: 9_500, exposed: 1_980, partial: true });
    expect(view.headline).toBe("1\u202f980 of 9\u202f500 domains that accept mail are exposed to STARTTLS stripping (20.8 %) — 1\u202f020 fewer than in the week of 1 Dec 2025.");
    expect(ms).toBeLessThan(500);
  });

  it("without a valid period the range follows the data: the shortest of 12, 26, 52 weeks that covers it", async () => {
    const ws = await workspace();
    // A new install: no week with scans, so 12 weeks rather than 51 empty bars.
    expect((await getTrends(systemScope(ws), { weeks: "7", now: NOW }, db)).weeks).toBe(12);
    expect((await getTrends(systemScope(ws), { now: NOW }, db)).points).toHaveLength(12);
    await db.workspaceWeek.create({ data: { workspaceId: ws, weekStart: new Date("2026-11-23T00:00:00Z"), domains: 1 } });
    expect((await getTrends(systemScope(ws), { now: NOW }, db)).weeks).toBe(12);
    // Twenty weeks back needs 26; an explicit period is kept whatever the data.
    await db.workspaceWeek.create({ data: { workspaceId: ws, weekStart: new Date("2026-07-06T00:00:00Z"), domains: 1 } });
    expect((await getTrends(systemScope(ws), { now: NOW }, db)).weeks).toBe(26);
    expect((await getTrends(systemScope(ws), { weeks: "12", now: NOW }, db)).weeks).toBe(12);
    await db.workspaceWeek.create({ data: { workspaceId: ws, weekStart: new Date("2026-01-05T00:00:00Z"), domains: 1 } });
    expect((await getTrends(systemScope(ws), { now: NOW }, db)).weeks).toBe(52);
  });
});

describe("getTrendCsv", () => {
  it("serves one chart's table with a file name made of fixed words", async () => {
    const ws = await workspace();
    const csv = await getTrendCsv(systemScope(ws), { chart: "adoption", weeks: "26", now: NOW }, db);
    expect(csv.filename).toBe("mailposture-adoption-26w-2026-11-26.csv");
    expect(csv.body.split("\r\n")[0]).toMatch(/^Week of,Accept mail,Domains scanned,MTA-STS enforce/);
    expect(csv.body.trim().split("\r\n")).toHaveLength(27);
  });

  it.each([undefined, "", "../etc/passwd", "grades;rm"])("rejects chart %j", async (chart) => {
    await expect(getTrendCsv(systemScope(await workspace()), { chart }, db)).rejects.toBeInstanceOf(ValidationError);
  });
});
