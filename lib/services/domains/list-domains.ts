/**
 * One page of the portfolio table (docs/ui.md §5.1): search, filters, sort and paging done in
 * PostgreSQL, so the page costs the same at 10 000 domains as at 10. Five queries per page: the
 * rows (Domain ⋈ DomainLatest) beside the filtered total, then together the last
 * eight grades of the page's domains for the trend sparklines and which of them last failed to
 * scan, and beside it all the headline counts (portfolio-stats.ts).
 */
import { getDb, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { DEFAULT_PARAMS, type DomainListParams } from "@/lib/report/domain-list-params";
import type { Scope } from "@/lib/services/access/scope";
import { staleness, type Staleness } from "@/lib/report/staleness";
import {
  DEFAULT_STALE_DAYS,
  EFFECTIVE_INTERVAL,
  getPortfolioStats,
  lastAttemptFailed,
  staleCondition,
  type PortfolioStats,
} from "@/lib/services/domains/portfolio-stats";

export const PAGE_SIZE = 50;
/** How many past grades the trend sparkline shows. */
export const TREND_LENGTH = 8;

export type TrendPoint = { grade: string; score: number | null; finishedAt: Date };

export type DomainListRow = {
  name: string;
  createdAt: Date;
  /** The domain's tags, sorted. */
  tags: string[];
  grade: string | null;
  score: number | null;
  /** Why the latest scan has no grade (report `notGraded`); when set, `grade` and `score` are not shown. */
  notGraded: string | null;
  exposure: string | null;
  mtaStsMode: string | null;
  daneState: string | null;
  dmarcPolicy: string | null;
  criticalCount: number;
  highCount: number;
  /** When the latest finished scan finished; null = never scanned. */
  lastScanAt: Date | null;
  /** The latest result is stale (lib/report/staleness.ts): too old for its schedule, or the last attempt failed. */
  stale: boolean;
  /** Why it is stale, for the chip's text. */
  staleness: Staleness;
  activeScan: { id: string; status: "queued" | "running"; requestedAt: Date } | null;
  /** Up to the last TREND_LENGTH finished scans, oldest first. */
  trend: TrendPoint[];
};

export type DomainListPage = {
  rows: DomainListRow[];
  /** Domains matching the search and filters. */
  total: number;
  /** The page shown (a page past the end shows the last page). */
  page: number;
  pageSize: number;
  pageCount: number;
};

export type ListOptions = { now?: Date; staleDays?: number; pageSize?: number };

type Row = {
  id: string;
  name: string;
  createdAt: Date;
  tags: string[] | null;
  grade: string | null;
  score: number | null;
  notGraded: string | null;
  exposure: string | null;
  mtaStsMode: string | null;
  daneState: string | null;
  dmarcPolicy: string | null;
  criticalCount: number | null;
  highCount: number | null;
  finishedAt: Date | null;
  intervalSeconds: number;
  activeId: string | null;
  activeStatus: "queued" | "running" | null;
  activeSince: Date | null;
};

const SCANNED = Prisma.sql`l."domainId" IS NOT NULL`;
/**
 * The latest scan has a grade. The filters behind the headline figures (grade, exposure, MTA-STS,
 * DANE, DMARC, severity) use it as the figures do (portfolio-stats.ts), so a card's count and the
 * rows its link shows agree; a not-graded domain is found with the "not-graded" grade filter.
 */
const GRADED = Prisma.sql`l."notGraded" IS NULL`;

/** LIKE pattern for a substring search; `%`, `_` and `\` in the search are literal. */
export function likeSubstring(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function whereClause(workspaceId: string, p: DomainListParams, stale: Prisma.Sql): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`d."workspaceId" = ${workspaceId}::uuid`];
  // Names are stored normalized (lower-case A-labels) and the search is lower-cased by the parser,
  // so no lower() is needed. A substring LIKE scans the workspace's rows: fine at 10 000.
  if (p.q) parts.push(Prisma.sql`d.name LIKE ${likeSubstring(p.q)}`);
  if (p.grade.length > 0) {
    const grades = p.grade.filter((g) => g !== "none" && g !== "not-graded");
    const or: Prisma.Sql[] = [];
    if (grades.length > 0) or.push(Prisma.sql`(l.grade IN (${Prisma.join(grades)}) AND ${GRADED})`);
    if (p.grade.includes("none")) or.push(Prisma.sql`l."domainId" IS NULL`);
    if (p.grade.includes("not-graded")) or.push(Prisma.sql`l."notGraded" IS NOT NULL`);
    parts.push(Prisma.sql`(${Prisma.join(or, " OR ")})`);
  }
  if (p.exposure.length > 0) parts.push(Prisma.sql`l.exposure IN (${Prisma.join(p.exposure)}) AND ${GRADED}`);
  if (p.finding) parts.push(Prisma.sql`l."findingIds" @> ARRAY[${p.finding}]::text[]`);
  if (p.mtaSts.length > 0) {
    const modes = p.mtaSts.filter((m) => m !== "unknown");
    const or: Prisma.Sql[] = [];
    if (modes.length > 0) or.push(Prisma.sql`l."mtaStsMode" IN (${Prisma.join(modes)})`);
    // "unknown" is every scanned state that is not a plain mode: no valid policy, a broken enforce
    // policy (lib/report/posture.ts) or a check that could not be done.
    if (p.mtaSts.includes("unknown")) {
      or.push(Prisma.sql`(${SCANNED} AND (l."mtaStsMode" IS NULL OR l."mtaStsMode" NOT IN ('enforce', 'testing', 'none', 'none-published')))`);
    }
    parts.push(Prisma.sql`(${Prisma.join(or, " OR ")}) AND ${GRADED}`);
  }
  if (p.dane.length > 0) parts.push(Prisma.sql`l."daneState" IN (${Prisma.join(p.dane)}) AND ${GRADED}`);
  if (p.dmarc.length > 0) {
    const policies = p.dmarc.filter((m) => m !== "unknown");
    const or: Prisma.Sql[] = [];
    if (policies.length > 0) or.push(Prisma.sql`l."dmarcPolicy" IN (${Prisma.join(policies)})`);
    if (p.dmarc.includes("unknown")) {
      or.push(Prisma.sql`(${SCANNED} AND (l."dmarcPolicy" IS NULL OR l."dmarcPolicy" NOT IN ('reject', 'quarantine', 'none', 'missing')))`);
    }
    parts.push(Prisma.sql`(${Prisma.join(or, " OR ")}) AND ${GRADED}`);
  }
  if (p.severity === "critical") parts.push(Prisma.sql`l."criticalCount" > 0 AND ${GRADED}`);
  if (p.severity === "high") parts.push(Prisma.sql`l."highCount" > 0 AND ${GRADED}`);
  if (p.stale) parts.push(stale);
  // Containment, so the GIN index on Domain.tags answers it.
  if (p.tag) parts.push(Prisma.sql`d.tags @> ARRAY[${p.tag}]::text[]`);
  return Prisma.join(parts, " AND ");
}

