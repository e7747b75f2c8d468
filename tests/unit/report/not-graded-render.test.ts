/** "Not graded" where a grade would be: the badge and the portfolio's headline figures (docs/report-format.md `notGraded`). */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { StatCards, type StatCardsData, type StatKey } from "@/components/domains/stat-cards";
import { GradeBadge } from "@/components/report/grade-badge";

describe("GradeBadge", () => {
  it("shows neither the stored grade nor the score of a scan without a grade, and gives the reason", () => {
    const html = renderToStaticMarkup(createElement(GradeBadge, { grade: "D", score: 53, notGraded: "the domain does not exist (NXDOMAIN)" }));
    expect(html).toContain('aria-label="Not graded: the domain does not exist (NXDOMAIN)"');
    expect(html).not.toContain(">D<");
    expect(html).not.toContain("53");
  });
  it("a graded scan keeps its grade", () => {
    expect(renderToStaticMarkup(createElement(GradeBadge, { grade: "D", score: 53 }))).toContain(">D<");
  });
});

describe("StatCards", () => {
  const hrefs = Object.fromEntries(["exposed", "mtaSts", "dane", "dmarc", "critical"].map((k) => [k, `/?${k}`])) as Record<StatKey, string>;
  const stats: StatCardsData = { domains: 4, scanned: 4, notGraded: 1, graded: 3, nullMx: 0, acceptingMail: 3, exposed: 1, mtaStsEnforce: 1, daneValid: 0, dmarcEnforcing: 2, withCritical: 0 };
  it("counts not-graded domains apart and uses the graded ones as denominators", () => {
    const html = renderToStaticMarkup(createElement(StatCards, { stats, hrefs, current: null }));
    expect(html).toContain("1 not graded");
    expect(html).toContain("2 of 3 graded domains (quarantine or reject)");
    expect(html).toContain("of 3 domains that accept mail");
  });
  it("says nothing about not-graded domains when there are none", () => {
    expect(renderToStaticMarkup(createElement(StatCards, { stats: { ...stats, notGraded: 0, scanned: 3, domains: 3 }, hrefs, current: null }))).not.toContain("not graded");
  });
});
