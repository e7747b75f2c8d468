import { getEventListeners, getMaxListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { budgetedDns, budgetedFetch, budgetedProbe, createScanBudget, DEFAULT_SCAN_LIMITS } from "@/lib/scan/budget";
import type { DnsAnswer, DnsClient, RRType } from "@/lib/scan/net/dns-types";

/** A DnsClient that answers every question with NODATA and records what it was asked, and with which signal. */
function recordingDns() {
  const asked: { name: string; type: RRType; signal: AbortSignal | undefined }[] = [];
  const client: DnsClient = {
    query: async (name, type, options) => {
      asked.push({ name, type, signal: options?.signal });
      return { name, type, outcome: "nodata", dnssec: "insecure", records: [], cnames: [] } satisfies DnsAnswer;
    },
    isValidating: async () => true,
  };
  return { client, asked };
}

describe("ScanBudget", () => {
  it("hands out each resource up to its limit, then refuses and records the refusals", () => {
    const budget = createScanBudget({ maxConnections: 2 });
    expect([1, 2, 3, 4, 5].map((i) => budget.take("connections", `c${i}`))).toEqual([true, true, false, false, false]);
    expect(budget.usage()).toEqual({ connections: 2, dnsQueries: 0 });
    expect(budget.hits()).toEqual([{ resource: "connections", limit: 2, refused: 3, examples: ["c3", "c4", "c5"] }]);
    expect(budget.messages()).toEqual(["connection budget of 2 per scan used up: 3 connection(s) not opened (c3, c4, c5); those results are unknown, not absent"]);
  });

  it("names at most three refused requests and counts the rest", () => {
    const budget = createScanBudget({ maxDnsQueries: 0 });
    for (let i = 0; i < 10; i++) budget.takeQuestion(`n${i}.test`, "A");
    expect(budget.hits()).toEqual([{ resource: "dnsQueries", limit: 0, refused: 10, examples: ["n0.test A", "n1.test A", "n2.test A"] }]);
    expect(budget.messages()[0]).toContain("(n0.test A, n1.test A, n2.test A, …)");
  });

  it("charges a DNS question once, however often (and however spelled) it is asked", () => {
    const budget = createScanBudget({ maxDnsQueries: 2 });
    expect(budget.takeQuestion("a.test", "A")).toBe(true);
    expect(budget.takeQuestion("A.Test.", "A")).toBe(true);
    expect(budget.takeQuestion("a.test", "AAAA")).toBe(true);
    expect(budget.usage().dnsQueries).toBe(2);
    expect(budget.takeQuestion("b.test", "A")).toBe(false);
    expect(budget.takeQuestion("a.test", "AAAA")).toBe(true);
    expect(budget.hits()).toEqual([{ resource: "dnsQueries", limit: 2, refused: 1, examples: ["b.test A"] }]);
  });

  it("has no hits and no messages when nothing was refused", () => {
    const budget = createScanBudget();
    expect(budget.limits).toEqual(DEFAULT_SCAN_LIMITS);
    expect(budget.take("connections", "x")).toBe(true);
    expect(budget.hits()).toEqual([]);
    expect(budget.messages()).toEqual([]);
  });

  it("rejects limits that are not non-negative integers", () => {
    expect(() => createScanBudget({ maxConnections: -1 })).toThrow(RangeError);
    expect(() => createScanBudget({ maxMxHosts: 1.5 })).toThrow(RangeError);
  });

  it("puts one listener on the caller's signal, forwards its abort, and removes it on close", () => {
    const caller = new AbortController();
    const budget = createScanBudget({}, caller.signal);
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(1);
    expect(budget.signal).not.toBe(caller.signal);
    caller.abort();
    expect(budget.signal.aborted).toBe(true);
    budget.close();
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);

    const idle = new AbortController();
    createScanBudget({}, idle.signal).close();
    expect(getEventListeners(idle.signal, "abort")).toHaveLength(0);
    expect(createScanBudget({}, AbortSignal.abort()).signal.aborted).toBe(true);
  });

  it("lets its own signal carry listeners in proportion to the budget, not to the input", () => {
    const small = createScanBudget({ maxConnections: 5, maxDnsQueries: 10 });
    const large = createScanBudget({ maxConnections: 50, maxDnsQueries: 200 });
    expect(getMaxListeners(small.signal)).toBeGreaterThanOrEqual(5 + 10);
    expect(getMaxListeners(large.signal) - getMaxListeners(small.signal)).toBe(45 + 2 * 190);
  });
});

describe("the wrappers", () => {
  it("budgetedDns asks each new question within the budget, on the scan's signal when none is given", async () => {
    const budget = createScanBudget({ maxDnsQueries: 1 });
    const { client, asked } = recordingDns();
    const dns = budgetedDns(client, budget);
    expect((await dns.query("a.test", "A")).outcome).toBe("nodata");
    expect(asked).toEqual([{ name: "a.test", type: "A", signal: budget.signal }]);
    const refused = await dns.query("B.test.", "MX");
    expect(refused).toMatchObject({ name: "b.test", type: "MX", outcome: "error", records: [] });
    expect(refused.error).toMatch(/DNS budget of 1 questions is used up/);
    // A repeated question still goes to the client, whose cache answers it.
    await dns.query("a.test", "A");
    expect(asked.map((q) => `${q.type} ${q.name}`)).toEqual(["A a.test", "A a.test"]);
  });

  it("budgetedProbe never calls the prober beyond the budget: the endpoint is skipped, naming the budget", async () => {
    const budget = createScanBudget({ maxConnections: 1 });
    const calls: string[] = [];
    const probe = budgetedProbe(async (o) => {
      calls.push(o.address);
      return {
        endpoint: { address: o.address, starttls: "not-offered", injectedBytes: 0 },
        probe: { state: "not-offered", phase: "ehlo", ehloKeywords: [], usedHelo: false, starttlsOffered: false, injectedBytesDiscarded: 0, peerChain: [] },
      };
    }, budget);
    const options = { port: 25, host: "mx.test", ehloName: "scanner.test" };
    expect((await probe({ ...options, address: "192.0.2.1" })).endpoint.starttls).toBe("not-offered");
    const skipped = await probe({ ...options, address: "192.0.2.2" });
    expect(calls).toEqual(["192.0.2.1"]);
    expect(skipped.endpoint).toEqual({ address: "192.0.2.2", starttls: "skipped", detail: "not attempted: the scan's connection budget of 1 is used up", injectedBytes: 0 });
    expect(skipped.probe.peerChain).toEqual([]);
  });

  it("budgetedFetch counts a fetch as one connection and answers for it when refused", async () => {
    const budget = createScanBudget({ maxConnections: 1 });
    const fetched: string[] = [];
    const fetch = budgetedFetch(async (input: { domain: string; signal?: AbortSignal }) => {
      fetched.push(input.domain);
      return "fetched";
    }, budget, (reason) => `refused: ${reason}`);
    expect(await fetch({ domain: "a.test" })).toBe("fetched");
    expect(await fetch({ domain: "b.test" })).toMatch(/^refused: not fetched: the scan's connection budget of 1 is used up/);
    expect(fetched).toEqual(["a.test"]);
  });
});
