/** The in-process probe cache (lib/scan/probe-cache.ts) is bounded: least recently used out first. */
import { describe, expect, it } from "vitest";
import { createMemoryProbeCache, MEMORY_PROBE_CACHE_ENTRIES, type ProbeObservation } from "../../../lib/scan/probe-cache";

const key = (i: number) => ({ host: `mx${i}.example.test`, address: `192.0.2.${i}`, port: 25 });
const OPTS = { maxAgeMs: 3_600_000, refresh: false };

function counting() {
  let probes = 0;
  // The cache never looks inside an observation: a stand-in is enough to count probes.
  const probe = async () => (probes++, { observation: {} as ProbeObservation, shareable: true });
  return { probe, probes: () => probes };
}

describe("createMemoryProbeCache", () => {
  it("keeps at most maxEntries observations, dropping the least recently used", async () => {
    const cache = createMemoryProbeCache({ maxEntries: 3 });
    const c = counting();
    for (const i of [1, 2, 3]) await cache.share(key(i), OPTS, c.probe);
    expect(c.probes()).toBe(3);
    // Using 1 again makes 2 the least recently used; adding 4 drops 2.
    expect((await cache.share(key(1), OPTS, c.probe)).reused).toBe(true);
    await cache.share(key(4), OPTS, c.probe);
    expect(cache.size).toBe(3);
    expect(c.probes()).toBe(4);
    for (const i of [1, 3, 4]) expect((await cache.share(key(i), OPTS, c.probe)).reused).toBe(true);
    expect(c.probes()).toBe(4);
    expect((await cache.share(key(2), OPTS, c.probe)).reused).toBe(false);
    expect(c.probes()).toBe(5);
    expect(cache.size).toBe(3);
  });

  it("is bounded by default", async () => {
    const cache = createMemoryProbeCache();
    const c = counting();
    for (let i = 0; i < MEMORY_PROBE_CACHE_ENTRIES + 200; i++) await cache.share({ ...key(i % 250), host: `mx${i}.example.test` }, OPTS, c.probe);
    expect(cache.size).toBe(MEMORY_PROBE_CACHE_ENTRIES);
  });
});
