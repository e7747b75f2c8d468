import { createSocket } from "node:dgram";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DNS_MAX_CNAME_CHAIN } from "@/lib/scan/defaults";
import { createDnsClient, type DnsClientOptions } from "@/lib/scan/net/dns";
import { startDnsServer, type DnsServer, type Zone, type ZoneRecord } from "@/tests/helpers/dns-server";

const TLSA_HEX = "0d6f".repeat(16);
const LONG_TEXT = "k".repeat(300);

function chain(prefix: string, hops: number, end: ZoneRecord): ZoneRecord[] {
  const records: ZoneRecord[] = [];
  for (let i = 0; i < hops; i++) records.push({ name: `${prefix}${i}`, type: "CNAME", data: `${prefix}${i + 1}.example.test` });
  return [...records, { ...end, name: `${prefix}${hops}` }];
}

const ZONES: Zone[] = [
  {
    origin: "example.test",
    dnssec: "signed",
    records: [
      { name: "@", type: "MX", data: "10 mx.example.test" },
      { name: "@", type: "MX", data: { preference: 20, exchange: "mx2.example.test." } },
      { name: "mx", type: "A", data: "192.0.2.10" },
      { name: "mx", type: "AAAA", data: "2001:db8:0:0:1:0:0:10" },
      { name: "@", type: "TXT", data: ["v=spf1 mx -all", "ünïcödé", LONG_TEXT] },
      { name: "_25._tcp.mx", type: "TLSA", data: { usage: 3, selector: 1, matchingType: 1, data: TLSA_HEX } },
      { name: "leaf.deep", type: "A", data: "192.0.2.20" },
      { name: "www", type: "CNAME", data: "mx.example.test" },
      { name: "to-unsigned", type: "CNAME", data: "host.unsigned.test" },
      { name: "to-bogus", type: "CNAME", data: "bogus.test" },
      { name: "to-nowhere", type: "CNAME", data: "missing.example.test" },
      { name: "to-outside", type: "CNAME", data: "elsewhere.invalid" },
      { name: "loop1", type: "CNAME", data: "loop2.example.test" },
      { name: "loop2", type: "CNAME", data: "loop1.example.test" },
      ...chain("ok-chain", DNS_MAX_CNAME_CHAIN, { name: "", type: "A", data: "192.0.2.30" }),
      ...chain("long-chain", DNS_MAX_CNAME_CHAIN + 1, { name: "", type: "A", data: "192.0.2.31" }),
      { name: "big", type: "TXT", data: Array.from({ length: 12 }, (_, i) => `${i}`.padEnd(200, "x")) },
      { name: "spoofed", type: "A", data: "192.0.2.40" },
      { name: "old-server", type: "A", data: "192.0.2.41" },
      { name: "flaky", type: "A", data: "192.0.2.42" },
    ],
  },
  { origin: "unsigned.test", dnssec: "unsigned", records: [{ name: "host", type: "A", data: "192.0.2.50" }] },
  { origin: "bogus.test", dnssec: "bogus", records: [{ name: "@", type: "A", data: "192.0.2.66" }] },
  { origin: "tcp.test", dnssec: "signed", forceTcp: true, records: [{ name: "@", type: "A", data: "192.0.2.70" }] },
  { origin: "slow.test", dnssec: "signed", latencyMs: 300, records: [{ name: "@", type: "A", data: "192.0.2.80" }] },
];

const HOSTILE = {
  "loop.hostile.test": "pointer-loop",
  "long.hostile.test": "oversize-name",
  "many.hostile.test": "many-records",
  "junk.hostile.test": "garbage",
  "spoofed.example.test": "mismatched",
  "old-server.example.test": "formerr-edns",
  "flaky.example.test": "servfail-first",
} as const;

let dns: DnsServer;
const fast: Partial<DnsClientOptions> = { attemptTimeoutMs: 1_000, deadlineMs: 5_000 };
const client = (extra: Partial<DnsClientOptions> = {}) => createDnsClient({ resolvers: [dns.resolver], ...fast, ...extra });

beforeAll(async () => {
  dns = await startDnsServer({ zones: ZONES, hostile: HOSTILE });
});
afterAll(async () => {
  await dns.close();
});

