/**
 * The overview at its design size (docs/ui.md §5.1: 10 000 domains): a full 10 000-line list is
 * accepted, every page, filter and sort answers correctly, and "Rescan all" queues 10 000 scans in
 * batches. Speed is measured by the dashboard benchmark, never asserted here. Own database, so
 * the numbers are exact and no other test's queue is touched.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../../lib/db/client";
import type { Scope } from "../../../lib/services/access/scope";
import { DEFAULT_PARAMS, type DomainListParams } from "../../../lib/report/domain-list-params";
import { addDomains } from "../../../lib/services/domains/add-domains";
import { workspaceLimits } from "../../../lib/services/quotas";
import { loadPortfolio } from "../../../lib/services/domains/list-domains";
import { requestScans } from "../../../lib/services/scans/request-scans";
import { createIsolatedDatabase } from "../../helpers/db";
import { defaultScope } from "../../helpers/scope";

/** Quotas out of the way: this file is about size, and queues 10 000 scans at once. */
const LIMITS = { ...workspaceLimits(), perMinute: 100_000, perDay: 10_000_000 };
const MAX_ADD_LINES = LIMITS.bulkAddMax;

let iso: { url: string; drop: () => Promise<void> };
let db: Db;
let scope: Scope;
const now = new Date();

beforeAll(async () => {
  iso = await createIsolatedDatabase();
  db = createDb(iso.url, 5);
  scope = await defaultScope(db);
});
afterAll(async () => {
  await db?.$disconnect();
  await iso?.drop();
});

describe("10 000 domains", () => {
  it("adds a list of exactly 10 000 lines and queues each domain once", async () => {
    const lines = Array.from({ length: MAX_ADD_LINES }, (_, i) => `d${String(i).padStart(5, "0")}.scale.example`);
    const result = await addDomains(scope, lines.join("\n"), { limits: LIMITS }, db);
    expect(result.counts).toMatchObject({ added: MAX_ADD_LINES, queued: MAX_ADD_LINES, invalid: 0 });
    const jobs = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE task_identifier = 'scan'`;
    expect(Number(jobs[0]!.n)).toBe(MAX_ADD_LINES);
  });

  it("serves any page, filter and sort", async () => {
    // Finish every scan with a spread of states, as if the workers had run (one SQL statement).
    await db.$executeRaw`
      WITH s AS (
        UPDATE "Scan" SET status = 'done', "startedAt" = now() - interval '1 minute', "finishedAt" = now() - (random() * interval '10 days'),
               grade = (ARRAY['A+','A','B','C','D','F'])[1 + floor(random() * 6)::int], score = floor(random() * 100)::int
         WHERE status = 'queued' RETURNING id, "domainId", grade, score, "finishedAt")
      INSERT INTO "DomainLatest" ("domainId", "workspaceId", "scanId", "finishedAt", grade, score, exposure, "mtaStsMode", "daneState", "dmarcPolicy", "criticalCount", "highCount", "findingIds")
      SELECT s."domainId", d."workspaceId", s.id, s."finishedAt", s.grade, s.score,
             (ARRAY['protected','partial','exposed','inconclusive','no-inbound-mail'])[1 + floor(random() * 5)::int],
             (ARRAY['enforce','testing','none','none-published'])[1 + floor(random() * 4)::int],
             (ARRAY['pass','missing','fail','n/a'])[1 + floor(random() * 4)::int],
             (ARRAY['reject','quarantine','none','missing'])[1 + floor(random() * 4)::int],
             floor(random() * 2)::int, floor(random() * 3)::int,
             CASE WHEN random() < 0.3 THEN ARRAY['mta-sts-testing'] ELSE ARRAY['dmarc-no-rua'] END
        FROM s JOIN "Domain" d ON d.id = s."domainId"`;
    await db.$executeRaw`ANALYZE`;

    const views: Partial<DomainListParams>[] = [
      {},
      { page: 200 },
      { sort: "grade", dir: "asc", page: 120 },
      { sort: "scanned", dir: "desc" },
      { sort: "critical", dir: "desc" },
      { q: "d0999" },
      { exposure: ["exposed"], dmarc: ["none", "missing"], sort: "grade" },
      { finding: "mta-sts-testing", stale: true },
    ];
    for (const v of views) {
      const p = await loadPortfolio(scope, { ...DEFAULT_PARAMS, ...v }, { now }, db);
      expect(p.stats.domains).toBe(MAX_ADD_LINES);
      expect(p.list.rows.length).toBeLessThanOrEqual(50);
      expect(p.list.total).toBeGreaterThan(0);
    }
    const last = await loadPortfolio(scope, { ...DEFAULT_PARAMS, page: 200 }, { now }, db);
    expect(last.list).toMatchObject({ total: MAX_ADD_LINES, page: 200, pageCount: 200 });
    expect(last.list.rows.at(-1)!.name).toBe("d09999.scale.example");
    expect(last.list.rows[0]!.trend).toHaveLength(1);
  });

  it('"Rescan all" queues all 10 000 idle domains in batches, then nothing more', async () => {
    const result = await requestScans(scope, "all", db, LIMITS);
    expect(result).toMatchObject({ queued: MAX_ADD_LINES, alreadyActive: 0 });
    expect(await requestScans(scope, "all", db, LIMITS)).toMatchObject({ queued: 0, alreadyActive: MAX_ADD_LINES });
  });
});
