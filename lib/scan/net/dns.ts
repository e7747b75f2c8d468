/**
 * The production DnsClient: EDNS0 queries with the DO bit to recursive resolvers over UDP (TCP
 * when truncated), reading the AD flag for the DNSSEC state. Create one client per scan: its
 * cache gives every check the same view of DNS and merges identical queries in flight.
 */
import { DNS_ATTEMPT_TIMEOUT_MS, DNS_LOOKUP_DEADLINE_MS, DNS_RETRIES } from "../defaults";
import type { ExchangeSettings } from "./dns-exchange";
import { resolveChain } from "./dns-resolve";
import type { DnsAnswer, DnsClient, DnsServerAddress, RRType } from "./dns-types";

export type DnsClientOptions = {
  /** Tried in order; none of them is subject to the private-address guard. */
  resolvers: DnsServerAddress[];
  attemptTimeoutMs?: number;
  /** Absolute deadline of one query() call, across retries, resolvers, CNAMEs and the CD retry. */
  deadlineMs?: number;
  /** Further rounds for resolvers that stayed silent (a resolver that replied is not asked again). */
  retries?: number;
  /** Where isValidating() keeps its verdicts; pass `sharedValidationCache` to keep them per process. */
  validationCache?: ValidationCache;
};

/** Verdicts of isValidating(), keyed by resolver list and zone. Only settled verdicts are kept. */
export type ValidationCache = Map<string, boolean>;

/** One process-wide cache: the spec asks for the resolver check "once per process and resolver". */
export const sharedValidationCache: ValidationCache = new Map();

type Shared = {
  promise: Promise<DnsAnswer>;
  controller: AbortController;
  /** Callers that brought a signal and still wait; a caller without one pins the lookup. */
  waiters: number;
  pinned: boolean;
  settled: boolean;
};

export function createDnsClient(options: DnsClientOptions): DnsClient {
  if (options.resolvers.length === 0) throw new Error("createDnsClient needs at least one resolver");
  const settings: ExchangeSettings = {
    resolvers: options.resolvers.map((r) => ({ ...r })),
    attemptTimeoutMs: options.attemptTimeoutMs ?? DNS_ATTEMPT_TIMEOUT_MS,
    retries: options.retries ?? DNS_RETRIES,
  };
  const deadlineMs = options.deadlineMs ?? DNS_LOOKUP_DEADLINE_MS;
  const validationCache = options.validationCache ?? new Map<string, boolean>();
  const resolverKey = settings.resolvers.map((r) => `${r.host}#${r.port}`).join(",");
  // Every outcome stays cached, timeouts included, so that all checks of a scan agree.
  const cache = new Map<string, Shared>();

  function start(name: string, type: RRType): Shared {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), deadlineMs);
    const state = { controller, waiters: 0, pinned: false, settled: false };
    const promise = resolveChain(name, type, settings, controller.signal)
      .catch((err: unknown) => fail(name, type, "error", `internal error: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        clearTimeout(timer);
        state.settled = true;
      });
    return Object.assign(state, { promise });
  }

  async function query(rawName: string, type: RRType, opts?: { signal?: AbortSignal }): Promise<DnsAnswer> {
    const checked = checkQueryName(rawName);
    if (!checked.ok) return fail(rawName, type, "error", checked.error);
    const name = checked.name;
    const signal = opts?.signal;
    if (signal?.aborted) return fail(name, type, "timeout", "aborted");
    const key = `${type} ${name}`;
    let entry = cache.get(key);
    if (!entry) {
      entry = start(name, type);
      cache.set(key, entry);
    }
    if (!signal) entry.pinned = true;
    if (entry.settled || !signal) return entry.promise;
    return waitFor(entry, key, signal, name, type);
  }

  /** Lets one caller give up without cancelling the lookup for the others sharing it. */
  function waitFor(entry: Shared, key: string, signal: AbortSignal, name: string, type: RRType): Promise<DnsAnswer> {
    entry.waiters += 1;
    return new Promise((resolve) => {
      const onAbort = (): void => {
        entry.waiters -= 1;
        if (entry.waiters === 0 && !entry.pinned && !entry.settled) {
          // Nobody wants this lookup any more: stop it and forget it (an abandoned lookup is not an answer).
          cache.delete(key);
          entry.controller.abort();
        }
        resolve(fail(name, type, "timeout", "aborted"));
      };
      signal.addEventListener("abort", onAbort, { once: true });
      void entry.promise.then((answer) => {
        signal.removeEventListener("abort", onAbort);
        resolve(answer);
      });
    });
  }

  async function isValidating(tld: string): Promise<boolean> {
    // Spec "Resolver trust": an authenticated SOA of the root or of the TLD proves validation.
    const zones = ["."];
    const checked = checkQueryName(tld);
    if (checked.ok && checked.name !== ".") zones.push(checked.name.split(".").pop() as string);
    const verdicts = await Promise.all(
      zones.map(async (zone) => {
        const key = `${resolverKey}|${zone}`;
        const known = validationCache.get(key);
        if (known !== undefined) return known;
        const answer = await query(zone, "SOA");
        if (answer.outcome !== "ok" && answer.outcome !== "nodata" && answer.outcome !== "nxdomain") return false;
        // An authenticated denial proves validation as well as an authenticated SOA does.
        const verdict = answer.dnssec === "secure";
        validationCache.set(key, verdict);
        return verdict;
      }),
    );
    return verdicts.includes(true);
  }

  return { query, isValidating };
}

function fail(name: string, type: RRType, outcome: DnsAnswer["outcome"], error: string): DnsAnswer {
  return { name, type, outcome, dnssec: "insecure", records: [], cnames: [], error };
}

/** Lower case, no trailing dot, the root as "."; rejects what cannot go on the wire as a name. */
export function checkQueryName(raw: string): { ok: true; name: string } | { ok: false; error: string } {
  let name = raw.trim().toLowerCase();
  if (name === "" || name === ".") return { ok: true, name: "." };
  if (name.endsWith(".")) name = name.slice(0, -1);
  if (!/^[\x21-\x7e]+$/.test(name) || name.includes("\\")) return { ok: false, error: "not an ASCII DNS name (use the A-label form)" };
  const labels = name.split(".");
  if (labels.some((l) => l.length === 0)) return { ok: false, error: "name has an empty label" };
  // RFC 1035 §2.3.4: labels of 63 octets or less, names of 255 octets or less on the wire.
  if (labels.some((l) => l.length > 63)) return { ok: false, error: "name has a label longer than 63 octets" };
  if (name.length + 2 > 255) return { ok: false, error: "name longer than 255 octets" };
  return { ok: true, name };
}