describe("outcomes", () => {
  it("ok: returns typed records and the AD flag of a signed zone", async () => {
    const answer = await client().query("Example.Test.", "MX");
    expect(answer).toEqual({
      name: "example.test",
      type: "MX",
      outcome: "ok",
      dnssec: "secure",
      cnames: [],
      records: [
        { type: "MX", name: "example.test", ttl: 300, preference: 10, exchange: "mx.example.test" },
        { type: "MX", name: "example.test", ttl: 300, preference: 20, exchange: "mx2.example.test" },
      ],
    });
    // EDNS0 with DO (RFC 3225) is what makes a validating resolver report AD.
    expect(dns.queries.filter((q) => q.name === "example.test" && q.type === "MX").every((q) => q.dnssecOk)).toBe(true);
  });

  it("ok: A, AAAA (RFC 5952 text) and TLSA", async () => {
    const c = client();
    expect((await c.query("mx.example.test", "A")).records).toEqual([{ type: "A", name: "mx.example.test", ttl: 300, address: "192.0.2.10" }]);
    expect((await c.query("mx.example.test", "AAAA")).records).toEqual([{ type: "AAAA", name: "mx.example.test", ttl: 300, address: "2001:db8::1:0:0:10" }]);
    expect((await c.query("_25._tcp.mx.example.test", "TLSA")).records).toEqual([
      { type: "TLSA", name: "_25._tcp.mx.example.test", ttl: 300, usage: 3, selector: 1, matchingType: 1, data: TLSA_HEX },
    ]);
  });

  it("ok: TXT character-strings come back UTF-8 decoded and unjoined", async () => {
    const answer = await client().query("example.test", "TXT");
    expect(answer.records).toEqual([
      { type: "TXT", name: "example.test", ttl: 300, strings: ["v=spf1 mx -all", "ünïcödé", "k".repeat(255), "k".repeat(45)] },
    ]);
  });

  it("insecure: an unsigned zone answers without AD", async () => {
    expect(await client().query("host.unsigned.test", "A")).toMatchObject({ outcome: "ok", dnssec: "insecure" });
  });

  it("nxdomain and nodata are told apart, empty non-terminals included (RFC 4592 §2.2.2)", async () => {
    const c = client();
    expect(await c.query("nope.example.test", "A")).toMatchObject({ outcome: "nxdomain", dnssec: "secure", records: [] });
    expect(await c.query("mx.example.test", "MX")).toMatchObject({ outcome: "nodata", dnssec: "secure", records: [] });
    expect(await c.query("deep.example.test", "A")).toMatchObject({ outcome: "nodata" });
  });

  it("refused: a name the resolver will not answer for", async () => {
    const answer = await client().query("example.invalid", "A");
    expect(answer).toMatchObject({ outcome: "refused", records: [] });
    expect(answer.error).toContain("REFUSED");
  });

  it("servfail: a failure that a CD query does not cure", async () => {
    const failing = await startDnsServer({ zones: [], outside: "servfail" });
    try {
      const answer = await createDnsClient({ resolvers: [failing.resolver], ...fast }).query("example.test", "A");
      expect(answer).toMatchObject({ outcome: "servfail", records: [] });
      expect(answer.error).toContain("SERVFAIL");
      expect(failing.count({ checkingDisabled: true })).toBe(1);
    } finally {
      await failing.close();
    }
  });

  it("rejects names that cannot go on the wire without asking anyone", async () => {
    const before = dns.queries.length;
    const c = client();
    expect(await c.query("a..example.test", "A")).toMatchObject({ outcome: "error", error: "name has an empty label" });
    expect(await c.query(`${"a".repeat(64)}.example.test`, "A")).toMatchObject({ outcome: "error" });
    expect(await c.query("bücher.example.test", "A")).toMatchObject({ outcome: "error" });
    expect(dns.queries.length).toBe(before);
  });
});

