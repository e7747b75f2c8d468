import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../../lib/db/client";
import { DEFAULT_PARAMS, parseDomainListParams, type DomainListParams } from "../../../lib/report/domain-list-params";
import { likeSubstring, listDomains, loadPortfolio } from "../../../lib/services/domains/list-domains";
import { getPortfolioStats } from "../../../lib/services/domains/portfolio-stats";
import { createIsolatedDatabase, openTestDb } from "../../helpers/db";
import { defaultScope } from "../../helpers/scope";
import type { Scope } from "../../../lib/services/access/scope";
import { daysAgo, seedDomain } from "./portfolio-seed";

const db = openTestDb();
const scope = await defaultScope(db);
const now = new Date("2026-11-28T12:00:00Z");
// Every name of this file contains the token, so a search for it sees only this file's rows.
const tok = `ld${randomBytes(4).toString("hex")}`;
const n = (label: string) => `${label}.${tok}.example`;

const view = (patch: Partial<DomainListParams> = {}): DomainListParams => ({ ...DEFAULT_PARAMS, q: tok, ...patch });
const names = async (patch: Partial<DomainListParams> = {}, pageSize?: number) =>
  (await listDomains(scope, view(patch), { now, ...(pageSize ? { pageSize } : {}) }, db)).rows.map((r) => r.name);

beforeAll(async () => {
  // alpha: long history, A+ now, fresh.
  await seedDomain(db, {
    name: n("alpha"),
    scans: Array.from({ length: 10 }, (_, i) => [i < 5 ? "C" : "A+", i < 5 ? 60 : 97, daysAgo(now, 10 - i)] as [string, number, Date]),
    latest: { exposure: "protected", mtaStsMode: "enforce", daneState: "pass", dmarcPolicy: "reject" },
  });
  // bravo: capped C with a high score; exposed, testing, no TLSA, quarantine; one high finding.
  await seedDomain(db, {
    name: n("bravo"),
    scans: [["C", 80, daysAgo(now, 1.5)]],
    latest: { exposure: "exposed", mtaStsMode: "testing", daneState: "missing", dmarcPolicy: "quarantine", highCount: 1, findingIds: ["mta-sts-testing", "starttls-stripping-exposure"] },
  });
  // charlie: B, stale (9 days), partial, no MTA-STS record, DMARC none.
  await seedDomain(db, {
    name: n("charlie"),
    scans: [["B", 75, daysAgo(now, 9)]],
    latest: { exposure: "partial", mtaStsMode: "none-published", daneState: "pass", dmarcPolicy: "none", findingIds: ["mta-sts-missing"] },
  });
  // delta: F with a critical, policy unavailable (mode unknown), DMARC invalid (policy unknown); rescanning now.
  await seedDomain(db, {
    name: n("delta"),
    scans: [["F", 20, daysAgo(now, 2)]],
    latest: { exposure: "exposed", mtaStsMode: null, daneState: "fail", dmarcPolicy: null, criticalCount: 2, highCount: 1, findingIds: ["dane-tlsa-mismatch"] },
    active: "running",
  });
  // echo: null MX.
  await seedDomain(db, {
    name: n("echo"),
    scans: [["A", 90, daysAgo(now, 3)]],
    latest: { exposure: "no-inbound-mail", mtaStsMode: null, daneState: "n/a", dmarcPolicy: "reject" },
  });
  // foxtrot: never scanned, queued.
  await seedDomain(db, { name: n("foxtrot"), active: "queued" });
});

afterAll(() => db.$disconnect());