/**
 * Grade order by letter first: a capped grade (docs/scoring.md §2) can carry a higher score than a
 * better grade. A not-graded domain has no rank and sorts with the never-scanned ones.
 */
const GRADE_RANK = Prisma.sql`CASE WHEN l."notGraded" IS NOT NULL THEN NULL ELSE CASE l.grade WHEN 'A+' THEN 6 WHEN 'A' THEN 5 WHEN 'B' THEN 4 WHEN 'C' THEN 3 WHEN 'D' THEN 2 WHEN 'F' THEN 1 END END`;

function orderClause(p: DomainListParams): Prisma.Sql {
  // The direction comes from a closed set (the parser), never from the URL text itself.
  const dir = Prisma.raw(p.dir === "desc" ? "DESC" : "ASC");
  // Never-scanned domains sort last whichever way; the name breaks ties so paging is stable.
  switch (p.sort) {
    case "grade":
      return Prisma.sql`${GRADE_RANK} ${dir} NULLS LAST, CASE WHEN ${GRADED} THEN l.score END ${dir} NULLS LAST, d.name ASC`;
    case "scanned":
      return Prisma.sql`l."finishedAt" ${dir} NULLS LAST, d.name ASC`;
    case "critical":
      return Prisma.sql`l."criticalCount" ${dir} NULLS LAST, l."highCount" ${dir} NULLS LAST, d.name ASC`;
    default:
      return Prisma.sql`d.name ${dir}`;
  }
}