describe("DNSSEC-bogus detection", () => {
  it("SERVFAIL plainly but data with CD: outcome from the CD answer, dnssec bogus", async () => {
    dns.resetLog();
    const answer = await client().query("bogus.test", "A");
    expect(answer).toMatchObject({ outcome: "ok", dnssec: "bogus", records: [{ type: "A", address: "192.0.2.66" }] });
    expect(dns.count({ name: "bogus.test", checkingDisabled: true })).toBe(1);
  });

  it("a SERVFAIL that does not repeat is not bogus", async () => {
    dns.resetLog();
    expect(await client().query("flaky.example.test", "A")).toMatchObject({ outcome: "ok", dnssec: "secure", records: [{ address: "192.0.2.42" }] });
    expect(dns.queries.map((q) => q.checkingDisabled)).toEqual([false, true, false]);
  });

  it("a bogus denial is still a denial, marked bogus", async () => {
    expect(await client().query("missing.bogus.test", "A")).toMatchObject({ outcome: "nxdomain", dnssec: "bogus" });
  });

  it("a non-validating resolver never produces bogus (it does not fail the zone)", async () => {
    const plain = await startDnsServer({ zones: ZONES, validating: false });
    try {
      const answer = await createDnsClient({ resolvers: [plain.resolver], ...fast }).query("bogus.test", "A");
      expect(answer).toMatchObject({ outcome: "ok", dnssec: "insecure" });
      expect(plain.count({ checkingDisabled: true })).toBe(0);
    } finally {
      await plain.close();
    }
  });
});

describe("CNAME chains", () => {
  it("follows a chain inside the answer and reports the targets", async () => {
    expect(await client().query("www.example.test", "A")).toMatchObject({
      name: "www.example.test",
      outcome: "ok",
      dnssec: "secure",
      cnames: ["mx.example.test"],
      records: [{ type: "A", name: "mx.example.test", address: "192.0.2.10" }],
    });
  });

  it("asks for the target itself when the server did not chase it", async () => {
    const authoritative = await startDnsServer({ zones: ZONES, followCnames: false });
    try {
      const answer = await createDnsClient({ resolvers: [authoritative.resolver], ...fast }).query("ok-chain0.example.test", "A");
      expect(answer).toMatchObject({ outcome: "ok", records: [{ address: "192.0.2.30" }] });
      expect(answer.cnames).toHaveLength(DNS_MAX_CNAME_CHAIN);
      expect(authoritative.count({ name: "ok-chain3.example.test", type: "A" })).toBe(1);
    } finally {
      await authoritative.close();
    }
  });

  it("gives the target's NXDOMAIN after a CNAME (RFC 6604)", async () => {
    expect(await client().query("to-nowhere.example.test", "A")).toMatchObject({ outcome: "nxdomain", cnames: ["missing.example.test"] });
  });

  it("asking for the CNAME type returns the CNAME record itself", async () => {
    expect(await client().query("www.example.test", "CNAME")).toMatchObject({
      outcome: "ok",
      cnames: [],
      records: [{ type: "CNAME", name: "www.example.test", target: "mx.example.test" }],
    });
  });

  it("takes the weakest DNSSEC state along the chain", async () => {
    const c = client();
    expect(await c.query("to-unsigned.example.test", "A")).toMatchObject({ outcome: "ok", dnssec: "insecure" });
    expect(await c.query("to-bogus.example.test", "A")).toMatchObject({ outcome: "ok", dnssec: "bogus", records: [{ address: "192.0.2.66" }] });
  });

  it("detects a loop", async () => {
    const answer = await client().query("loop1.example.test", "A");
    expect(answer).toMatchObject({ outcome: "error", records: [] });
    expect(answer.error).toMatch(/CNAME loop/);
  });

  it(`follows ${DNS_MAX_CNAME_CHAIN} CNAMEs and refuses one more`, async () => {
    const c = client();
    expect(await c.query("ok-chain0.example.test", "A")).toMatchObject({ outcome: "ok", records: [{ address: "192.0.2.30" }] });
    const long = await c.query("long-chain0.example.test", "A");
    expect(long).toMatchObject({ outcome: "error", records: [] });
    expect(long.error).toMatch(/longer than/);
  });

  it("re-asks for a target outside the resolver's zones and reports what it says", async () => {
    expect(await client().query("to-outside.example.test", "A")).toMatchObject({ outcome: "refused", cnames: ["elsewhere.invalid"] });
  });
});

