/**
 * One bulk run shares one probe cache and one per-address limiter across its worker threads
 * (docs/politeness.md): they live in the parent, and each thread reaches them through messages.
 * Observations cross as StoredObservation (DER as base64), like the PostgreSQL cache stores them.
 */
import type { MessagePort, Worker } from "node:worker_threads";
import { deserializeObservation, probeKeyString, rememberRecent, serializeObservation, type DestinationLimiter, type ProbeCache, type SharedObservation } from "@/lib/scan/probe-cache";
import type { ProbeSharingHandles } from "@/lib/services/context";
import type { FromWorker, SharingReply, SharingRequest, ToWorker } from "./protocol";

const SHARING_TYPES = new Set<string>(["share", "probed", "acquire", "release", "backoff"]);

export function isSharingRequest(message: FromWorker): message is SharingRequest {
  return SHARING_TYPES.has(message.type);
}

/** The parent's side for one thread: answers its requests from the run's handles. */
export function serveSharing(worker: Pick<Worker, "postMessage">, handles: ProbeSharingHandles): (message: SharingRequest) => void {
  const probing = new Map<number, (result: { stored: SharingRequest & { type: "probed" } }) => void>();
  const releases = new Map<number, () => Promise<void>>();
  const post = (message: SharingReply): void => worker.postMessage(message satisfies ToWorker);
  return (message) => {
    switch (message.type) {
      case "share": {
        const { id, key, maxAgeMs, refresh } = message;
        const cache = handles.cache;
        if (!cache) return post({ type: "probe-now", id });
        void cache
          .share(key, { maxAgeMs, refresh }, () =>
            new Promise((resolve) => {
              probing.set(id, ({ stored }) => resolve({ observation: deserializeObservation(stored.stored).observation, shareable: stored.shareable }));
              post({ type: "probe-now", id });
            }),
          )
          .then((shared) => post({ type: "shared", id, stored: serializeObservation(shared), reused: shared.reused }));
        return;
      }
      case "probed": {
        const done = probing.get(message.id);
        probing.delete(message.id);
        done?.({ stored: message });
        return;
      }
      case "acquire": {
        const limiter = handles.limiter;
        if (!limiter) return post({ type: "acquired", id: message.id });
        void limiter.acquire(message.address).then((release) => {
          releases.set(message.id, release);
          post({ type: "acquired", id: message.id });
        });
        return;
      }
      case "release": {
        const release = releases.get(message.id);
        releases.delete(message.id);
        void release?.();
        return;
      }
      case "backoff":
        void handles.limiter?.backOff(message.address, new Date(message.until));
        return;
    }
  };
}

/**
 * Observations a thread keeps of what the parent shared with it. Most endpoints of a bulk run are
 * a few providers' MX hosts asked for again and again (3 450 of 4 234 in the benchmark's mix);
 * answering those in the thread saves two messages, a base64 round trip of the chain, and a wake-up
 * of the parent per endpoint. The parent stays the authority: a miss, a refresh or an entry past
 * the asked age goes to it, and only what it shared or stored is kept here. Small, because the
 * parent keeps the long tail (MEMORY_PROBE_CACHE_ENTRIES) and every thread would hold a copy.
 */
export const THREAD_PROBE_CACHE_ENTRIES = 500;

/** A thread's side: handles that forward to the parent; `onReply` takes the parent's answers. */
export function remoteSharing(port: Pick<MessagePort, "postMessage">, options: { now?: () => number } = {}): { handles: ProbeSharingHandles; onReply: (message: SharingReply) => void } {
  const now = options.now ?? Date.now;
  let next = 1;
  const waiting = new Map<number, (message: SharingReply) => void>();
  const post = (message: SharingRequest): void => port.postMessage(message satisfies FromWorker);
  const kept = new Map<string, SharedObservation>();
  const keep = (id: string, shared: SharedObservation): void => rememberRecent(kept, id, shared, THREAD_PROBE_CACHE_ENTRIES);
  const cache: ProbeCache = {
    share: (key, options, probe) => {
      const keyId = probeKeyString(key);
      const hit = options.refresh ? undefined : kept.get(keyId);
      if (hit && now() - hit.observedAt.getTime() <= options.maxAgeMs) {
        keep(keyId, hit);
        return Promise.resolve({ ...hit, reused: true });
      }
      return new Promise((resolve, reject) => {
        const id = next++;
        let mine: { observation: SharedObservation["observation"]; shareable: boolean } | undefined;
        waiting.set(id, (reply) => {
          if (reply.type === "probe-now") {
            // This thread probes; the parent stores the result and answers with "shared".
            probe().then(
              (result) => {
                mine = result;
                const stored = serializeObservation({ observation: result.observation, observedAt: new Date() });
                post({ type: "probed", id, stored, shareable: result.shareable });
              },
              (error: unknown) => {
                waiting.delete(id);
                reject(error instanceof Error ? error : new Error(String(error)));
              },
            );
            return;
          }
          if (reply.type === "shared") {
            waiting.delete(id);
            // Our own probe comes back as sent: its objects, with the parent's time of observation.
            const shared: SharedObservation = mine
              ? { observation: mine.observation, observedAt: new Date(reply.stored.observedAt) }
              : deserializeObservation(reply.stored);
            // The parent shares only stored observations; our own counts when it could be stored.
            if (reply.reused || mine?.shareable) keep(keyId, shared);
            resolve({ ...shared, reused: reply.reused });
          }
        });
        post({ type: "share", id, key, maxAgeMs: options.maxAgeMs, refresh: options.refresh });
      });
    },
  };
  const limiter: DestinationLimiter = {
    acquire: (address, signal) =>
      new Promise((resolve, reject) => {
        const id = next++;
        let cancelled = false;
        const release = async (): Promise<void> => post({ type: "release", id });
        const onAbort = () => {
          cancelled = true;
          reject(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
        };
        if (signal?.aborted) return onAbort();
        waiting.set(id, () => {
          waiting.delete(id);
          signal?.removeEventListener("abort", onAbort);
          // A slot granted after this scan gave up is handed straight back.
          if (cancelled) void release();
          else resolve(release);
        });
        signal?.addEventListener("abort", onAbort, { once: true });
        post({ type: "acquire", id, address });
      }),
    backOff: async (address, until) => post({ type: "backoff", address, until: until.getTime() }),
  };
  return { handles: { cache, limiter }, onReply: (message) => waiting.get(message.id)?.(message) };
}