/**
 * One page of rows in `order`. The page's ids are chosen first over only what the filter and the
 * sort read (PostgreSQL drops the DomainLatest join when neither reads it, so the default view by
 * name walks the (workspaceId, name) index and stops after the page), and only those rows are
 * joined to their latest result and active scan. Selecting the wide rows with the filtered total
 * as a window count made every view join and carry all 10 000 rows: 54 of the overview's 95 ms of
 * SQL.
 */
async function queryPage(db: Db, where: Prisma.Sql, order: Prisma.Sql, limit: number, offset: number): Promise<Row[]> {
  return db.$queryRaw<Row[]>`
    SELECT d.id, d.name, d."createdAt", d.tags,
           l.grade, l.score, l."notGraded", l.exposure, l."mtaStsMode", l."daneState", l."dmarcPolicy",
           l."criticalCount", l."highCount", l."finishedAt",
           ${EFFECTIVE_INTERVAL} AS "intervalSeconds",
           a.id AS "activeId", a.status::text AS "activeStatus", a."requestedAt" AS "activeSince"
      FROM unnest(ARRAY(
             SELECT d.id
               FROM "Domain" d
               JOIN "Workspace" w ON w.id = d."workspaceId"
               LEFT JOIN "DomainLatest" l ON l."domainId" = d.id
              WHERE ${where}
              ORDER BY ${order}
              LIMIT ${limit} OFFSET ${offset})) WITH ORDINALITY AS p(id, ord)
      JOIN "Domain" d ON d.id = p.id
      JOIN "Workspace" w ON w.id = d."workspaceId"
      LEFT JOIN "DomainLatest" l ON l."domainId" = d.id
      LEFT JOIN "Scan" a ON a."domainId" = d.id AND a.status IN ('queued', 'running')
     ORDER BY p.ord`;
}