describe("listDomains", () => {
  it("lists matching domains by name with their summary, trend and active scan", async () => {
    const page = await listDomains(scope, view(), { now }, db);
    expect(page.total).toBe(6);
    expect(page.page).toBe(1);
    expect(page.pageCount).toBe(1);
    expect(page.rows.map((r) => r.name)).toEqual(["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"].map(n));
    const [alpha, , charlie, delta, , foxtrot] = page.rows;
    expect(alpha).toMatchObject({ grade: "A+", score: 97, exposure: "protected", mtaStsMode: "enforce", daneState: "pass", dmarcPolicy: "reject", stale: false, activeScan: null });
    // The last eight of ten finished scans, oldest first.
    expect(alpha!.trend.map((t) => t.grade)).toEqual(["C", "C", "C", "A+", "A+", "A+", "A+", "A+"]);
    expect(alpha!.trend[7]!.finishedAt.toISOString()).toBe(daysAgo(now, 1).toISOString());
    expect(charlie!.stale).toBe(true);
    expect(delta!.activeScan?.status).toBe("running");
    expect(foxtrot).toMatchObject({ grade: null, score: null, lastScanAt: null, stale: false, criticalCount: 0, trend: [] });
    expect(foxtrot!.activeScan?.status).toBe("queued");
  });

  it("filters by grade, including never scanned", async () => {
    expect(await names({ grade: ["C", "F"] })).toEqual([n("bravo"), n("delta")]);
    expect(await names({ grade: ["none"] })).toEqual([n("foxtrot")]);
    expect(await names({ grade: ["A+", "none"] })).toEqual([n("alpha"), n("foxtrot")]);
  });

  it("filters by exposure, finding id, MTA-STS mode, DANE state, DMARC policy, severity and staleness", async () => {
    expect(await names({ exposure: ["exposed"] })).toEqual([n("bravo"), n("delta")]);
    expect(await names({ finding: "starttls-stripping-exposure" })).toEqual([n("bravo")]);
    expect(await names({ finding: "mta-sts-missing" })).toEqual([n("charlie")]);
    expect(await names({ mtaSts: ["testing", "none-published"] })).toEqual([n("bravo"), n("charlie")]);
    // Scanned but no usable policy; a never-scanned domain is not "unknown".
    expect(await names({ mtaSts: ["unknown"] })).toEqual([n("delta"), n("echo")]);
    expect(await names({ dane: ["pass"] })).toEqual([n("alpha"), n("charlie")]);
    expect(await names({ dmarc: ["quarantine", "reject"] })).toEqual([n("alpha"), n("bravo"), n("echo")]);
    expect(await names({ dmarc: ["unknown"] })).toEqual([n("delta")]);
    expect(await names({ severity: "critical" })).toEqual([n("delta")]);
    expect(await names({ severity: "high" })).toEqual([n("bravo"), n("delta")]);
    expect(await names({ stale: true })).toEqual([n("charlie")]);
    // Filters combine with AND.
    expect(await names({ exposure: ["exposed"], severity: "critical" })).toEqual([n("delta")]);
    expect(await names({ exposure: ["protected"], stale: true })).toEqual([]);
  });

  it("parses a pasted URL into the same view", async () => {
    const { params } = parseDomainListParams({ q: tok.toUpperCase(), dmarc: "quarantine,reject", sort: "grade" });
    expect((await listDomains(scope, params, { now }, db)).rows.map((r) => r.name)).toEqual([n("bravo"), n("echo"), n("alpha")]);
  });

  it("searches by substring with LIKE wildcards taken literally", async () => {
    expect(await names({ q: `harl` })).not.toContain(n("alpha"));
    expect(await names({ q: `charlie.${tok}` })).toEqual([n("charlie")]);
    expect((await listDomains(scope, view({ q: "%" }), { now }, db)).total).toBe(0);
    expect((await listDomains(scope, view({ q: "_" }), { now }, db)).total).toBe(0);
    expect(likeSubstring("a%b_c\\")).toBe("%a\\%b\\_c\\\\%");
  });

  it("sorts by grade letter before score, never-scanned last in both directions", async () => {
    // Worst first: F, C (80, capped), B (75), A, A+; bravo's higher score does not lift it above B.
    expect(await names({ sort: "grade", dir: "asc" })).toEqual(["delta", "bravo", "charlie", "echo", "alpha", "foxtrot"].map(n));
    expect(await names({ sort: "grade", dir: "desc" })).toEqual(["alpha", "echo", "charlie", "bravo", "delta", "foxtrot"].map(n));
  });

  it("sorts by last scan and by critical count", async () => {
    expect(await names({ sort: "scanned", dir: "desc" })).toEqual(["alpha", "bravo", "delta", "echo", "charlie", "foxtrot"].map(n));
    expect(await names({ sort: "scanned", dir: "asc" })).toEqual(["charlie", "echo", "delta", "bravo", "alpha", "foxtrot"].map(n));
    expect((await names({ sort: "critical", dir: "desc" })).slice(0, 2)).toEqual([n("delta"), n("bravo")]);
    expect(await names({ sort: "domain", dir: "desc" })).toEqual(["foxtrot", "echo", "delta", "charlie", "bravo", "alpha"].map(n));
  });

  it("pages on the server and clamps a page past the end to the last page", async () => {
    const p2 = await listDomains(scope, view({ page: 2 }), { now, pageSize: 4 }, db);
    expect(p2.total).toBe(6);
    expect(p2.pageCount).toBe(2);
    expect(p2.rows.map((r) => r.name)).toEqual([n("echo"), n("foxtrot")]);
    const past = await listDomains(scope, view({ page: 9 }), { now, pageSize: 4 }, db);
    expect(past.page).toBe(2);
    expect(past.rows.map((r) => r.name)).toEqual([n("echo"), n("foxtrot")]);
    const none = await listDomains(scope, view({ q: `${tok}-nothing`, page: 3 }), { now, pageSize: 4 }, db);
    expect(none).toMatchObject({ total: 0, page: 1, pageCount: 1, rows: [] });
  });
});

