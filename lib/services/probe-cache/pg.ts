/**
 * The workers' shared probe cache and per-address limiter, in PostgreSQL (docs/politeness.md):
 * every worker process of the service sees the same observations and the same session counts.
 *
 * - Cache: one `ProbeResult` row per (MX host, address, port). A worker that finds no fresh
 *   observation claims the row (a lease), probes, and stores; the others poll until it has
 *   stored, or its claim lapses (a crashed worker), so one probe serves them all.
 * - Limiter: a `DestinationSession` row per session. A transaction-scoped advisory lock per address
 *   serializes the decision "may one more start now?" across processes, taken on the database's
 *   clock (clock_timestamp(), not the transaction's start), so the count of open sessions and of
 *   starts within the window is exact. A session whose worker died stops counting at its lease.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import {
  deserializeObservation,
  serializeObservation,
  sleep,
  type DestinationLimiter,
  type PolitenessLimits,
  type ProbeCache,
  type StoredObservation,
} from "@/lib/scan/probe-cache";

/** How often a waiting worker looks again (a claim being probed, a slot being freed). */
const POLL_MS = 50;
/**
 * How long a claim or a session counts without its worker: longer than one SMTP session
 * (SMTP_SESSION_DEADLINE_MS, 60 s) with its back-off retries, short enough that a crashed worker
 * does not block an address for long.
 */
const LEASE_MS = 5 * 60_000;

type ProbeRow = { observation: StoredObservation | null; fresh: boolean; claimedBy: string | null; claimLive: boolean };

export function createPgProbeCache(db: Db, options: { pollMs?: number; leaseMs?: number } = {}): ProbeCache {
  const pollMs = options.pollMs ?? POLL_MS;
  const leaseMs = options.leaseMs ?? LEASE_MS;
  return {
    async share(key, opts, probe) {
      const me = randomUUID();
      // A refresh accepts only an observation made after it was asked for.
      const asked = (await db.$queryRaw<{ asked: Date }[]>`SELECT clock_timestamp() AS asked`)[0]!.asked;
      for (;;) {
        const rows = await db.$queryRaw<ProbeRow[]>`
          SELECT observation,
                 ("observedAt" IS NOT NULL AND ${opts.refresh}::boolean AND "observedAt" >= ${asked})
                   OR ("observedAt" IS NOT NULL AND NOT ${opts.refresh}::boolean AND "observedAt" >= clock_timestamp() - make_interval(secs => ${opts.maxAgeMs / 1000})) AS fresh,
                 "claimedBy", ("claimedUntil" IS NOT NULL AND "claimedUntil" > clock_timestamp()) AS "claimLive"
            FROM "ProbeResult" WHERE host = ${key.host} AND address = ${key.address} AND port = ${key.port}`;
        const row = rows[0];
        if (row?.fresh && row.observation) return { ...deserializeObservation(row.observation), reused: true };
        if (!row?.claimLive) {
          // Claim the key: only one worker wins while a claim is live.
          const won = await db.$queryRaw<{ observedAt: Date }[]>`
            INSERT INTO "ProbeResult" (host, address, port, "claimedBy", "claimedUntil")
            VALUES (${key.host}, ${key.address}, ${key.port}, ${me}, clock_timestamp() + make_interval(secs => ${leaseMs / 1000}))
            ON CONFLICT (host, address, port) DO UPDATE SET "claimedBy" = EXCLUDED."claimedBy", "claimedUntil" = EXCLUDED."claimedUntil"
              WHERE ("ProbeResult"."claimedUntil" IS NULL OR "ProbeResult"."claimedUntil" <= clock_timestamp())
                -- Another worker may have stored a usable observation since our SELECT: take that
                -- one (next round) instead of opening a second session.
                AND NOT ("ProbeResult"."observedAt" IS NOT NULL AND (
                  (${opts.refresh}::boolean AND "ProbeResult"."observedAt" >= ${asked})
                  OR (NOT ${opts.refresh}::boolean AND "ProbeResult"."observedAt" >= clock_timestamp() - make_interval(secs => ${opts.maxAgeMs / 1000}))))
            RETURNING clock_timestamp() AS "observedAt"`;
          if (won.length === 1) {
            const observedAt = won[0]!.observedAt;
            let result: Awaited<ReturnType<typeof probe>>;
            try {
              result = await probe();
            } catch (error) {
              await db.$executeRaw`UPDATE "ProbeResult" SET "claimedBy" = NULL, "claimedUntil" = NULL WHERE host = ${key.host} AND address = ${key.address} AND port = ${key.port} AND "claimedBy" = ${me}`;
              throw error;
            }
            const shared = { observation: result.observation, observedAt };
            if (result.shareable) {
              const stored = JSON.stringify(serializeObservation(shared));
              await db.$executeRaw`
                UPDATE "ProbeResult" SET observation = ${stored}::jsonb, "observedAt" = ${observedAt}, "claimedBy" = NULL, "claimedUntil" = NULL
                 WHERE host = ${key.host} AND address = ${key.address} AND port = ${key.port} AND "claimedBy" = ${me}`;
            } else {
              await db.$executeRaw`UPDATE "ProbeResult" SET "claimedBy" = NULL, "claimedUntil" = NULL WHERE host = ${key.host} AND address = ${key.address} AND port = ${key.port} AND "claimedBy" = ${me}`;
            }
            return { ...shared, reused: false };
          }
        }
        // Another worker is probing this key: wait for its result rather than open a session.
        try {
          await sleep(pollMs, opts.signal);
        } catch {
          // This scan is over; what it gets is only recorded as inconclusive by its caller.
          const { observation } = await probe();
          return { observation, observedAt: new Date(), reused: false };
        }
      }
    },
  };
}

