/**
 * Per-workspace limits (docs/teams.md "Limits"): scans people and API tokens may request per
 * minute and per day, the domains a workspace may hold, and the lines one bulk add may carry.
 *
 * Scan quotas count `Scan` rows with `trigger = 'user'`; the scheduler's scans (`'schedule'`) never
 * count and are never refused, so monitoring keeps running when people have used up the quota.
 *
 * Concurrency: the check and the INSERT of the scans happen in one transaction that first takes a
 * transaction-scoped advisory lock keyed by the workspace, so two requests cannot both see room for
 * the last scan (the lock is released at COMMIT, when the new rows are visible to the next holder).
 */
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getEnv, type Env } from "@/lib/env";
import type { Scope } from "@/lib/services/access/scope";
import { RateLimitedError, ValidationError } from "@/lib/services/errors";

export type ScanQuotaLimits = { perMinute: number; perDay: number };

export type WorkspaceLimits = ScanQuotaLimits & {
  /** Domains one workspace may hold. */
  maxDomains: number;
  /** Non-blank lines one bulk add may carry. */
  bulkAddMax: number;
  /** A rescan within this many seconds of the domain's last finished scan returns that scan (0: never). */
  recentScanSeconds?: number;
};

/** The limits from the environment (lib/env.ts); services take them as a parameter so tests can shrink them. */
export function workspaceLimits(env: Env = getEnv()): WorkspaceLimits {
  return {
    perMinute: env.MAILPOSTURE_SCAN_QUOTA_PER_MINUTE,
    perDay: env.MAILPOSTURE_SCAN_QUOTA_PER_DAY,
    maxDomains: env.MAILPOSTURE_MAX_DOMAINS,
    bulkAddMax: env.MAILPOSTURE_BULK_ADD_MAX,
    recentScanSeconds: env.MAILPOSTURE_RESCAN_REUSE_SECONDS,
  };
}

/** A rescan of a domain whose last scan finished this recently returns that scan and costs no quota. */
export const RECENT_SCAN_SECONDS = 60;

type Tx = Prisma.TransactionClient | Db;

type Window = { name: "minute" | "day"; label: string; seconds: number; limit: number };

function windowsOf(limits: ScanQuotaLimits): Window[] {
  return [
    { name: "minute", label: "in the last minute", seconds: 60, limit: limits.perMinute },
    { name: "day", label: "in the last 24 hours", seconds: 86_400, limit: limits.perDay },
  ];
}

/** Serializes quota checks of one workspace until the calling transaction ends. */
async function lockWorkspaceQuota(tx: Tx, workspaceId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`mailposture:scan-quota:${workspaceId}`}, 0))`;
}

/** The workspace's user-triggered scans requested within `seconds` before `now`. */
async function usedIn(tx: Tx, workspaceId: string, seconds: number, now: Date): Promise<number> {
  const rows = await tx.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM "Scan" s JOIN "Domain" d ON d.id = s."domainId"
     WHERE d."workspaceId" = ${workspaceId}::uuid AND s.trigger = 'user'
       AND s."requestedAt" > ${now}::timestamptz - make_interval(secs => ${seconds})`;
  return Number(rows[0]?.n ?? 0);
}

/**
 * Seconds until `needed` more scans fit the window: when the scan whose leaving makes room (the
 * `excess`-th oldest in the window) is older than the window. At least 1.
 */
async function secondsUntilRoom(tx: Tx, workspaceId: string, w: Window, excess: number, now: Date): Promise<number> {
  const rows = await tx.$queryRaw<{ at: Date }[]>`
    SELECT s."requestedAt" AS at FROM "Scan" s JOIN "Domain" d ON d.id = s."domainId"
     WHERE d."workspaceId" = ${workspaceId}::uuid AND s.trigger = 'user'
       AND s."requestedAt" > ${now}::timestamptz - make_interval(secs => ${w.seconds})
     ORDER BY s."requestedAt" ASC OFFSET ${excess - 1} LIMIT 1`;
  const at = rows[0]?.at;
  if (!at) return 1;
  return Math.max(1, Math.ceil((at.getTime() + w.seconds * 1000 - now.getTime()) / 1000));
}

