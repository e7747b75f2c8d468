/**
 * Sharing SMTP observations between the scans of many domains, and politeness per destination
 * (docs/politeness.md). Many domains name the same MX hosts (hosted mail): one probe of an
 * (MX host, address, port) serves every domain that names it within a TTL, and no address gets
 * more concurrent or new sessions than configured, whatever the number of scans in flight.
 *
 * The key includes the host name because it is sent as SNI (RFC 6066 §3) and a server may present
 * a different certificate per name (RFC 7672 §8.1, RFC 8461 §4.1 judge against it). Only the
 * observation is shared: trust, names and DANE are judged per domain from the shared DER chain.
 *
 * This module defines the seams (`ProbeCache`, `DestinationLimiter`) and their in-memory versions
 * (one process: the CLI and its bulk mode); lib/services/probe-cache has the PostgreSQL versions
 * shared by all workers. `shareProbe` wraps the scanner's `ScanDeps.probe` with both.
 */
import type { EndpointProbe } from "./checks/starttls/probe-hosts";
import { sessionClosing, type SmtpProbeResult } from "./net/smtp";
import type { Endpoint } from "./types";

export type ProbeKey = { host: string; address: string; port: number };
export type ProbeObservation = { endpoint: Endpoint; probe: SmtpProbeResult };
/** A shared observation and when its probe ran. */
export type SharedObservation = { observation: ProbeObservation; observedAt: Date };

/** The JSON form of an observation (stored in PostgreSQL): DER certificates as base64. */
export type StoredObservation = {
  observedAt: string;
  endpoint: Endpoint;
  probe: Omit<SmtpProbeResult, "peerChain"> & { peerChain: string[] };
};

export function probeKeyString(key: ProbeKey): string {
  return `${key.host.toLowerCase().replace(/\.$/, "")}|${key.address}|${key.port}`;
}

export function serializeObservation(shared: SharedObservation): StoredObservation {
  const { peerChain, ...probe } = shared.observation.probe;
  return { observedAt: shared.observedAt.toISOString(), endpoint: shared.observation.endpoint, probe: { ...probe, peerChain: peerChain.map((der) => der.toString("base64")) } };
}

export function deserializeObservation(stored: StoredObservation): SharedObservation {
  const { peerChain, ...probe } = stored.probe;
  return {
    observedAt: new Date(stored.observedAt),
    observation: { endpoint: stored.endpoint, probe: { ...probe, peerChain: peerChain.map((b64) => Buffer.from(b64, "base64")) } },
  };
}

/**
 * Whether an observation may serve other scans: a rate-limited answer is a "come back later", not
 * an observation of the endpoint, and a probe cut short by its own scan's deadline or abort says
 * nothing about the endpoint either.
 */
export function isShareable(observation: ProbeObservation, signal?: AbortSignal): boolean {
  return observation.probe.state !== "rate-limited" && !signal?.aborted;
}

export type ShareOptions = {
  /** How old a shared observation may be to be reused. */
  maxAgeMs: number;
  /** Re-probe even if a fresh observation exists (a person's Rescan); the new one replaces it. */
  refresh: boolean;
  signal?: AbortSignal;
};

export interface ProbeCache {
  /**
   * A fresh observation of `key`, or the one `probe` makes. Sharers that ask while a probe of the
   * key is running wait for it rather than open their own session (single flight). `probe` reports
   * whether its result may be stored (`isShareable`); one that may not is returned to its caller
   * only, and a waiter then probes for itself.
   */
  share(key: ProbeKey, options: ShareOptions, probe: () => Promise<{ observation: ProbeObservation; shareable: boolean }>): Promise<SharedObservation & { reused: boolean }>;
}

export interface DestinationLimiter {
  /**
   * Waits until a new session to `address` is allowed (concurrent sessions, new sessions per
   * window, back-off) and takes it; the returned function ends it. Rejects when `signal` aborts.
   */
  acquire(address: string, signal?: AbortSignal): Promise<() => Promise<void>>;
  /** The address answered 4xx at greeting or EHLO: no new session to it before `until`. */
  backOff(address: string, until: Date): Promise<void>;
}

export type PolitenessLimits = {
  /** Concurrent sessions per address. */
  concurrent: number;
  /** New sessions per address per `windowMs`; undefined: no rate cap. */
  perWindow?: number;
  /** The rate window (one minute in production; tests shorten it). */
  windowMs: number;
};

export type BackoffPolicy = {
  /** First wait after a 4xx; doubled on each further one (exponential), capped at `maxMs`. */
  initialMs: number;
  maxMs: number;
  /** Retries after the first attempt; then the endpoint is recorded `rate-limited`. */
  maxRetries: number;
};