export function createPgLimiter(db: Db, limits: PolitenessLimits, options: { pollMs?: number; leaseMs?: number } = {}): DestinationLimiter {
  if (!Number.isInteger(limits.concurrent) || limits.concurrent < 1) throw new Error(`concurrent sessions per address must be at least 1, not ${limits.concurrent}`);
  const pollMs = options.pollMs ?? POLL_MS;
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const perWindow = limits.perWindow ?? null;
  return {
    async acquire(address, signal) {
      for (;;) {
        if (signal?.aborted) throw signal.reason ?? new Error("aborted");
        const granted = await db.$transaction(async (tx) => {
          // One decision at a time per address, across every process (released at commit).
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`mailposture:destination:${address}`}, 0))`;
          const rows = await tx.$queryRaw<{ id: bigint | null; waitMs: number }[]>`
            WITH now AS (SELECT clock_timestamp() AS t),
                 live AS (SELECT count(*)::int AS n FROM "DestinationSession", now
                           WHERE address = ${address} AND "endedAt" IS NULL AND "leaseUntil" > now.t),
                 recent AS (SELECT count(*)::int AS n, min("startedAt") AS oldest FROM "DestinationSession", now
                             WHERE address = ${address} AND "startedAt" > now.t - make_interval(secs => ${limits.windowMs / 1000})),
                 back AS (SELECT max("notBefore") AS nb FROM "DestinationBackoff" WHERE address = ${address})
            SELECT NULL::bigint AS id,
                   CASE WHEN back.nb > now.t THEN ceil(extract(epoch FROM back.nb - now.t) * 1000)::int
                        WHEN live.n >= ${limits.concurrent} THEN ${pollMs}::int
                        WHEN ${perWindow}::int IS NOT NULL AND recent.n >= ${perWindow}::int
                          THEN greatest(1, ceil(extract(epoch FROM recent.oldest + make_interval(secs => ${limits.windowMs / 1000}) - now.t) * 1000))::int
                        ELSE 0 END AS "waitMs"
              FROM now, live, recent, back`;
          const waitMs = rows[0]?.waitMs ?? 0;
          if (waitMs > 0) return { id: null, waitMs };
          const inserted = await tx.$queryRaw<{ id: bigint }[]>`
            INSERT INTO "DestinationSession" (address, "startedAt", "leaseUntil")
            VALUES (${address}, clock_timestamp(), clock_timestamp() + make_interval(secs => ${leaseMs / 1000}))
            RETURNING id`;
          // Rows that no longer count for anything are dropped as the address is used.
          await tx.$executeRaw`
            DELETE FROM "DestinationSession"
             WHERE address = ${address} AND "startedAt" < clock_timestamp() - make_interval(secs => ${limits.windowMs / 1000})
               AND ("endedAt" IS NOT NULL OR "leaseUntil" <= clock_timestamp())`;
          return { id: inserted[0]!.id, waitMs: 0 };
        });
        if (granted.id !== null) {
          const id = granted.id;
          let released = false;
          return async () => {
            if (released) return;
            released = true;
            await db.$executeRaw`UPDATE "DestinationSession" SET "endedAt" = clock_timestamp() WHERE id = ${id}`;
          };
        }
        // A slot frees when another session ends (poll); a window or back-off has a known end.
        await sleep(Math.min(Math.max(granted.waitMs, 1), 5_000), signal);
      }
    },
    async backOff(address, until) {
      await db.$executeRaw`
        INSERT INTO "DestinationBackoff" (address, "notBefore") VALUES (${address}, ${until})
        ON CONFLICT (address) DO UPDATE SET "notBefore" = greatest("DestinationBackoff"."notBefore", EXCLUDED."notBefore")`;
    },
  };
}

/** The service's shared cache and limiter (lib/services/context.ts PolitenessSettings). */
export function pgProbeSharing(db: Db, limits: PolitenessLimits): { cache: ProbeCache; limiter: DestinationLimiter } {
  return { cache: createPgProbeCache(db), limiter: createPgLimiter(db, limits) };
}

/** Drops observations no scan may reuse any more (older than `maxAgeMs`, not being probed); `scope.address` limits it to one address. */
export async function pruneProbeResults(db: Db, maxAgeMs: number, scope: { address?: string } = {}): Promise<number> {
  const address = scope.address ?? null;
  return db.$executeRaw`
    DELETE FROM "ProbeResult"
     WHERE (${address}::text IS NULL OR address = ${address}::text)
       AND ("observedAt" IS NULL OR "observedAt" < clock_timestamp() - make_interval(secs => ${maxAgeMs / 1000}))
       AND ("claimedUntil" IS NULL OR "claimedUntil" <= clock_timestamp())`;
}
