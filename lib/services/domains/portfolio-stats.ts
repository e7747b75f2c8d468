/**
 * The five headline numbers of the portfolio overview (docs/ui.md §5.1), with their denominators, in one
 * aggregate over DomainLatest. Transport ratios (stripping, MTA-STS, DANE) count only
 * domains that accept mail: a null-MX domain (RFC 7505) has no inbound transport to protect, so it
 * is excluded and the exclusion is reported. DMARC and critical findings apply to every scanned
 * domain (a domain that receives no mail can still be spoofed). A domain whose latest scan could not be
 * graded (`notGraded`: it does not exist, or no lookup succeeded) is in no figure and no denominator:
 * it is counted apart, so "could not check" never reads as "exposed" or "no DMARC".
 */
import { getDb, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { STALE_FLOOR_DAYS } from "@/lib/report/staleness";
import type { Scope } from "@/lib/services/access/scope";

/**
 * The floor of the stale threshold (docs/ui.md §5.1: "> 7 d, configurable"); the threshold itself
 * follows each domain's schedule (lib/report/staleness.ts).
 */
export const DEFAULT_STALE_DAYS = STALE_FLOOR_DAYS;

/** The domain's effective rescan interval in seconds (0 = off), over `d` ⋈ `w` (Workspace). */
export const EFFECTIVE_INTERVAL = Prisma.sql`COALESCE(d."scanIntervalSeconds", w."scanIntervalSeconds")`;

/**
 * The domain's last attempt failed: a scan ended failed after the result shown (`l`, DomainLatest)
 * and no scan finished done after that failure. The portfolio asks this of every scheduled domain,
 * so the common answer ("no failure since") is one probe of the partial index of failed scans
 * ("Scan_failed_domainId_finishedAt_idx"); the history is read only for the rare domain with one.
 */
export function lastAttemptFailed(domainId: Prisma.Sql, latestFinishedAt: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM "Scan" f
   WHERE f."domainId" = ${domainId} AND f.status = 'failed' AND f."finishedAt" > ${latestFinishedAt}
     AND NOT EXISTS (SELECT 1 FROM "Scan" s WHERE s."domainId" = ${domainId} AND s.status = 'done' AND s."finishedAt" > f."finishedAt"))`;
}

/** `lastAttemptFailed` over `d` (Domain) and `l` (DomainLatest). */
const LAST_ATTEMPT_FAILED = lastAttemptFailed(Prisma.sql`d.id`, Prisma.sql`l."finishedAt"`);

/**
 * The workspace's domains with a failed scan finished after their latest result: the only ones
 * whose last attempt can have failed (`lastAttemptFailed` needs such a scan). Read from the partial
 * index of failed scans and DomainLatest's key, so it costs the workspace's failures, not its
 * domains.
 */
function failedSinceLatest(workspaceId: string): Prisma.Sql {
  return Prisma.sql`SELECT ff."domainId" FROM "Scan" ff JOIN "DomainLatest" fl ON fl."domainId" = ff."domainId"
                     WHERE ff.status = 'failed' AND fl."workspaceId" = ${workspaceId}::uuid AND ff."finishedAt" > fl."finishedAt"`;
}

/**
 * `staleness()` of lib/report/staleness.ts in SQL, over `d` (Domain), `w` (Workspace) and `l`
 * (DomainLatest) of one workspace; the cheap age test comes first so the per-domain subquery runs
 * only for domains with a schedule that are not already stale by age, and among those only for
 * domains with a failed scan since their latest result: those are read once into a hash
 * (PostgreSQL's hashed subplan), since most domains have never failed and each per-domain index
 * probe cost as much as the whole hash.
 */
export function staleCondition(workspaceId: string, now: Date, floorDays: number = DEFAULT_STALE_DAYS): Prisma.Sql {
  const floorSeconds = floorDays * 86_400;
  return Prisma.sql`(l."finishedAt" IS NOT NULL AND (
      l."finishedAt" < ${now}::timestamptz - make_interval(secs => CASE WHEN ${EFFECTIVE_INTERVAL} > 0
                                                                       THEN GREATEST(${floorSeconds}::float8, 2 * ${EFFECTIVE_INTERVAL}::float8)
                                                                       ELSE ${floorSeconds}::float8 END)
      OR (${EFFECTIVE_INTERVAL} > 0 AND d.id IN (${failedSinceLatest(workspaceId)}) AND ${LAST_ATTEMPT_FAILED})))`;
}

export type PortfolioStats = {
  /** Every domain in the workspace, scanned or not. */
  domains: number;
  /** Domains with at least one finished scan. */
  scanned: number;
  /** Scanned domains whose latest scan could not be graded: left out of every figure below. */
  notGraded: number;
  /** Scanned and graded: the denominator of DMARC and critical findings. */
  graded: number;
  /** Graded domains that publish a null MX: excluded from the transport ratios. */
  nullMx: number;
  /** Graded domains that accept mail: the denominator of the transport ratios. */
  acceptingMail: number;
  exposed: number;
  mtaStsEnforce: number;
  daneValid: number;
  /** DMARC policy quarantine or reject (denominator: scanned). */
  dmarcEnforcing: number;
  /** Domains with at least one critical finding (denominator: scanned). */
  withCritical: number;
  /** Domains whose latest result is stale (lib/report/staleness.ts). */
  stale: number;
  /** Domains with a scan queued or running now. */
  active: number;
  /** Domains "Rescan all" would queue: those without an active scan. */
  idle: number;
  staleDays: number;
};

type Row = Record<Exclude<keyof PortfolioStats, "idle" | "staleDays" | "acceptingMail" | "graded">, bigint>;

/** The latest scan has a grade (report `notGraded` absent). */
const GRADED = Prisma.sql`l."notGraded" IS NULL`;

export async function getPortfolioStats(scope: Scope, options: { now?: Date; staleDays?: number } = {}, db: Db = getDb()): Promise<PortfolioStats> {
  const now = options.now ?? new Date();
  const staleDays = options.staleDays ?? DEFAULT_STALE_DAYS;
  const workspaceId = scope.workspaceId;
  // The figures read DomainLatest alone (it carries its domain's workspace, and a domain never
  // changes workspace). Only the stale count needs each domain's schedule, and it reads only the
  // rows that can be stale at all (staleCondition, asked of its candidates only): older than
  // the floor (every domain's threshold is at least the floor), or with a failed scan since the
  // latest result. Joining all 10 000 domains to their latest results under ten filtered counts
  // was ~30 ms a view on the daily-scheduled workspace.
  const floorSeconds = staleDays * 86_400;
  const [row] = await db.$queryRaw<Row[]>`
    SELECT (SELECT count(*) FROM "Domain" dd WHERE dd."workspaceId" = ${workspaceId}::uuid) AS domains,
           agg.*,
           (SELECT count(*)
              FROM "DomainLatest" l
              JOIN "Domain" d ON d.id = l."domainId"
              JOIN "Workspace" w ON w.id = d."workspaceId"
             WHERE l."domainId" IN (SELECT ol."domainId" FROM "DomainLatest" ol
                                     WHERE ol."workspaceId" = ${workspaceId}::uuid
                                       AND ol."finishedAt" < ${now}::timestamptz - make_interval(secs => ${floorSeconds}::float8)
                                    UNION ${failedSinceLatest(workspaceId)})
               AND ${staleCondition(workspaceId, now, staleDays)}) AS stale,
           (SELECT count(*) FROM "Scan" s JOIN "Domain" sd ON sd.id = s."domainId"
             WHERE sd."workspaceId" = ${workspaceId}::uuid AND s.status IN ('queued', 'running')) AS active
      FROM (SELECT count(*) AS scanned,
                   count(*) FILTER (WHERE l."notGraded" IS NOT NULL) AS "notGraded",
                   count(*) FILTER (WHERE l.exposure = 'no-inbound-mail' AND ${GRADED}) AS "nullMx",
                   count(*) FILTER (WHERE l.exposure = 'exposed' AND ${GRADED}) AS exposed,
                   count(*) FILTER (WHERE l."mtaStsMode" = 'enforce' AND l.exposure IS DISTINCT FROM 'no-inbound-mail' AND ${GRADED}) AS "mtaStsEnforce",
                   count(*) FILTER (WHERE l."daneState" = 'pass' AND l.exposure IS DISTINCT FROM 'no-inbound-mail' AND ${GRADED}) AS "daneValid",
                   count(*) FILTER (WHERE l."dmarcPolicy" IN ('quarantine', 'reject') AND ${GRADED}) AS "dmarcEnforcing",
                   count(*) FILTER (WHERE l."criticalCount" > 0 AND ${GRADED}) AS "withCritical"
              FROM "DomainLatest" l
             WHERE l."workspaceId" = ${workspaceId}::uuid) agg`;
  const n = (k: keyof Row) => Number(row?.[k] ?? 0);
  const domains = n("domains");
  const scanned = n("scanned");
  const notGraded = n("notGraded");
  const nullMx = n("nullMx");
  const active = n("active");
  return {
    domains,
    scanned,
    notGraded,
    graded: scanned - notGraded,
    nullMx,
    acceptingMail: scanned - notGraded - nullMx,
    exposed: n("exposed"),
    mtaStsEnforce: n("mtaStsEnforce"),
    daneValid: n("daneValid"),
    dmarcEnforcing: n("dmarcEnforcing"),
    withCritical: n("withCritical"),
    stale: n("stale"),
    active,
    idle: Math.max(0, domains - active),
    staleDays,
  };
}