describe("transport", () => {
  it("falls back to TCP when the UDP answer is truncated (RFC 7766 §5)", async () => {
    dns.resetLog();
    const answer = await client().query("big.example.test", "TXT");
    expect(answer.outcome).toBe("ok");
    expect(answer.records[0]).toMatchObject({ strings: expect.arrayContaining([`${11}`.padEnd(200, "x")]) });
    expect(dns.count({ name: "big.example.test", transport: "udp" })).toBe(1);
    expect(dns.count({ name: "big.example.test", transport: "tcp" })).toBe(1);
  });

  it("follows TC even for a small answer", async () => {
    dns.resetLog();
    expect(await client().query("tcp.test", "A")).toMatchObject({ outcome: "ok", dnssec: "secure", records: [{ address: "192.0.2.70" }] });
    expect(dns.count({ name: "tcp.test", transport: "tcp" })).toBe(1);
  });

  it("ignores replies with another id or question (RFC 5452 §9.1)", async () => {
    // The server first sends forged NXDOMAIN replies; accepting either would give nxdomain.
    expect(await client().query("spoofed.example.test", "A")).toMatchObject({ outcome: "ok", records: [{ address: "192.0.2.40" }] });
  });

  it("asks again without EDNS after FORMERR (RFC 6891 §7)", async () => {
    dns.resetLog();
    expect(await client().query("old-server.example.test", "A")).toMatchObject({ outcome: "ok", dnssec: "insecure", records: [{ address: "192.0.2.41" }] });
    expect(dns.queries.map((q) => q.dnssecOk)).toEqual([true, false]);
  });

  it("tries the resolvers in order until one answers", async () => {
    const silent = await startDnsServer({ zones: [], hostile: { "*": "never-answer" } });
    const refusing = await startDnsServer({ zones: [] });
    try {
      const c = createDnsClient({ resolvers: [silent.resolver, refusing.resolver, dns.resolver], attemptTimeoutMs: 100, deadlineMs: 5_000 });
      expect(await c.query("mx.example.test", "A")).toMatchObject({ outcome: "ok", records: [{ address: "192.0.2.10" }] });
      expect(silent.count()).toBe(1);
      expect(refusing.count()).toBe(1);
    } finally {
      await Promise.all([silent.close(), refusing.close()]);
    }
  });
});

describe("timeouts, retries and the deadline", () => {
  let silent: DnsServer;
  beforeAll(async () => {
    silent = await startDnsServer({ zones: ZONES, hostile: { "*": "never-answer" } });
  });
  afterAll(async () => {
    await silent.close();
  });

  it("retries a silent resolver, then reports timeout", async () => {
    silent.resetLog();
    const answer = await createDnsClient({ resolvers: [silent.resolver], attemptTimeoutMs: 50, retries: 2, deadlineMs: 10_000 }).query("example.test", "A");
    expect(answer).toMatchObject({ outcome: "timeout", records: [] });
    expect(silent.count({ name: "example.test" })).toBe(3);
  });

  it("stops at the absolute deadline even with retries left", async () => {
    silent.resetLog();
    const answer = await createDnsClient({ resolvers: [silent.resolver], attemptTimeoutMs: 50, retries: 1_000, deadlineMs: 400 }).query("example.test", "A");
    expect(answer.outcome).toBe("timeout");
    expect(silent.count()).toBeGreaterThanOrEqual(1);
    expect(silent.count()).toBeLessThan(1_001);
  });

  it("reports timeout for a port where nothing listens", async () => {
    const socket = createSocket("udp4");
    await new Promise<void>((done) => socket.bind(0, "127.0.0.1", () => done()));
    const port = socket.address().port;
    await new Promise<void>((done) => socket.close(() => done()));
    const answer = await createDnsClient({ resolvers: [{ host: "127.0.0.1", port }], attemptTimeoutMs: 100, retries: 1, deadlineMs: 2_000 }).query("example.test", "A");
    expect(answer.outcome).toBe("timeout");
    expect(answer.error).toMatch(/connection refused/);
  });
});

