/**
 * A bulk thread's side of the run's shared probe cache (lib/services/bulk/shared-probes.ts), over
 * real message ports to the parent's side: what the parent shared is answered in the thread, and
 * everything else (a miss, a refresh, an entry past the asked age, a result that could not be
 * stored) still goes to the parent.
 */
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryProbeCache, type ProbeKey, type ProbeObservation } from "@/lib/scan/probe-cache";
import { remoteSharing, serveSharing, THREAD_PROBE_CACHE_ENTRIES } from "@/lib/services/bulk/shared-probes";
import type { SharingReply, SharingRequest } from "@/lib/services/bulk/protocol";

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

const key = (n: number): ProbeKey => ({ host: `mx${n}.provider.test`, address: "192.0.2.1", port: 25 });

function observation(detail: string): ProbeObservation {
  return {
    endpoint: { address: "192.0.2.1", starttls: "ok", injectedBytes: 0, detail },
    probe: { state: "ok", phase: "done", ehloKeywords: ["STARTTLS"], usedHelo: false, starttlsOffered: true, injectedBytesDiscarded: 0, injections: [], peerChain: [Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01])] },
  } as ProbeObservation;
}

/** One parent (the run's memory cache) and `threads` thread sides, each counting what it sends. */
function run(threads: number, clock = { ms: Date.parse("2026-12-07T12:00:00Z") }) {
  const cache = createMemoryProbeCache({ now: () => new Date(clock.ms) });
  return Array.from({ length: threads }, () => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    const sent: SharingRequest["type"][] = [];
    const thread = remoteSharing({ postMessage: (m: SharingRequest) => (sent.push(m.type), port1.postMessage(m)) }, { now: () => clock.ms });
    const serve = serveSharing(port2, { cache });
    port2.on("message", (m: SharingRequest) => serve(m));
    port1.on("message", (m: SharingReply) => thread.onReply(m));
    let probes = 0;
    const share = (k: ProbeKey, opts: { maxAgeMs?: number; refresh?: boolean; shareable?: boolean } = {}) =>
      thread.handles.cache!.share(k, { maxAgeMs: opts.maxAgeMs ?? 3_600_000, refresh: opts.refresh ?? false }, async () => {
        probes++;
        return { observation: observation(`probe ${probes}`), shareable: opts.shareable ?? true };
      });
    return { share, sent, probes: () => probes, clock };
  });
}

describe("remoteSharing", () => {
  it("answers an endpoint it probed itself in the thread, with the same objects, without asking the parent again", async () => {
    const [a] = run(1);
    const first = await a!.share(key(1));
    expect(first.reused).toBe(false);
    expect(a!.sent).toEqual(["share", "probed"]);
    const second = await a!.share(key(1));
    expect(second).toMatchObject({ reused: true, observedAt: first.observedAt });
    expect(second.observation).toBe(first.observation);
    expect(a!.sent).toEqual(["share", "probed"]);
    expect(a!.probes()).toBe(1);
  });

  it("keeps what the parent shared from another thread's probe", async () => {
    const [a, b] = run(2);
    await a!.share(key(1));
    const fromParent = await b!.share(key(1));
    expect(fromParent.reused).toBe(true);
    expect(b!.sent).toEqual(["share"]);
    expect(b!.probes()).toBe(0);
    const again = await b!.share(key(1));
    expect(again.reused).toBe(true);
    expect(again.observation.endpoint.detail).toBe("probe 1");
    expect(b!.sent).toEqual(["share"]);
  });

  it("asks the parent when the kept observation is older than the scan allows, or the scan refreshes", async () => {
    const [a] = run(1);
    await a!.share(key(1));
    a!.clock.ms += 61_000;
    // The parent has it too, 61 s old: a scan that allows 60 s makes the parent probe again.
    const stale = await a!.share(key(1), { maxAgeMs: 60_000 });
    expect(stale.reused).toBe(false);
    expect(a!.probes()).toBe(2);
    expect(a!.sent).toEqual(["share", "probed", "share", "probed"]);
    await a!.share(key(1), { refresh: true });
    expect(a!.probes()).toBe(3);
    expect(a!.sent.filter((t) => t === "share")).toHaveLength(3);
    // The refreshed observation is the one kept.
    expect((await a!.share(key(1))).observation.endpoint.detail).toBe("probe 3");
  });

  it("does not keep an observation that could not be stored", async () => {
    const [a] = run(1);
    await a!.share(key(1), { shareable: false });
    await a!.share(key(1));
    expect(a!.probes()).toBe(2);
    expect(a!.sent).toEqual(["share", "probed", "share", "probed"]);
  });

  it("keeps at most THREAD_PROBE_CACHE_ENTRIES, least recently used out", async () => {
    const [a] = run(1);
    for (let n = 0; n <= THREAD_PROBE_CACHE_ENTRIES; n++) await a!.share(key(n));
    const asked = a!.sent.length;
    // The newest entries are answered in the thread; the first one fell out and goes to the parent
    // (which still has it: reused, no new probe).
    await a!.share(key(THREAD_PROBE_CACHE_ENTRIES));
    expect(a!.sent.length).toBe(asked);
    const evicted = await a!.share(key(0));
    expect(evicted.reused).toBe(true);
    expect(a!.sent.length).toBe(asked + 1);
    expect(a!.probes()).toBe(THREAD_PROBE_CACHE_ENTRIES + 1);
  });
});