/** 1 s → 2 s → 4 s … capped at 60 s, at most 4 retries, all within the scan's own deadline. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 60_000, maxRetries: 4 };
/** Scheduled and bulk scans reuse an observation for an hour. */
export const DEFAULT_PROBE_TTL_MS = 3_600_000;

/** Resolves after `ms`, or rejects at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error("aborted"));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error("aborted"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Observations one process keeps at most (least recently used first out). A bulk run of 100 000
 * domains names ~27 000 distinct (MX host, address) pairs, most of them a domain's own MX that no
 * other domain reuses; unbounded, their observations (certificate chains included) grew the
 * process by half over the run. Shared providers' MX hosts are used again and again, so they stay.
 */
export const MEMORY_PROBE_CACHE_ENTRIES = 5_000;

/**
 * Puts `id` last in `entries` and drops the least recently used beyond `max`: a Map iterates in
 * insertion order, so re-inserting on every use keeps the oldest first.
 */
export function rememberRecent<V>(entries: Map<string, V>, id: string, value: V, max: number): void {
  entries.delete(id);
  entries.set(id, value);
  while (entries.size > max) entries.delete(entries.keys().next().value!);
}

/** One process's cache: a map with single flight; entries past their age are dropped as met. */
export function createMemoryProbeCache(options: { now?: () => Date; maxEntries?: number } = {}): ProbeCache & { readonly size: number } {
  const now = options.now ?? (() => new Date());
  const maxEntries = Math.max(1, options.maxEntries ?? MEMORY_PROBE_CACHE_ENTRIES);
  const entries = new Map<string, SharedObservation>();
  const remember = (id: string, shared: SharedObservation) => rememberRecent(entries, id, shared, maxEntries);
  const inFlight = new Map<string, Promise<{ shared: SharedObservation; shareable: boolean }>>();
  return {
    get size() {
      return entries.size;
    },
    async share(key, opts, probe) {
      const id = probeKeyString(key);
      for (;;) {
        const stored = entries.get(id);
        if (stored && !opts.refresh) {
          if (now().getTime() - stored.observedAt.getTime() <= opts.maxAgeMs) {
            remember(id, stored);
            return { ...stored, reused: true };
          }
          entries.delete(id);
        }
        const running = inFlight.get(id);
        if (running) {
          // A probe started meanwhile is at least as fresh as a refresh asks for.
          const result = await running;
          if (result.shareable) return { ...result.shared, reused: true };
          if (opts.signal?.aborted) return { ...result.shared, reused: true };
          continue;
        }
        const mine = (async () => {
          const observedAt = now();
          const { observation, shareable } = await probe();
          const shared = { observation, observedAt };
          if (shareable) remember(id, shared);
          return { shared, shareable };
        })();
        inFlight.set(id, mine);
        try {
          const { shared } = await mine;
          return { ...shared, reused: false };
        } finally {
          inFlight.delete(id);
        }
      }
    },
  };
}

type AddressState = { active: number; starts: number[]; notBefore: number; wake: Set<() => void> };

/** One process's limiter: per address a session count, the starts within the window, a back-off. */
export function createMemoryLimiter(limits: PolitenessLimits, options: { now?: () => number } = {}): DestinationLimiter {
  if (!Number.isInteger(limits.concurrent) || limits.concurrent < 1) throw new Error(`concurrent sessions per address must be at least 1, not ${limits.concurrent}`);
  const now = options.now ?? Date.now;
  const states = new Map<string, AddressState>();
  const stateOf = (address: string): AddressState => {
    let s = states.get(address);
    if (!s) states.set(address, (s = { active: 0, starts: [], notBefore: 0, wake: new Set() }));
    return s;
  };
  const wakeAll = (s: AddressState) => {
    const waiters = [...s.wake];
    s.wake.clear();
    for (const w of waiters) w();
  };
  /** Milliseconds until a session may start (0: now; Infinity: when one ends). */
  const waitFor = (s: AddressState, t: number): number => {
    if (s.notBefore > t) return s.notBefore - t;
    if (s.active >= limits.concurrent) return Infinity;
    if (limits.perWindow !== undefined) {
      while (s.starts.length > 0 && s.starts[0]! <= t - limits.windowMs) s.starts.shift();
      if (s.starts.length >= limits.perWindow) return s.starts[0]! + limits.windowMs - t;
    }
    return 0;
  };
  return {
    async acquire(address, signal) {
      const s = stateOf(address);
      for (let wait = waitFor(s, now()); wait > 0; wait = waitFor(s, now())) {
        if (signal?.aborted) throw signal.reason ?? new Error("aborted");
        await new Promise<void>((resolve, reject) => {
          const done = () => {
            clearTimeout(timer);
            s.wake.delete(done);
            signal?.removeEventListener("abort", aborted);
            resolve();
          };
          const aborted = () => {
            clearTimeout(timer);
            s.wake.delete(done);
            reject(signal?.reason ?? new Error("aborted"));
          };
          const timer = Number.isFinite(wait) ? setTimeout(done, wait) : undefined;
          s.wake.add(done);
          signal?.addEventListener("abort", aborted, { once: true });
        });
      }
      s.active++;
      // Starts matter only to a per-window cap; without one they would pile up for an address that
      // is never idle (a shared host named by thousands of domains) for the whole run.
      if (limits.perWindow !== undefined) s.starts.push(now());
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        s.active--;
        wakeAll(s);
        if (s.active === 0 && s.notBefore <= now() && limits.perWindow === undefined) states.delete(address);
      };
    },
    async backOff(address, until) {
      const s = stateOf(address);
      s.notBefore = Math.max(s.notBefore, until.getTime());
    },
  };
}