/** How many domains match `where` (the same joins as the page, so the same rows count). */
async function countMatching(db: Db, where: Prisma.Sql): Promise<number> {
  const [c] = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n
      FROM "Domain" d
      JOIN "Workspace" w ON w.id = d."workspaceId"
      LEFT JOIN "DomainLatest" l ON l."domainId" = d.id
     WHERE ${where}`;
  return Number(c?.n ?? 0);
}

/**
 * The domains of a page whose last attempt failed (portfolio-stats.ts), asked of the page's scanned
 * rows only. In the page query's own select list PostgreSQL evaluated the probe for every row it
 * skipped to reach the OFFSET (7 500 probes for page 150 of 10 000 domains).
 */
async function lastAttemptsFailed(db: Db, scanned: readonly Row[]): Promise<Set<string>> {
  if (scanned.length === 0) return new Set();
  const found = await db.$queryRaw<{ id: string }[]>`
    SELECT x.id
      FROM unnest(${scanned.map((r) => r.id)}::uuid[], ${scanned.map((r) => r.finishedAt)}::timestamptz[]) AS x(id, "finishedAt")
     WHERE ${lastAttemptFailed(Prisma.sql`x.id`, Prisma.sql`x."finishedAt"`)}`;
  return new Set(found.map((r) => r.id));
}

/**
 * The last TREND_LENGTH finished scans of each domain, in one query: a LATERAL top-n per domain
 * walks the (domainId, requestedAt DESC) index and stops after n rows, however long a history is.
 */
async function trends(db: Db, domainIds: string[]): Promise<Map<string, TrendPoint[]>> {
  const out = new Map<string, TrendPoint[]>();
  if (domainIds.length === 0) return out;
  const rows = await db.$queryRaw<{ domainId: string; grade: string | null; score: number | null; notGraded: string | null; finishedAt: Date | null }[]>`
    SELECT x.id AS "domainId", t.grade, t.score, t."notGraded", t."finishedAt"
      FROM unnest(${domainIds}::uuid[]) AS x(id)
     CROSS JOIN LATERAL (
       SELECT s.grade, s.score, s."notGraded", s."finishedAt", s."requestedAt"
         FROM "Scan" s
        WHERE s."domainId" = x.id AND s.status = 'done'
        ORDER BY s."requestedAt" DESC
        LIMIT ${TREND_LENGTH}
     ) t`;
  for (const r of rows) {
    // A scan without a grade is no point on the grade trend (docs/report-format.md `notGraded`).
    if (!r.grade || !r.finishedAt || r.notGraded) continue;
    const list = out.get(r.domainId) ?? [];
    list.push({ grade: r.grade, score: r.score, finishedAt: r.finishedAt });
    out.set(r.domainId, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.finishedAt.getTime() - b.finishedAt.getTime());
  return out;
}

/** One page of the workspace's domains matching `params`. */
export async function listDomains(scope: Scope, params: DomainListParams = DEFAULT_PARAMS, options: ListOptions = {}, db: Db = getDb()): Promise<DomainListPage> {
  const now = options.now ?? new Date();
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const floorDays = options.staleDays ?? DEFAULT_STALE_DAYS;
  const where = whereClause(scope.workspaceId, params, staleCondition(scope.workspaceId, now, floorDays));
  const order = orderClause(params);

  let page = Math.max(1, params.page);
  const [firstTry, total] = await Promise.all([queryPage(db, where, order, pageSize, (page - 1) * pageSize), countMatching(db, where)]);
  let rows = firstTry;
  if (rows.length === 0 && page > 1) {
    // A pasted link to a page past the end (the list shrank): show the last page instead.
    page = Math.max(1, Math.ceil(total / pageSize));
    rows = total > 0 ? await queryPage(db, where, order, pageSize, (page - 1) * pageSize) : [];
  }

  const scanned = rows.filter((r) => r.finishedAt);
  const [trendOf, failed] = await Promise.all([trends(db, scanned.map((r) => r.id)), lastAttemptsFailed(db, scanned)]);
  return {
    rows: rows.map((r) => {
      // The row's chip and the stale filter/stat (staleCondition, SQL) apply the same rule.
      const st = staleness({
        lastScanAt: r.finishedAt,
        intervalSeconds: r.intervalSeconds,
        lastAttemptFailed: failed.has(r.id),
        now,
        floorDays,
      });
      return {
        name: r.name,
        createdAt: r.createdAt,
        tags: [...(r.tags ?? [])].sort(),
        grade: r.grade,
        score: r.score,
        notGraded: r.notGraded,
        exposure: r.exposure,
        mtaStsMode: r.mtaStsMode,
        daneState: r.daneState,
        dmarcPolicy: r.dmarcPolicy,
        criticalCount: r.criticalCount ?? 0,
        highCount: r.highCount ?? 0,
        lastScanAt: r.finishedAt,
        stale: st.stale,
        staleness: st,
        activeScan: r.activeId && r.activeStatus && r.activeSince ? { id: r.activeId, status: r.activeStatus, requestedAt: r.activeSince } : null,
        trend: trendOf.get(r.id) ?? [],
      };
    }),
    total,
    page,
    pageSize,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
  };
}

export type Portfolio = { stats: PortfolioStats; list: DomainListPage; staleDays: number };

/** What the overview page renders: the headline counts and one page of the table, fetched together. */
export async function loadPortfolio(scope: Scope, params: DomainListParams, options: Omit<ListOptions, "pageSize"> = {}, db: Db = getDb()): Promise<Portfolio> {
  const now = options.now ?? new Date();
  const staleDays = options.staleDays ?? DEFAULT_STALE_DAYS;
  const [stats, list] = await Promise.all([getPortfolioStats(scope, { now, staleDays }, db), listDomains(scope, params, { now, staleDays }, db)]);
  return { stats, list, staleDays };
}
