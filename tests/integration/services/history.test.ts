/** The history timeline (keyset-paged, with per-scan changes) and the compare service. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareScans } from "../../../lib/services/history/compare-scans";
import { getDomainHistory, STRIP_POINTS } from "../../../lib/services/history/get-history";
import { NotFoundError, ValidationError } from "../../../lib/services/errors";
import { getDefaultWorkspace } from "../../../lib/services/workspaces";
import type { ScanReport } from "../../../lib/scan/types";
import { openTestDb, uniqueDomain } from "../../helpers/db";
import { defaultScope } from "../../helpers/scope";
import { finding, mxHost, report, SPKI_A } from "../../unit/report/history-fixtures";

const db = openTestDb();
const scope = await defaultScope(db);
afterAll(() => db.$disconnect());

async function newDomain(label: string): Promise<{ id: string; name: string }> {
  const ws = await getDefaultWorkspace(db);
  return db.domain.create({ data: { workspaceId: ws.id, name: uniqueDomain(label) }, select: { id: true, name: true } });
}

const T0 = Date.parse("2026-06-01T08:00:00.000Z");
const HOUR = 3_600_000;

type Spec = { status?: "done" | "failed" | "queued"; at: number; report?: ScanReport; error?: string };

/** Inserts scans as the worker would have stored them; returns their ids in the given order. */
async function insertScans(domainId: string, specs: Spec[]): Promise<string[]> {
  const ids = specs.map(() => crypto.randomUUID());
  await db.scan.createMany({
    data: specs.map((s, i) => {
      const status = s.status ?? "done";
      const r = status === "done" ? (s.report ?? report({ startedAt: new Date(s.at).toISOString() })) : undefined;
      return {
        id: ids[i]!,
        domainId,
        status,
        requestedAt: new Date(s.at),
        startedAt: status === "queued" ? null : new Date(s.at + 1000),
        finishedAt: status === "queued" ? null : new Date(s.at + 3000),
        durationMs: r?.durationMs ?? null,
        grade: r?.grade ?? null,
        score: r?.score ?? null,
        rulesetVersion: r?.rulesetVersion ?? null,
        scannerVersion: r?.scannerVersion ?? null,
        report: r ? (r as object) : undefined,
        error: s.error ?? null,
      };
    }),
  });
  return ids;
}