describe("portfolio counts (own database: the numbers are workspace-wide)", () => {
  let iso: { url: string; drop: () => Promise<void> };
  let idb: Db;
  let iscope: Scope;
  beforeAll(async () => {
    iso = await createIsolatedDatabase();
    idb = createDb(iso.url, 3);
    iscope = await defaultScope(idb);
  });
  afterAll(async () => {
    await idb?.$disconnect();
    await iso?.drop();
  });

  it("is all zeros for an empty workspace", async () => {
    const s = await getPortfolioStats(iscope, { now }, idb);
    expect(s).toMatchObject({ domains: 0, scanned: 0, acceptingMail: 0, exposed: 0, idle: 0, active: 0 });
  });

  it("counts with denominators, null MX excluded from transport ratios", async () => {
    await seedDomain(idb, { name: "a.example", scans: [["A+", 97, daysAgo(now, 1)]] });
    await seedDomain(idb, { name: "b.example", scans: [["C", 64, daysAgo(now, 8)]], latest: { exposure: "exposed", mtaStsMode: "testing", daneState: "missing", dmarcPolicy: "none", highCount: 1 } });
    await seedDomain(idb, { name: "c.example", scans: [["F", 10, daysAgo(now, 1)]], latest: { exposure: "exposed", mtaStsMode: "enforce", daneState: "fail", dmarcPolicy: "quarantine", criticalCount: 1 } });
    // A null-MX domain with MTA-STS/DANE fields set must still not count in transport numerators.
    await seedDomain(idb, { name: "d.example", scans: [["A", 90, daysAgo(now, 1)]], latest: { exposure: "no-inbound-mail", mtaStsMode: "enforce", daneState: "pass", dmarcPolicy: "reject" } });
    await seedDomain(idb, { name: "e.example", active: "queued" });
    const s = await getPortfolioStats(iscope, { now }, idb);
    expect(s).toEqual({
      domains: 5,
      scanned: 4,
      notGraded: 0,
      graded: 4,
      nullMx: 1,
      acceptingMail: 3,
      exposed: 2,
      mtaStsEnforce: 2,
      daneValid: 1,
      dmarcEnforcing: 3,
      withCritical: 1,
      stale: 1,
      active: 1,
      idle: 4,
      staleDays: 7,
    });
    const portfolio = await loadPortfolio(iscope, { ...DEFAULT_PARAMS, exposure: ["exposed"] }, { now }, idb);
    expect(portfolio.stats.domains).toBe(5);
    expect(portfolio.list.rows.map((r) => r.name)).toEqual(["b.example", "c.example"]);
  });

  it("leaves a not-graded domain out of every figure and filter behind them, counts it apart, and finds it by its own filter", async () => {
    const before = await getPortfolioStats(iscope, { now }, idb);
    // What an NXDOMAIN scan stores: a D with "exposed", no DMARC and a critical finding, none of it observed.
    await seedDomain(idb, {
      name: "gone.example",
      scans: [
        ["B", 80, daysAgo(now, 3)],
        ["D", 53, daysAgo(now, 1)],
      ],
      latest: { exposure: "exposed", mtaStsMode: "none-published", daneState: "n/a", dmarcPolicy: "missing", criticalCount: 1, highCount: 2, notGraded: "the domain does not exist (NXDOMAIN)" },
    });
    const s = await getPortfolioStats(iscope, { now }, idb);
    expect(s).toEqual({ ...before, domains: 6, scanned: 5, notGraded: 1, idle: 5 });
    expect(s.acceptingMail).toBe(before.acceptingMail);
    expect(s.graded).toBe(before.graded);

    const rows = async (patch: Partial<DomainListParams>) => (await listDomains(iscope, { ...DEFAULT_PARAMS, ...patch }, { now }, idb)).rows;
    const gone = (await rows({ grade: ["not-graded"] })).map((r) => r.name);
    expect(gone).toEqual(["gone.example"]);
    // The cards link to these filters: their rows match their counts.
    expect((await rows({ grade: ["D", "F"] })).map((r) => r.name)).toEqual(["c.example"]);
    expect((await rows({ exposure: ["exposed"] })).map((r) => r.name)).toEqual(["b.example", "c.example"]);
    expect((await rows({ severity: "critical" })).map((r) => r.name)).toEqual(["c.example"]);
    const [row] = await rows({ q: "gone" });
    expect(row).toMatchObject({ name: "gone.example", grade: "D", notGraded: "the domain does not exist (NXDOMAIN)" });
    // The trend sparkline shows graded scans only.
    expect(row!.trend.map((t) => t.grade)).toEqual(["B"]);
    // Sorted by grade, worst first, it comes after every graded domain (with the never-scanned one).
    const byGrade = (await rows({ sort: "grade", dir: "asc" })).map((r) => r.name);
    expect(byGrade.indexOf("gone.example")).toBeGreaterThan(byGrade.indexOf("a.example"));
  });
});