function formatWait(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7_200) return `${Math.ceil(seconds / 60)} min`;
  return `${Math.ceil(seconds / 3_600)} h`;
}

/**
 * How many of `wanted` user-triggered scans may be queued now (0…wanted), with the lock taken.
 * When fewer than `wanted` fit, also the window that is full and when room opens again.
 */
export async function takeScanQuota(
  tx: Tx,
  scope: Scope,
  wanted: number,
  limits: ScanQuotaLimits,
  now: Date = new Date(),
): Promise<{ granted: number; refused?: { window: Window; used: number; retryAfterSeconds: number } }> {
  if (wanted <= 0) return { granted: 0 };
  await lockWorkspaceQuota(tx, scope.workspaceId);
  let granted = wanted;
  let refused: { window: Window; used: number; retryAfterSeconds: number } | undefined;
  for (const w of windowsOf(limits)) {
    const used = await usedIn(tx, scope.workspaceId, w.seconds, now);
    const room = Math.max(0, w.limit - used);
    if (room >= wanted) continue;
    granted = Math.min(granted, room);
    // Room for all `wanted` opens when (used + wanted − limit) scans have left the window.
    const excess = used + wanted - w.limit;
    const retryAfterSeconds = wanted > w.limit ? w.seconds : await secondsUntilRoom(tx, scope.workspaceId, w, excess, now);
    if (!refused || retryAfterSeconds > refused.retryAfterSeconds) refused = { window: w, used, retryAfterSeconds };
  }
  return refused ? { granted, refused } : { granted };
}

/**
 * Throws RateLimitedError unless `count` more user-triggered scans fit both windows. Call it inside
 * the transaction that then creates exactly (at most) `count` scans: the lock it takes is held
 * until that transaction ends.
 */
export async function enforceScanQuota(tx: Tx, scope: Scope, count: number, limits: ScanQuotaLimits, now: Date = new Date()): Promise<void> {
  for (const w of windowsOf(limits)) {
    // A request larger than a whole window can never succeed: say so instead of "try again".
    if (count > w.limit) {
      throw new ValidationError(`That asks for ${count.toLocaleString("en-US")} scans at once; this workspace may request at most ${w.limit.toLocaleString("en-US")} ${w.label}. Select fewer domains.`);
    }
  }
  const { granted, refused } = await takeScanQuota(tx, scope, count, limits, now);
  if (granted >= count || !refused) return;
  const { window: w, used, retryAfterSeconds } = refused;
  const limitText = used >= w.limit ? "the limit" : `the limit is ${w.limit.toLocaleString("en-US")}`;
  throw new RateLimitedError(
    `This workspace has requested ${used.toLocaleString("en-US")} scans ${w.label} (${limitText}); try again in ${formatWait(retryAfterSeconds)}.`,
    retryAfterSeconds,
  );
}

/**
 * The domain's last finished scan when it finished less than `seconds` (RECENT_SCAN_SECONDS)
 * before `now`: a second Rescan click (or a script in a loop) gets that result instead of costing a scan.
 */
export async function findRecentScan(db: Tx, domainId: string, now: Date = new Date(), seconds = RECENT_SCAN_SECONDS): Promise<string | undefined> {
  if (seconds <= 0) return undefined;
  const scan = await db.scan.findFirst({
    where: { domainId, status: { in: ["done", "failed"] }, finishedAt: { gt: new Date(now.getTime() - seconds * 1000) } },
    orderBy: { finishedAt: "desc" },
    select: { id: true },
  });
  return scan?.id;
}

/** Throws when adding `adding` domains would take the workspace past `maxDomains`. */
export async function enforceDomainCap(db: Tx, scope: Scope, adding: number, maxDomains: number): Promise<void> {
  if (adding <= 0) return;
  const held = await db.domain.count({ where: { workspaceId: scope.workspaceId } });
  if (held + adding <= maxDomains) return;
  const room = Math.max(0, maxDomains - held);
  const message = `This workspace holds ${held.toLocaleString("en-US")} domains and may hold at most ${maxDomains.toLocaleString("en-US")}; ${room === 0 ? "delete some before adding more" : `add at most ${room.toLocaleString("en-US")} more`}. Nothing was added.`;
  throw new ValidationError(message, { domains: message });
}