export type ProbeSharing = {
  cache?: ProbeCache;
  limiter?: DestinationLimiter;
  /** Age up to which a shared observation is reused (DEFAULT_PROBE_TTL_MS). */
  maxAgeMs?: number;
  /** Re-probe every endpoint this scan names (an interactive Rescan), refreshing the shared result. */
  refresh?: boolean;
  backoff?: BackoffPolicy;
};

function notProbed(address: string, detail: string): ProbeObservation {
  return {
    endpoint: { address, starttls: "rate-limited", detail, injectedBytes: 0 },
    probe: { state: "rate-limited", detail, phase: "connect", ehloKeywords: [], usedHelo: false, starttlsOffered: false, injectedBytesDiscarded: 0, injections: [], peerChain: [] },
  };
}

/**
 * `probe` behind the cache and the limiter. A reused observation carries `reusedFrom` (the
 * original probe's time) on its endpoint. A 421 or other 4xx at greeting or EHLO (RFC 5321 §3.8,
 * §4.2.1: transient) backs the address off exponentially and retries; when the retries or the
 * scan's deadline run out the endpoint stays `rate-limited` — inconclusive, never "no STARTTLS".
 */
export function shareProbe(probe: EndpointProbe, sharing: ProbeSharing): EndpointProbe {
  const backoff = sharing.backoff ?? DEFAULT_BACKOFF;
  const limiter = sharing.limiter;
  const session: EndpointProbe = async (options) => {
    let delay = backoff.initialMs;
    for (let attempt = 0; ; attempt++) {
      let release: (() => Promise<void>) | undefined;
      if (limiter) {
        try {
          release = await limiter.acquire(options.address, options.signal);
        } catch {
          return notProbed(options.address, "not probed: the scan's deadline passed while waiting for a session slot to this address (politeness limit)");
        }
      }
      let result: ProbeObservation;
      try {
        result = await probe(options);
      } catch (err) {
        await release?.();
        throw err;
      }
      // The slot is held until the connection is really closed (a probe returns while its QUIT is
      // still being answered), so the per-address concurrency counts open sessions, not probes.
      const closing = sessionClosing(result.probe);
      if (release && closing) {
        const free = release;
        void closing.then(() => free()).catch(() => undefined);
      } else await release?.();
      if (result.probe.state !== "rate-limited" || attempt >= backoff.maxRetries || options.signal?.aborted) return result;
      const wait = Math.min(delay, backoff.maxMs);
      delay *= 2;
      await limiter?.backOff(options.address, new Date(Date.now() + wait));
      try {
        // With a limiter the back-off is enforced by acquire (and seen by every scan); without
        // one, this scan waits by itself.
        if (!limiter) await sleep(wait, options.signal);
      } catch {
        return result;
      }
    }
  };
  const cache = sharing.cache;
  if (!cache) return session;
  const maxAgeMs = sharing.maxAgeMs ?? DEFAULT_PROBE_TTL_MS;
  return async (options) => {
    const shared = await cache.share(
      { host: options.host, address: options.address, port: options.port },
      { maxAgeMs, refresh: sharing.refresh ?? false, signal: options.signal },
      async () => {
        const observation = await session(options);
        return { observation, shareable: isShareable(observation, options.signal) };
      },
    );
    if (!shared.reused) return shared.observation;
    const { endpoint, probe: raw } = shared.observation;
    // The address is the same by key; the reuse is stated so a reader knows when it was observed.
    return { endpoint: { ...endpoint, reusedFrom: shared.observedAt.toISOString() }, probe: raw };
  };
}