describe("getDomainHistory", () => {
  it("an unknown domain is not found", async () => {
    await expect(getDomainHistory(scope, uniqueDomain("nope"), {}, db)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("a domain with no scans has an empty timeline", async () => {
    const d = await newDomain("empty");
    const h = await getDomainHistory(scope, d.name, {}, db);
    expect(h).toMatchObject({ totalScans: 0, finishedScans: 0, rows: [], strip: [], firstScanAt: null, defaultCompare: null, page: { newer: null, older: null, isNewest: true } });
  });

  it("one scan only: a row without a change and no compare pair", async () => {
    const d = await newDomain("one");
    const [id] = await insertScans(d.id, [{ at: T0 }]);
    const h = await getDomainHistory(scope, d.name, {}, db);
    expect(h.rows).toHaveLength(1);
    expect(h.rows[0]).toMatchObject({ id, status: "done", grade: "B", change: null, previousId: null, exposure: "partial" });
    expect(h.defaultCompare).toBeNull();
    expect(h.strip.map((p) => p.id)).toEqual([id]);
  });

  it("lists newest first with what changed since the previous finished scan, failed scans included", async () => {
    const d = await newDomain("changes");
    const before = report({ grade: "C", score: 68, findings: [finding("mta-sts-missing", "medium"), finding("starttls-stripping-exposure", "high")], exposure: { verdict: "exposed", sentence: "", hosts: [] } });
    const after = report({
      grade: "B",
      score: 84,
      mtaStsRecord: "v=STSv1; id=1",
      mode: "testing",
      mx: [mxHost("mx1.example.com", 10, { tlsa: [`3 1 1 ${SPKI_A}`] })],
      findings: [finding("mta-sts-testing", "medium")],
    });
    const [first, failed, second, third] = await insertScans(d.id, [
      { at: T0, report: before },
      { at: T0 + HOUR, status: "failed", error: "DNS timeout" },
      { at: T0 + 2 * HOUR, report: after },
      { at: T0 + 3 * HOUR, report: after },
    ]);
    const h = await getDomainHistory(scope, d.name, {}, db);
    expect(h.rows.map((r) => r.id)).toEqual([third, second, failed, first]);
    expect(h.totalScans).toBe(4);
    expect(h.finishedScans).toBe(3);
    expect(h.firstScanAt).toBe(new Date(T0).toISOString());
    const [r3, r2, rf, r1] = h.rows;
    expect(r3).toMatchObject({ previousId: second, change: { identical: true, newFindings: 0, resolvedFindings: 0 } });
    // The failed scan is skipped as a baseline: the second finished scan compares with the first.
    expect(r2).toMatchObject({
      previousId: first,
      change: { gradeBefore: "C", gradeAfter: "B", direction: "up", newFindings: 1, resolvedFindings: 2, exposureBefore: "exposed", exposureAfter: "partial" },
    });
    expect(r2!.change!.highlights).toEqual(expect.arrayContaining(["MTA-STS record published", "TLSA added on mx1.example.com"]));
    expect(rf).toMatchObject({ status: "failed", error: "DNS timeout", change: null, previousId: null, grade: null });
    expect(r1).toMatchObject({ change: null, previousId: null });
    expect(h.defaultCompare).toEqual({ a: second, b: third });
    expect(h.strip.map((p) => p.id)).toEqual([first, second, third]);
  });

  it("pages with keyset cursors both ways, and the oldest row of a page still knows its baseline", async () => {
    const d = await newDomain("paged");
    const n = 57;
    // Scores step up so each scan differs from the one before it.
    const ids = await insertScans(
      d.id,
      Array.from({ length: n }, (_, i) => ({ at: T0 + i * HOUR, ...(i % 10 === 5 ? { status: "failed" as const, error: "boom" } : { report: report({ score: 40 + i }) }) })),
    );
    const newestFirst = [...ids].reverse();

    const p1 = await getDomainHistory(scope, d.name, { pageSize: 25 }, db);
    expect(p1.rows.map((r) => r.id)).toEqual(newestFirst.slice(0, 25));
    expect(p1.page.newer).toBeNull();
    expect(p1.page.isNewest).toBe(true);
    expect(p1.page.older).not.toBeNull();
    const lastOnPage = p1.rows[24]!;
    expect(lastOnPage.change).not.toBeNull(); // its baseline sits on the next page

    const p2 = await getDomainHistory(scope, d.name, { pageSize: 25, before: p1.page.older }, db);
    expect(p2.rows.map((r) => r.id)).toEqual(newestFirst.slice(25, 50));
    expect(p2.page.newer).not.toBeNull();
    expect(p2.page.isNewest).toBe(false);

    const p3 = await getDomainHistory(scope, d.name, { pageSize: 25, before: p2.page.older }, db);
    expect(p3.rows.map((r) => r.id)).toEqual(newestFirst.slice(50));
    expect(p3.page.older).toBeNull();
    expect(p3.rows[p3.rows.length - 1]!.change).toBeNull(); // the very first scan

    const back = await getDomainHistory(scope, d.name, { pageSize: 25, after: p3.page.newer }, db);
    expect(back.rows.map((r) => r.id)).toEqual(newestFirst.slice(25, 50));
    // Going back up past the newest lands on a full newest page.
    const top = await getDomainHistory(scope, d.name, { pageSize: 25, after: back.page.newer }, db);
    expect(top.rows.map((r) => r.id)).toEqual(newestFirst.slice(0, 25));
    expect(top.page.newer).toBeNull();

    expect(p1.strip).toHaveLength(Math.min(STRIP_POINTS, n - 6));
    expect(p1.strip[p1.strip.length - 1]!.id).toBe(ids[n - 1]);
  });

  it("rows with the same requestedAt are ordered by id and never lost between pages", async () => {
    const d = await newDomain("ties");
    const ids = await insertScans(d.id, Array.from({ length: 7 }, () => ({ at: T0 })));
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const p = await getDomainHistory(scope, d.name, { pageSize: 3, before: cursor ?? undefined }, db);
      seen.push(...p.rows.map((r) => r.id));
      cursor = p.page.older;
    } while (cursor);
    expect(seen).toEqual([...ids].sort().reverse());
  });

  it.each(["garbage", "123", "123.not-a-uuid", "1.00000000-0000-0000-0000-00000000000g"])("rejects the cursor %j", async (cursor) => {
    const d = await newDomain("cursor");
    await expect(getDomainHistory(scope, d.name, { before: cursor }, db)).rejects.toBeInstanceOf(ValidationError);
  });

  it("reads one page of reports however long the history is", async () => {
    const d = await newDomain("long");
    await insertScans(d.id, Array.from({ length: 1200 }, (_, i) => ({ at: T0 + i * 60_000, report: report({ score: 50 + (i % 40) }) })));
    const started = performance.now();
    const h = await getDomainHistory(scope, d.name, {}, db);
    const ms = performance.now() - started;
    expect(h.totalScans).toBe(1200);
    expect(h.rows).toHaveLength(25);
    expect(ms).toBeLessThan(2000);
  });
});

describe("compareScans", () => {
  let domainName: string;
  let ids: string[];
  beforeAll(async () => {
    const d = await newDomain("cmp");
    domainName = d.name;
    ids = await insertScans(d.id, [
      { at: T0, report: report({ grade: "C", score: 68, dmarcRecord: "v=DMARC1; p=none" }) },
      { at: T0 + HOUR, status: "failed", error: "timeout" },
      { at: T0 + 2 * HOUR, report: report({ grade: "B", score: 84, dmarcRecord: "v=DMARC1; p=reject", rulesetVersion: 2 }) },
      { at: T0 + 3 * HOUR, report: report({ grade: "B", score: 84, dmarcRecord: "v=DMARC1; p=reject", rulesetVersion: 2 }) },
    ]);
  });

  it("orders the pair older → newer whichever way the URL names them", async () => {
    const [a, , b] = ids;
    for (const input of [{ a, b }, { a: b, b: a }]) {
      const v = await compareScans(scope, domainName, input, db);
      if (v.kind !== "pair") throw new Error("expected a pair");
      expect(v.older.id).toBe(a);
      expect(v.newer.id).toBe(b);
      expect(v.diff.grade).toMatchObject({ before: "C", after: "B", scoreDelta: 16 });
      expect(v.diff.rules.differ).toBe(true);
      expect(v.consecutive).toBe(true); // the failed scan between them has no report
      expect(v.strip.map((p) => p.id)).toEqual([ids[0], ids[2], ids[3]]);
    }
  });

  it("defaults to the latest finished scan vs the one before it", async () => {
    const v = await compareScans(scope, domainName, {}, db);
    if (v.kind !== "pair") throw new Error("expected a pair");
    expect([v.older.id, v.newer.id]).toEqual([ids[2], ids[3]]);
    expect(v.diff.identical).toBe(true);
  });

  it("a non-consecutive pair is flagged", async () => {
    const v = await compareScans(scope, domainName, { a: ids[0], b: ids[3] }, db);
    expect(v.kind === "pair" && v.consecutive).toBe(false);
  });

  it("needs two finished scans", async () => {
    const d = await newDomain("cmp-one");
    await insertScans(d.id, [{ at: T0 }]);
    expect(await compareScans(scope, d.name, {}, db)).toEqual({ kind: "not-enough", domain: d.name, finishedScans: 1 });
  });

  it.each([
    ["the same scan twice", () => ({ a: ids[0], b: ids[0] }), ValidationError],
    ["only one id", () => ({ a: ids[0] }), ValidationError],
    ["a failed scan", () => ({ a: ids[0], b: ids[1] }), ValidationError],
    ["a malformed id", () => ({ a: ids[0], b: "x" }), NotFoundError],
    ["an unknown id", () => ({ a: ids[0], b: crypto.randomUUID() }), NotFoundError],
  ])("rejects %s", async (_name, input, error) => {
    await expect(compareScans(scope, domainName, input(), db)).rejects.toBeInstanceOf(error);
  });

  it("a scan of another domain is not found", async () => {
    const other = await newDomain("cmp-other");
    const [foreign] = await insertScans(other.id, [{ at: T0 }]);
    await expect(compareScans(scope, domainName, { a: ids[0], b: foreign }, db)).rejects.toBeInstanceOf(NotFoundError);
  });
});
