/**
 * lookupSpfTree starts the queries of a record's terms side by side, while counting stays the
 * serial walk's (RFC 7208 §4.6.4). The resolver here answers each query after a timer, so queries
 * that overlap in time are visible.
 */
import { describe, expect, it } from "vitest";
import { lookupSpfTree, SPF_LOOKUP_LIMIT } from "@/lib/scan/checks/spf/lookup-tree";
import type { DnsAnswer, DnsClient, RRType } from "@/lib/scan/net/dns-types";
import { zoneResolver, type Zone } from "@/tests/helpers/zone-resolver";

function overlapping(zone: Zone): DnsClient & { maxInFlight: () => number; asked: string[] } {
  const inner = zoneResolver(zone);
  let inFlight = 0;
  let max = 0;
  const asked: string[] = [];
  return {
    asked,
    maxInFlight: () => max,
    isValidating: inner.isValidating,
    async query(name: string, type: RRType): Promise<DnsAnswer> {
      asked.push(`${type} ${name}`);
      inFlight++;
      max = Math.max(max, inFlight);
      await new Promise((done) => setTimeout(done, 5));
      inFlight--;
      return inner.query(name, type);
    },
  };
}

const siblings = (root: string, n: number): Zone => {
  const zone: Zone = { [root]: { TXT: [`v=spf1 ${Array.from({ length: n }, (_, i) => `include:i${i}.${root}`).join(" ")} mx -all`], MX: [{ preference: 10, exchange: `mx.${root}` }] } };
  for (let i = 0; i < n; i++) zone[`i${i}.${root}`] = { TXT: ["v=spf1 ip4:192.0.2.1 -all"] };
  return zone;
};

describe("lookupSpfTree: sibling terms in parallel", () => {
  it("asks for three sibling includes and the mx term at once, and counts four lookups", async () => {
    const dns = overlapping(siblings("par.test", 3));
    const tree = await lookupSpfTree(dns, "par.test");
    expect(dns.maxInFlight()).toBe(4);
    expect(tree.lookups).toBe(4);
    expect(tree.isLimitExceeded).toBe(false);
    expect(tree.root.children.map((c) => [c.domain, c.outcome])).toEqual([0, 1, 2].map((i) => [`i${i}.par.test`, "ok"]));
    // Each name asked once: the walk takes the answers the early queries brought.
    expect(new Set(dns.asked).size).toBe(dns.asked.length);
  });

  it("counts exactly as the serial walk does past the limit, and asks nothing for terms past it", async () => {
    const dns = overlapping(siblings("over.test", SPF_LOOKUP_LIMIT + 2));
    const tree = await lookupSpfTree(dns, "over.test");
    expect(tree.isLimitExceeded).toBe(true);
    expect(tree.lookups).toBe(SPF_LOOKUP_LIMIT + 1);
    expect(tree.root.children).toHaveLength(SPF_LOOKUP_LIMIT);
    expect(dns.asked.filter((q) => q.startsWith("TXT i"))).toHaveLength(SPF_LOOKUP_LIMIT);
    expect(dns.asked).not.toContain(`TXT i${SPF_LOOKUP_LIMIT}.over.test`);
    expect(dns.asked).not.toContain("MX over.test");
  });
});
