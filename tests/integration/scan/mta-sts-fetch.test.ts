/**
 * fetchMtaStsPolicy (and the httpsGet under it) against a real loopback HTTPS policy host with
 * certificates from a CA made at test time. Deadlines are passed small so hostile hosts end
 * quickly; we assert outcomes, reasons and that nothing leaked, never durations.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fetchMtaStsPolicy, type FetchMtaStsPolicyOptions } from "@/lib/scan/checks/mta-sts/fetch-policy";
import { createTrustAnchors, type TrustAnchors } from "@/lib/scan/x509";
import { createDnsClient } from "@/lib/scan/net/dns";
import { httpsGet } from "@/lib/scan/net/https";
import { startDnsServer } from "@/tests/helpers/dns-server";
import { startHttpsPolicyServer, type HttpsPolicyBehaviour, type HttpsPolicyServer } from "@/tests/helpers/https-server";
import { findClosedPort } from "@/tests/helpers/smtp-server";
import { createTestCa, type IssuedCertificate, type TestCa } from "@/tests/helpers/test-ca";
import { zoneResolver, type Zone } from "@/tests/helpers/zone-resolver";

const DOMAIN = "example.test";
const HOST = `mta-sts.${DOMAIN}`;
const POLICY = "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.test\r\nmax_age: 604800\r\n";
const DEADLINE_MS = 1_500;
const DAY = 86_400_000;
/** Safety net only: a hang fails the test instead of stalling the run. Not a duration assertion. */
const HANG_GUARD_MS = 15_000;
const LOOPBACK_ZONE: Zone = { [HOST]: { A: ["127.0.0.1"] } };

let ca: TestCa;
let anchors: TrustAnchors;
let good: IssuedCertificate;
const servers: HttpsPolicyServer[] = [];
const socketHandles = (): number => process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap" || r === "TLSWrap").length;
const pendingTimers = (): number => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

