/**
 * One bulk run shares one probe cache and one per-address limiter across its worker threads
 * (docs/politeness.md): they live in the parent, and each thread reaches them through messages.
 * Observations cross as StoredObservation (DER as base64), like the PostgreSQL cache stores them.
 */
import type { MessagePort, Worker } from "node:worker_threads";
import { deserializeObservation, serializeObservation, type DestinationLimiter, type ProbeCache, type SharedObservation } from "@/lib/scan/probe-cache";
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

/** A thread's side: handles that forward to the parent; `onReply` takes the parent's answers. */
export function remoteSharing(port: Pick<MessagePort, "postMessage">): { handles: ProbeSharingHandles; onReply: (message: SharingReply) => void } {
  let next = 1;
  const waiting = new Map<number, (message: SharingReply) => void>();
  const post = (message: SharingRequest): void => port.postMessage(message satisfies FromWorker);
  const cache: ProbeCache = {
    share: (key, options, probe) =>
      new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, (reply) => {
          if (reply.type === "probe-now") {
            // This thread probes; the parent stores the result and answers with "shared".
            probe().then(
              ({ observation, shareable }) => {
                const stored = serializeObservation({ observation, observedAt: new Date() });
                post({ type: "probed", id, stored, shareable });
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
            const shared: SharedObservation = deserializeObservation(reply.stored);
            resolve({ ...shared, reused: reply.reused });
          }
        });
        post({ type: "share", id, key, maxAgeMs: options.maxAgeMs, refresh: options.refresh });
      }),
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
