/**
 * Reverse DNS names of DMARC report sources, cached in ReverseDns (docs/ui.md §5.8). Lookups run in
 * the background after a page is drawn (never blocking it), a few addresses at a time, each with a
 * deadline; the page shows a name once a later visit finds it cached.
 */
import { getDb, type Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { lookupReverseName } from "@/lib/scan/net/reverse-dns";
import { resolversFrom } from "@/lib/services/context";

/** Deadline of one PTR lookup. */
export const REVERSE_DNS_TIMEOUT_MS = 2_000;
/** A cached answer (a name, or none) is looked up again after this long. */
export const REVERSE_DNS_TTL_MS = 7 * 86_400_000;
/** A lookup that could not be done is retried after this long. */
export const REVERSE_DNS_RETRY_MS = 3_600_000;
/** At most this many addresses are looked up per page view. */
export const REVERSE_DNS_PER_REFRESH = 10;

/** A PTR lookup: the name, null when there is none, undefined when it could not be done. */
export type ReverseLookup = (address: string) => Promise<string | null | undefined>;

export function defaultReverseLookup(): ReverseLookup {
  const resolvers = resolversFrom(getEnv());
  return async (address) => {
    const r = await lookupReverseName(address, { resolvers, timeoutMs: REVERSE_DNS_TIMEOUT_MS });
    return r.outcome === "found" ? r.name : r.outcome === "absent" ? null : undefined;
  };
}

/** Cached names of the addresses (absent: never looked up, or no name). */
export async function cachedReverseNames(addresses: string[], db: Db = getDb()): Promise<Map<string, { name: string | null; checkedAt: Date }>> {
  if (addresses.length === 0) return new Map();
  const rows = await db.reverseDns.findMany({ where: { address: { in: addresses } } });
  return new Map(rows.map((r) => [r.address, { name: r.name, checkedAt: r.checkedAt }]));
}

/** Addresses being looked up by this process: a second page view does not start them again. */
const inflight = new Set<string>();

/**
 * Looks up the addresses whose cached name is missing or old (at most REVERSE_DNS_PER_REFRESH)
 * and stores the answers. Never throws: a failed lookup is retried later.
 */
export async function refreshReverseNames(addresses: string[], lookup: ReverseLookup, now: Date = new Date(), db: Db = getDb()): Promise<number> {
  try {
    const cached = await cachedReverseNames(addresses, db);
    const due = addresses
      .filter((a) => !inflight.has(a))
      .filter((a) => {
        const c = cached.get(a);
        return !c || now.getTime() - c.checkedAt.getTime() > (c.name === null ? REVERSE_DNS_RETRY_MS : REVERSE_DNS_TTL_MS);
      })
      .slice(0, REVERSE_DNS_PER_REFRESH);
    for (const a of due) inflight.add(a);
    try {
      const answers = await Promise.all(due.map(async (address) => ({ address, name: await lookup(address).catch(() => undefined) })));
      for (const { address, name } of answers) {
        // Unknown is not absent (docs/architecture.md rule 8): store no name, and retry sooner.
        const value = name ? name.replaceAll("\u0000", "").slice(0, 253) : null;
        await db.reverseDns.upsert({ where: { address }, create: { address, name: value, checkedAt: now }, update: { name: value, checkedAt: now } });
      }
      return answers.length;
    } finally {
      for (const a of due) inflight.delete(a);
    }
  } catch {
    return 0;
  }
}