/** Handles close a loop turn or two after destroy(); give them that, then report what is left. */
async function settledSocketHandles(): Promise<number> {
  for (let i = 0; i < 100 && socketHandles() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return socketHandles();
}

/** Pending timers once they are down to `limit`, or after 200 ms (waiting with setImmediate, which is no timer). */
async function settledTimers(limit: number): Promise<number> {
  const until = Date.now() + 200;
  while (pendingTimers() > limit && Date.now() < until) await new Promise((resolve) => setImmediate(resolve));
  return pendingTimers();
}

async function serve(behaviour: HttpsPolicyBehaviour, leaf: IssuedCertificate = good): Promise<HttpsPolicyServer> {
  const server = await startHttpsPolicyServer({ cert: { keyPem: leaf.keyPem, chainPem: leaf.chainPem }, behaviour });
  servers.push(server);
  return server;
}

function fetchFrom(server: { port: number }, overrides: Partial<FetchMtaStsPolicyOptions> = {}) {
  return fetchMtaStsPolicy({
    domain: DOMAIN, dns: zoneResolver(LOOPBACK_ZONE), port: server.port, allowPrivate: true,
    anchors, now: new Date(), deadlineMs: DEADLINE_MS, ...overrides,
  });
}

beforeAll(async () => {
  ca = await createTestCa();
  anchors = createTrustAnchors([ca.rootPem]);
  good = await ca.issue({ names: [HOST] });
});

let timersBefore = 0;
beforeEach(() => {
  timersBefore = pendingTimers();
});

afterEach(async () => {
  // Every socket the fetch opened is closed again: the server sees none open, and once the
  // servers are gone this process holds no TCP/TLS handle.
  for (const server of servers) {
    await server.waitForIdle();
    expect(server.openSockets()).toBe(0);
  }
  await Promise.all(servers.splice(0).map((server) => server.close()));
  expect(await settledSocketHandles()).toBe(0);
  // No deadline timer of the fetch outlives it. Socket internals may hold a timer for a loop turn
  // or two after a close (CI saw one once); a leaked deadline lives for DEADLINE_MS, far past this.
  expect(await settledTimers(timersBefore)).toBeLessThanOrEqual(timersBefore);
});

afterAll(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe("fetchMtaStsPolicy: a good policy host", () => {
  it.each(["content-length", "chunked", "close"] as const)("200 text/plain (%s framing): ok, with SNI, the exact URL and evidence", async (framing) => {
    const server = await serve({ kind: "serve", body: POLICY, framing });
    const { fetch, evidence } = await fetchFrom(server);
    expect(fetch).toEqual({ kind: "ok", status: 200, contentType: "text/plain", body: POLICY });
    // RFC 8461 §3.3: SNI and Host name the policy host; the path is the well-known one.
    expect(server.serverNames).toEqual([HOST]);
    expect(server.connections).toBe(1);
    expect(server.requests).toEqual([{
      method: "GET", path: "/.well-known/mta-sts.txt", version: "HTTP/1.1",
      headers: expect.objectContaining({ host: `${HOST}:${server.port}`, "accept-encoding": "identity", connection: "close" }),
    }]);
    expect(evidence).toMatchObject({
      url: `https://${HOST}:${server.port}/.well-known/mta-sts.txt`, host: HOST, address: "127.0.0.1",
      dns: { a: "ok", aaaa: "nodata" },
      addresses: [{ address: "127.0.0.1", family: 4, allowed: true, category: "loopback", outcome: "answered" }],
      tls: { version: "TLSv1.3" }, certificate: { trusted: true, nameMatches: true, san: [HOST] },
      status: 200, contentType: "text/plain", bodyBytes: Buffer.byteLength(POLICY),
    });
    expect(evidence.chain).toHaveLength(2); // exactly what was sent: leaf and intermediate, no root appended
  }, HANG_GUARD_MS);

  it.each([
    ["text/html: still ok, with that content type (the evaluator decides it does not count)", { kind: "html" }, "text/html; charset=utf-8", "<!doctype html><title>Welcome</title>"],
    ["no Content-Type: contentType null; the UTF-8 body decoded", { kind: "serve", body: `${POLICY}# caf\u00e9\r\n`, contentType: null }, null, `${POLICY}# caf\u00e9\r\n`],
  ] as const)("%s", async (_label, behaviour, contentType, body) => {
    const server = await serve(behaviour);
    expect((await fetchFrom(server)).fetch).toEqual({ kind: "ok", status: 200, contentType, body });
  }, HANG_GUARD_MS);

  it("resolves through the real DNS client and loopback DNS server, connecting to the resolved address", async () => {
    const dnsServer = await startDnsServer({ zones: [{ origin: DOMAIN, dnssec: "unsigned", records: [{ name: "mta-sts", type: "A", data: "127.0.0.1" }] }] });
    try {
      const server = await serve({ kind: "serve", body: POLICY });
      const { fetch, evidence } = await fetchFrom(server, { dns: createDnsClient({ resolvers: [dnsServer.resolver] }) });
      expect(fetch.kind).toBe("ok");
      expect(evidence.address).toBe("127.0.0.1");
      expect(dnsServer.count({ name: HOST, type: "A" })).toBe(1);
      expect(dnsServer.count({ name: HOST, type: "AAAA" })).toBe(1);
    } finally {
      await dnsServer.close();
    }
  }, HANG_GUARD_MS);
});

describe("fetchMtaStsPolicy: HTTP outcomes", () => {
  it.each([
    ["301 with Location", { kind: "redirect", location: "https://www.example.test/mta-sts.txt" }, 301, "https://www.example.test/mta-sts.txt"],
    ["302 without Location", { kind: "raw", response: "HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n" }, 302, null],
    ["307 declaring a huge body (not read)", { kind: "raw", response: "HTTP/1.1 307 Temporary Redirect\r\nLocation: /x\r\nContent-Length: 99999999\r\n\r\n" }, 307, "/x"],
  ] as const)("%s: redirect, never followed", async (_label, behaviour, status, location) => {
    const server = await serve(behaviour);
    const { fetch, evidence } = await fetchFrom(server);
    expect(fetch).toEqual({ kind: "redirect", location });
    expect(evidence.status).toBe(status);
    expect(server.requests).toHaveLength(1);
  }, HANG_GUARD_MS);

  it("404: unavailable with the status", async () => {
    const server = await serve({ kind: "not-found" });
    const { fetch, evidence } = await fetchFrom(server);
    expect(fetch).toEqual({ kind: "unavailable", reason: "HTTP 404 Not Found" });
    expect(evidence.status).toBe(404);
  }, HANG_GUARD_MS);

  it("gzip despite Accept-Encoding: identity: unavailable, saying so", async () => {
    const server = await serve({ kind: "serve", body: "\x1f\x8b not really gzip", headers: { "Content-Encoding": "gzip" } });
    expect((await fetchFrom(server)).fetch).toEqual({ kind: "unavailable", reason: expect.stringMatching(/Content-Encoding gzip although identity was asked for/) });
  }, HANG_GUARD_MS);

  it.each([
    ["not HTTP inside TLS", { kind: "raw", response: "220 this is an SMTP server\r\n" }, /^not an HTTP\/1\.x status line/],
    ["no TLS at all", { kind: "plaintext" }, /^TLS handshake failed: wrong version number$/],
  ] as const)("%s: unavailable with a clear reason", async (_label, behaviour, reason) => {
    const server = await serve(behaviour);
    expect((await fetchFrom(server)).fetch).toEqual({ kind: "unavailable", reason: expect.stringMatching(reason) });
  }, HANG_GUARD_MS);
});

describe("fetchMtaStsPolicy: the policy host's certificate (RFC 8461 §3.3)", () => {
  it.each([
    ["another name", { names: ["www.example.test"] }, /not issued for mta-sts\.example\.test \(DNS names: www\.example\.test\)/],
    ["expired", { names: [HOST], notBefore: new Date(Date.now() - 100 * DAY), notAfter: new Date(Date.now() - DAY) }, /^expired on /],
    ["not yet valid", { names: [HOST], notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 100 * DAY) }, /^not valid before /],
    ["self-signed", { names: [HOST], issuer: "self" as const }, /does not lead to a trusted root/],
    ["missing intermediate", { names: [HOST], includeIntermediate: false }, /does not lead to a trusted root/],
  ])("%s: cert-invalid with the reason, and no request is sent", async (_label, issue, reason) => {
    const server = await serve({ kind: "serve", body: POLICY }, await ca.issue(issue));
    const { fetch, evidence } = await fetchFrom(server);
    expect(fetch).toEqual({ kind: "cert-invalid", reason: expect.stringMatching(reason) });
    expect(server.requests).toEqual([]);
    expect(evidence.certificate).toBeDefined();
  }, HANG_GUARD_MS);

  it("validity is judged against the `now` passed in", async () => {
    const server = await serve({ kind: "serve", body: POLICY });
    const { fetch } = await fetchFrom(server, { now: new Date(Date.now() + 365 * DAY) });
    expect(fetch).toEqual({ kind: "cert-invalid", reason: expect.stringMatching(/^expired on /) });
  }, HANG_GUARD_MS);

  it("several problems are all named", async () => {
    const server = await serve({ kind: "serve", body: POLICY }, await ca.issue({ names: ["other.test"], issuer: "self", notAfter: new Date(Date.now() - DAY), notBefore: new Date(Date.now() - 2 * DAY) }));
    const { fetch } = await fetchFrom(server);
    expect(fetch.kind === "cert-invalid" && fetch.reason.split("; ")).toHaveLength(3);
  }, HANG_GUARD_MS);
});

describe("fetchMtaStsPolicy: caps and deadlines", () => {
  it.each(["content-length", "chunked", "close"] as const)("70 KB body (%s framing): too-large", async (framing) => {
    const server = await serve({ kind: "large", framing });
    expect((await fetchFrom(server)).fetch).toEqual({ kind: "too-large" });
  }, HANG_GUARD_MS);

  it("a body that never ends, fast: too-large once past 64 KiB", async () => {
    const server = await serve({ kind: "endless", intervalMs: 0, chunkBytes: 4096, framing: "chunked" });
    expect((await fetchFrom(server)).fetch).toEqual({ kind: "too-large" });
  }, HANG_GUARD_MS);

  it("a body that never ends, slowly: unavailable at the deadline, saying the body was incomplete", async () => {
    const server = await serve({ kind: "endless", intervalMs: 20, chunkBytes: 256 });
    expect((await fetchFrom(server)).fetch).toEqual({ kind: "unavailable", reason: expect.stringMatching(/^response body not complete within \d+ ms \(\d+ bytes read\)$/) });
  }, HANG_GUARD_MS);

  it("headers dripped a byte at a time: unavailable at the deadline", async () => {
    const server = await serve({ kind: "drip-headers", intervalMs: 20 });
    expect((await fetchFrom(server)).fetch).toEqual({ kind: "unavailable", reason: expect.stringMatching(/^no complete response header within \d+ ms$/) });
  }, HANG_GUARD_MS);

  it("stall after the handshake: unavailable at the deadline", async () => {
    const server = await serve({ kind: "stall" });
    expect((await fetchFrom(server)).fetch).toEqual({ kind: "unavailable", reason: expect.stringMatching(/^no complete response header within/) });
    expect(server.requests).toHaveLength(1);
  }, HANG_GUARD_MS);

  it("the caller's abort ends the fetch", async () => {
    const server = await serve({ kind: "stall" });
    const controller = new AbortController();
    const pending = fetchFrom(server, { signal: controller.signal, deadlineMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort();
    expect((await pending).fetch).toEqual({ kind: "unavailable", reason: "aborted" });
  }, HANG_GUARD_MS);
});

describe("fetchMtaStsPolicy: addresses and the target guard", () => {
  it("private address with allowPrivate false: blocked-private, zero connections", async () => {
    const server = await serve({ kind: "serve", body: POLICY });
    const { fetch, evidence } = await fetchFrom(server, { allowPrivate: false });
    expect(fetch).toEqual({ kind: "blocked-private", address: "127.0.0.1" });
    expect(evidence.addresses).toEqual([{ address: "127.0.0.1", family: 4, allowed: false, category: "loopback" }]);
    expect(server.connections).toBe(0);
  }, HANG_GUARD_MS);

  it("an address refused even for labs is skipped; the next one answers", async () => {
    const server = await serve({ kind: "serve", body: POLICY });
    const dns = zoneResolver({ [HOST]: { A: ["224.0.0.1", "127.0.0.1"] } });
    const { fetch, evidence } = await fetchFrom(server, { dns });
    expect(fetch.kind).toBe("ok");
    expect(evidence.addresses.map((a) => [a.address, a.allowed, a.category])).toEqual([["224.0.0.1", false, "multicast"], ["127.0.0.1", true, "loopback"]]);
    expect(server.connections).toBe(1);
  }, HANG_GUARD_MS);

  it("a refused address is passed over for the next one", async () => {
    const server = await serve({ kind: "serve", body: POLICY });
    // The server listens on 127.0.0.1 only, so 127.0.0.2 refuses the connection.
    const dns = zoneResolver({ [HOST]: { A: ["127.0.0.2", "127.0.0.1"] } });
    const { fetch, evidence } = await fetchFrom(server, { dns });
    expect(fetch.kind).toBe("ok");
    expect(evidence.address).toBe("127.0.0.1");
    expect(evidence.addresses.map((a) => a.outcome)).toEqual(["connection refused", "answered"]);
  }, HANG_GUARD_MS);

  it("nothing listening: unavailable, naming each address", async () => {
    const port = await findClosedPort();
    const { fetch } = await fetchFrom({ port });
    expect(fetch).toEqual({ kind: "unavailable", reason: `no address of ${HOST} answered (127.0.0.1: connection refused)` });
  }, HANG_GUARD_MS);

  it.each([
    ["no address (NXDOMAIN)", { [DOMAIN]: { MX: [{ preference: 10, exchange: "mx1.example.test" }] } }, `${HOST} has no address`],
    ["DNS failure", { [HOST]: { fail: "servfail" } }, `${HOST} could not be resolved (A: servfail, AAAA: servfail)`],
  ] as [string, Zone, string][])("%s: unavailable, nothing connected to", async (_label, zone, reason) => {
    const server = await serve({ kind: "serve", body: POLICY });
    expect((await fetchFrom(server, { dns: zoneResolver(zone) })).fetch).toEqual({ kind: "unavailable", reason });
    expect(server.connections).toBe(0);
  }, HANG_GUARD_MS);
});

describe("httpsGet", () => {
  it("records exactly the presented chain and refuses non-IP targets", async () => {
    const server = await serve({ kind: "serve", body: "x" });
    const base = { address: "127.0.0.1", port: server.port, host: HOST, path: "/", deadlineMs: DEADLINE_MS, maxBodyBytes: 10, maxHeaderBytes: 4096 };
    const result = await httpsGet(base);
    expect(result.ok && result.tls.peerChain).toEqual(good.chainDer);
    expect(result.ok && result.response.body.toString()).toBe("x");
    for (const bad of [{ address: "localhost" }, { host: "a b" }, { host: "127.0.0.1" }, { path: "/\r\nX: y" }, { path: "relative" }]) {
      expect(() => httpsGet({ ...base, ...bad })).toThrow(TypeError);
    }
    expect(server.connections).toBe(1);
  }, HANG_GUARD_MS);

  it("a throwing verifyPeer (a programmer error) rejects, and the socket is still destroyed", async () => {
    const server = await serve({ kind: "serve", body: "x" });
    const verifyPeer = (): string => {
      throw new Error("bug in verifyPeer");
    };
    const base = { address: "127.0.0.1", port: server.port, host: HOST, path: "/", deadlineMs: DEADLINE_MS, maxBodyBytes: 10, maxHeaderBytes: 4096 };
    await expect(httpsGet({ ...base, verifyPeer })).rejects.toThrow("bug in verifyPeer");
    expect(server.requests).toEqual([]);
  }, HANG_GUARD_MS);

  it("repeated teardown mid-body neither crashes the process nor leaks", async () => {
    const server = await serve({ kind: "endless", intervalMs: 0, chunkBytes: 8192 });
    for (let i = 0; i < 10; i++) {
      const result = await httpsGet({ address: "127.0.0.1", port: server.port, host: HOST, path: "/", deadlineMs: DEADLINE_MS, maxBodyBytes: 1024, maxHeaderBytes: 4096 });
      expect(result).toMatchObject({ ok: false, stage: "http", code: "body-too-large", head: { status: 200 } });
    }
    expect(server.connections).toBe(10);
  }, HANG_GUARD_MS);
});