describe("cache and in-flight merging", () => {
  it("sends one query for five concurrent identical lookups, and none for a later one", async () => {
    dns.resetLog();
    const c = client();
    const answers = await Promise.all(Array.from({ length: 5 }, () => c.query("slow.test", "A")));
    for (const a of answers) expect(a).toMatchObject({ outcome: "ok", records: [{ address: "192.0.2.80" }] });
    expect(await c.query("SLOW.test.", "A")).toMatchObject({ outcome: "ok" });
    expect(dns.count({ name: "slow.test", type: "A" })).toBe(1);
  });

  it("keeps caches apart per client", async () => {
    dns.resetLog();
    await client().query("mx.example.test", "A");
    await client().query("mx.example.test", "A");
    expect(dns.count({ name: "mx.example.test" })).toBe(2);
  });

  it("lets one caller abort without cancelling the lookup for the others", async () => {
    dns.resetLog();
    const c = client();
    const controller = new AbortController();
    const aborted = c.query("slow.test", "A", { signal: controller.signal });
    const patient = c.query("slow.test", "A");
    await vi.waitFor(() => expect(dns.count({ name: "slow.test" })).toBe(1));
    controller.abort();
    expect(await aborted).toMatchObject({ outcome: "timeout", error: "aborted" });
    expect(await patient).toMatchObject({ outcome: "ok", records: [{ address: "192.0.2.80" }] });
    expect(dns.count({ name: "slow.test" })).toBe(1);
  });

  it("drops a lookup that every caller abandoned, so the next caller asks afresh", async () => {
    dns.resetLog();
    const c = client();
    const controller = new AbortController();
    const first = c.query("slow.test", "A", { signal: controller.signal });
    // Abort once the query is on the wire (before that, nothing would have been sent at all).
    await vi.waitFor(() => expect(dns.count({ name: "slow.test" })).toBe(1));
    controller.abort();
    expect(await first).toMatchObject({ outcome: "timeout", error: "aborted" });
    expect(await c.query("slow.test", "A")).toMatchObject({ outcome: "ok" });
    expect(dns.count({ name: "slow.test" })).toBe(2);
  });

  it("answers an already aborted signal at once", async () => {
    dns.resetLog();
    expect(await client().query("mx.example.test", "A", { signal: AbortSignal.abort() })).toMatchObject({ outcome: "timeout", error: "aborted" });
    expect(dns.count()).toBe(0);
  });
});

describe("hostile answers end in error, never a throw or a hang", () => {
  it.each([
    ["loop.hostile.test", "A", /compression pointer loop/],
    ["long.hostile.test", "A", /name longer than 255 octets/],
    ["many.hostile.test", "TXT", /5000 records/],
    ["junk.hostile.test", "A", /malformed reply/],
  ] as const)("%s", async (name, type, message) => {
    const answer = await client().query(name, type);
    expect(answer).toMatchObject({ outcome: "error", records: [] });
    expect(answer.error).toMatch(message);
  });

  it("fetches the oversized answer over TCP before judging it", async () => {
    dns.resetLog();
    await client().query("many.hostile.test", "TXT");
    expect(dns.count({ transport: "tcp" })).toBe(1);
  });
});

describe("isValidating", () => {
  it("is true when the root SOA comes back authenticated, and asks only once per client", async () => {
    dns.resetLog();
    const c = client();
    expect(await c.isValidating("test")).toBe(true);
    expect(await c.isValidating("example")).toBe(true);
    expect(dns.count({ name: ".", type: "SOA" })).toBe(1);
  });

  it("is false when the resolver never sets AD", async () => {
    const plain = await startDnsServer({ zones: ZONES, validating: false });
    try {
      expect(await createDnsClient({ resolvers: [plain.resolver], ...fast }).isValidating("test")).toBe(false);
      expect(plain.count({ name: ".", type: "SOA" })).toBe(1);
      expect(plain.count({ name: "test", type: "SOA" })).toBe(1);
    } finally {
      await plain.close();
    }
  });

  it("accepts an authenticated SOA of the TLD when the root is not", async () => {
    const server = await startDnsServer({ rootDnssec: "unsigned", zones: [{ origin: "test", dnssec: "signed", records: [] }] });
    try {
      const c = createDnsClient({ resolvers: [server.resolver], ...fast });
      expect(await c.isValidating("test")).toBe(true);
      expect(await c.isValidating("invalid")).toBe(false);
    } finally {
      await server.close();
    }
  });

  it("is false when the resolver does not answer, and that is not remembered across clients", async () => {
    const silent = await startDnsServer({ zones: [], hostile: { "*": "never-answer" } });
    try {
      const cache = new Map<string, boolean>();
      const options = { resolvers: [silent.resolver], attemptTimeoutMs: 50, retries: 0, deadlineMs: 1_000, validationCache: cache };
      expect(await createDnsClient(options).isValidating("test")).toBe(false);
      expect(cache.size).toBe(0);
    } finally {
      await silent.close();
    }
  });

  it("shares verdicts between clients through a common cache", async () => {
    dns.resetLog();
    const cache = new Map<string, boolean>();
    expect(await client({ validationCache: cache }).isValidating("test")).toBe(true);
    expect(await client({ validationCache: cache }).isValidating("test")).toBe(true);
    expect(dns.count({ name: ".", type: "SOA" })).toBe(1);
  });
});
