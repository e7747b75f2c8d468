/**
 * probeSmtp against real loopback servers, one per behaviour. Deadlines are passed small so the
 * hostile cases end quickly; we assert outcomes and that nothing leaked, never durations.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { evaluateEndpointCertificate } from "@/lib/scan/checks/starttls/certificate";
import { evaluateEndpoint } from "@/lib/scan/checks/starttls/evaluate-endpoint";
import { probeSmtp, sessionClosing, type SmtpDeadlines, type SmtpProbeOptions } from "@/lib/scan/net/smtp";
import { SmtpChannel } from "@/lib/scan/net/smtp-channel";
import { endpointFromProbe, probeSmtpEndpoint } from "@/lib/scan/net/smtp-endpoint";
import { createTrustAnchors, type TrustAnchors } from "@/lib/scan/x509";
import { findClosedPort, startSmtpServer, type SmtpServerOptions, type SmtpServerVariant, type TestSmtpServer } from "@/tests/helpers/smtp-server";
import { createTestCa, type IssuedCertificate, type TestCa } from "@/tests/helpers/test-ca";

const HOST = "mx1.example.test";
const EHLO_NAME = "scanner.test.invalid";
const DAY = 86_400_000;
const FAST: SmtpDeadlines = { connectMs: 2_000, greetingMs: 400, commandMs: 400, tlsHandshakeMs: 400, sessionMs: 5_000, quitMs: 300 };
/** Safety net only: a hang fails the test instead of stalling the run. Not a duration assertion. */
const HANG_GUARD_MS = 15_000;

let ca: TestCa;
let anchors: TrustAnchors;
let validLeaf: IssuedCertificate;
const servers: TestSmtpServer[] = [];

function socketHandles(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap" || r === "TLSWrap").length;
}

function pendingTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
}

/** Handles close a loop turn or two after destroy(); give them that, then report what is left. */
async function settledSocketHandles(): Promise<number> {
  for (let i = 0; i < 100 && socketHandles() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return socketHandles();
}

async function serve(variant: SmtpServerVariant, options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const server = await startSmtpServer(variant, options);
  servers.push(server);
  return server;
}

/** Probes, then waits for the polite close that a successful probe leaves running behind it. */
async function probe(server: { address: string; port: number }, overrides: Partial<SmtpProbeOptions> = {}) {
  const result = await probeSmtp({ address: server.address, port: server.port, host: HOST, ehloName: EHLO_NAME, deadlines: FAST, ...overrides });
  await sessionClosing(result);
  return result;
}

beforeAll(async () => {
  ca = await createTestCa();
  anchors = createTrustAnchors([ca.rootPem]);
  validLeaf = await ca.issue({ names: [HOST] });
});

let timersBefore = 0;
beforeEach(() => {
  timersBefore = pendingTimers();
});

afterEach(async () => {
  // Every socket the probe opened is closed again: the server sees no open connection, and
  // this process holds no TCP/TLS handle once the servers are gone.
  for (const server of servers) {
    await server.waitForIdle();
    expect(server.openSockets()).toBe(0);
  }
  await Promise.all(servers.splice(0).map((server) => server.close()));
  expect(await settledSocketHandles()).toBe(0);
  // No deadline timer of the probe outlives it.
  // (Timers of sockets closed just now are cleared by their close events: give those a moment.)
  await expect.poll(() => pendingTimers(), { timeout: 2_000, interval: 20 }).toBeLessThanOrEqual(timersBefore);
});

afterAll(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe("probeSmtp: well-behaved servers", () => {
  it("starttls: ok, records TLS 1.3, the presented chain, SNI, and QUITs inside TLS", async () => {
    const server = await serve("starttls", { tls: { key: validLeaf.keyPem, cert: validLeaf.chainPem } });
    const result = await probe(server);
    expect(result).toMatchObject({ state: "ok", phase: "done", starttlsOffered: true, usedHelo: false, injectedBytesDiscarded: 0 });
    expect(result.detail).toBeUndefined();
    expect(result.ehloKeywords).toEqual(["PIPELINING", "STARTTLS", "8BITMIME"]);
    expect(result.tls).toEqual({ version: "TLSv1.3", cipher: expect.stringMatching(/^TLS_/) });
    expect(result.peerChain).toEqual(validLeaf.chainDer); // exactly what was sent: no root appended
    expect(server.serverNames).toEqual([HOST]);
    expect(server.commands).toEqual([`EHLO ${EHLO_NAME}`, "STARTTLS", "QUIT"]);
    expect(server.spokeBeforeGreeting).toBe(0);
    expect(server.connections).toBe(1);
  }, HANG_GUARD_MS);

  it.each(["stay-open", "ignore"] as const)("QUIT answered but left open / not answered (%s): still ok, nothing leaks", async (onQuit) => {
    // Regression: destroying the raw socket before the TLS socket wrapping it crashed Node 20.
    const server = await serve("starttls", { tls: { key: validLeaf.keyPem, cert: validLeaf.chainPem }, onQuit });
    const result = await probe(server);
    expect(result.state).toBe("ok");
    expect(server.commands).toEqual([`EHLO ${EHLO_NAME}`, "STARTTLS", "QUIT"]);
  }, HANG_GUARD_MS);

  it("returns as soon as QUIT is sent; the reply is awaited in the background, up to the QUIT deadline", async () => {
    // The server never answers QUIT: before, the probe itself waited out the QUIT deadline.
    const server = await serve("starttls", { tls: { key: validLeaf.keyPem, cert: validLeaf.chainPem }, onQuit: "ignore" });
    const result = await probeSmtp({ address: server.address, port: server.port, host: HOST, ehloName: EHLO_NAME, deadlines: { ...FAST, quitMs: 2_000 } });
    expect(result.state).toBe("ok");
    const closing = sessionClosing(result);
    expect(closing).toBeDefined();
    let closed = false;
    void closing!.then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(false); // still waiting for a 221 that will not come
    await closing;
    expect(server.commands).toEqual([`EHLO ${EHLO_NAME}`, "STARTTLS", "QUIT"]);
    // A probe that ended otherwise has nothing left running.
    const plain = await serve("no-starttls");
    expect(sessionClosing(await probeSmtp({ address: plain.address, port: plain.port, host: HOST, ehloName: EHLO_NAME, deadlines: FAST }))).toBeUndefined();
  }, HANG_GUARD_MS);

  it("waits for a slow multi-line greeting before sending EHLO (RFC 5321 §4.3.1, §4.5.3.2)", async () => {
    const server = await serve("starttls", {
      tls: { key: validLeaf.keyPem, cert: validLeaf.chainPem },
      greetingLines: ["mx.test.invalid ESMTP", "please wait", "still here"],
      greetingDelayMs: 60,
    });
    const result = await probe(server, { deadlines: { ...FAST, greetingMs: 3_000 } });
    expect(result.state).toBe("ok");
    expect(result.greeting).toBe("mx.test.invalid ESMTP");
    expect(server.spokeBeforeGreeting).toBe(0);
  }, HANG_GUARD_MS);

  it("no-starttls: not-offered, never sends STARTTLS, still QUITs", async () => {
    const server = await serve("no-starttls");
    const result = await probe(server);
    expect(result).toMatchObject({ state: "not-offered", starttlsOffered: false, detail: "STARTTLS not advertised in the EHLO reply" });
    expect(server.commands).toEqual([`EHLO ${EHLO_NAME}`, "QUIT"]);
  }, HANG_GUARD_MS);

  it("ehlo-rejected: HELO only classifies; the server is not-offered (RFC 3207 §4 needs EHLO)", async () => {
    const server = await serve("ehlo-rejected");
    const result = await probe(server);
    expect(result).toMatchObject({ state: "not-offered", usedHelo: true, phase: "helo" });
    expect(result.detail).toMatch(/EHLO rejected: 502/);
    expect(server.commands).toEqual([`EHLO ${EHLO_NAME}`, `HELO ${EHLO_NAME}`, "QUIT"]);
  }, HANG_GUARD_MS);

  it("starttls-454: the command fails → failed (spec starttls-failed)", async () => {
    const server = await serve("starttls-454");
    const result = await probe(server);
    expect(result).toMatchObject({ state: "failed", phase: "starttls" });
    expect(result.detail).toMatch(/^STARTTLS rejected: 454/);
  }, HANG_GUARD_MS);

  it("handshake-failure: garbage instead of a ServerHello → failed", async () => {
    const server = await serve("handshake-failure");
    const result = await probe(server);
    expect(result).toMatchObject({ state: "failed", phase: "tls" });
    expect(result.detail).toMatch(/^TLS handshake failed/);
    expect(result.tls).toBeUndefined();
  }, HANG_GUARD_MS);

  it("421-greeting: rate-limited (inconclusive), never not-offered; no EHLO sent", async () => {
    const server = await serve("421-greeting");
    const result = await probe(server);
    expect(result).toMatchObject({ state: "rate-limited", phase: "greeting" });
    expect(result.detail).toMatch(/^greeting: 421 4\.7\.0/);
    expect(server.commands.some((c) => c.startsWith("EHLO"))).toBe(false);
  }, HANG_GUARD_MS);

  it("tls10-only: completes TLS 1.0 (observed, not refused) and the evaluator raises tls-legacy-only", async () => {
    const server = await serve("tls10-only", { tls: { key: validLeaf.keyPem, cert: validLeaf.chainPem } });
    const result = await probe(server);
    expect(result.state).toBe("ok");
    expect(result.tls?.version).toBe("TLSv1");
    const endpoint = evaluateEndpointCertificate(endpointFromProbe(server.address, result), result.peerChain, { host: HOST, anchors });
    const findings = evaluateEndpoint({ host: HOST, endpoint, now: new Date(), severityContext: "default" });
    expect(findings.map((f) => f.id)).toEqual(["tls-legacy-only"]);
  }, HANG_GUARD_MS);
});

describe("probeSmtp: hostile servers end as a classification", () => {
  it("silent: unreachable once the greeting deadline passes", async () => {
    const server = await serve("silent");
    const result = await probe(server);
    expect(result).toMatchObject({ state: "unreachable", phase: "greeting" });
    expect(result.detail).toMatch(/no complete greeting within 400 ms/);
    expect(server.commands).toEqual([]);
  }, HANG_GUARD_MS);

  it("drip: one byte at a time cannot extend the absolute greeting deadline", async () => {
    const server = await serve("drip", { dripIntervalMs: 20 });
    const result = await probe(server);
    expect(result).toMatchObject({ state: "unreachable", phase: "greeting" });
    expect(result.detail).toMatch(/no complete greeting within/);
  }, HANG_GUARD_MS);

  it("drip: the whole-session deadline also ends it when the phase deadline is generous", async () => {
    const server = await serve("drip", { dripIntervalMs: 20 });
    const result = await probe(server, { deadlines: { ...FAST, greetingMs: 60_000, sessionMs: 300 } });
    expect(result).toMatchObject({ state: "unreachable", phase: "greeting" });
    expect(result.detail).toMatch(/session deadline of 300 ms exceeded/);
  }, HANG_GUARD_MS);

  it("endless-continuation: the reply-line cap ends it (garbled greeting → unreachable)", async () => {
    const server = await serve("endless-continuation");
    const result = await probe(server, { deadlines: { ...FAST, greetingMs: 60_000 } });
    expect(result).toMatchObject({ state: "unreachable", phase: "greeting" });
    expect(result.detail).toMatch(/more than 100 reply lines/);
  }, HANG_GUARD_MS);

  it("huge-line: the line-length cap ends it", async () => {
    const server = await serve("huge-line");
    const result = await probe(server, { deadlines: { ...FAST, greetingMs: 60_000 } });
    expect(result).toMatchObject({ state: "unreachable", phase: "greeting" });
    expect(result.detail).toMatch(/longer than 4096 bytes/);
  }, HANG_GUARD_MS);

  it("injection: bytes after the STARTTLS 220 are discarded and flagged (RFC 3207 §4.2, CVE-2011-0411)", async () => {
    const server = await serve("injection", { tls: { key: validLeaf.keyPem, cert: validLeaf.chainPem } });
    const result = await probe(server);
    expect(result.state).toBe("ok");
    expect(result.injectedBytesDiscarded).toBe("250 injected\r\n".length);
    // The session went on normally inside TLS (QUIT sent there) after the plaintext was dropped.
    expect(server.commands).toEqual([`EHLO ${EHLO_NAME}`, "STARTTLS", "QUIT"]);
  }, HANG_GUARD_MS);

  it("tls-stall: a server that never answers the ClientHello → failed at the handshake deadline", async () => {
    const server = await serve("tls-stall");
    const result = await probe(server);
    expect(result).toMatchObject({ state: "failed", phase: "tls" });
    expect(result.detail).toBe("TLS handshake timed out after 400 ms");
  }, HANG_GUARD_MS);

  it("refused: unreachable", async () => {
    const port = await findClosedPort();
    const result = await probe({ address: "127.0.0.1", port });
    expect(result).toMatchObject({ state: "unreachable", phase: "connect", detail: "connect: connection refused" });
  }, HANG_GUARD_MS);
});

describe("probeSmtp: caller control", () => {
  it("an abort mid-session ends it as unreachable (inconclusive), not failed", async () => {
    const server = await serve("silent");
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await probe(server, { signal: controller.signal, deadlines: { ...FAST, greetingMs: 60_000 } });
    expect(result).toMatchObject({ state: "unreachable", detail: "probe aborted" });
  }, HANG_GUARD_MS);

  it("an already-aborted signal opens no connection", async () => {
    const server = await serve("starttls", { tls: { key: validLeaf.keyPem, cert: validLeaf.chainPem } });
    const result = await probe(server, { signal: AbortSignal.abort() });
    expect(result.state).toBe("unreachable");
    expect(server.connections).toBe(0);
  }, HANG_GUARD_MS);

  it("refuses a host name as address (no DNS happens in probeSmtp)", async () => {
    const server = await serve("starttls", { tls: { key: validLeaf.keyPem, cert: validLeaf.chainPem } });
    await expect(probe({ address: "localhost", port: server.port })).rejects.toThrow(TypeError);
    expect(server.connections).toBe(0);
  }, HANG_GUARD_MS);
});

describe("SmtpChannel teardown", () => {
  it("destroying right after a write inside TLS neither crashes the process nor leaks", async () => {
    // Regression: Node 20 segfaults when the raw socket is destroyed before the TLS socket that
    // wraps it while a TLS write is pending; the channel must tear down outermost first.
    const server = await serve("starttls", { tls: { key: validLeaf.keyPem, cert: validLeaf.chainPem }, onQuit: "ignore" });
    for (let i = 0; i < 10; i++) {
      const channel = new SmtpChannel({ maxLineBytes: 4096, maxReplyLines: 100 });
      try {
        await channel.connect(server.address, server.port, 2_000);
        await channel.readReply(2_000, "greeting");
        channel.write(`EHLO ${EHLO_NAME}`);
        await channel.readReply(2_000, "EHLO reply");
        channel.write("STARTTLS");
        await channel.readReply(2_000, "STARTTLS reply");
        await channel.startTls({ rejectUnauthorized: false, servername: HOST }, 2_000);
        channel.write("QUIT");
      } finally {
        channel.destroy();
      }
    }
    expect(server.connections).toBe(10);
  }, HANG_GUARD_MS);
});

describe("certificate fields from a live handshake", () => {
  async function endpointFor(leaf: IssuedCertificate) {
    const server = await serve("starttls", { tls: { key: leaf.keyPem, cert: leaf.chainPem } });
    const { endpoint: observed, probe: raw } = await probeSmtpEndpoint({
      address: server.address, port: server.port, host: HOST, ehloName: EHLO_NAME, deadlines: FAST,
    });
    expect(raw.state).toBe("ok");
    // net/ observes only: no judged certificate fields until checks/ adds them from the DER.
    expect(observed.certificate).toBeUndefined();
    const endpoint = evaluateEndpointCertificate(observed, raw.peerChain, { host: HOST, anchors });
    const ids = evaluateEndpoint({ host: HOST, endpoint, now: new Date(), severityContext: "default" }).map((f) => f.id);
    return { endpoint, ids };
  }

  it("valid: trusted, name matches, two-entry chain, no findings", async () => {
    const { endpoint, ids } = await endpointFor(validLeaf);
    expect(endpoint).toMatchObject({ address: "127.0.0.1", starttls: "ok", certificate: { trusted: true, nameMatches: true, san: [HOST], keyBits: 256 } });
    expect(endpoint.chain?.map((c) => c.subject)).toEqual([`CN=${HOST}, O=mailposture tests`, "CN=mailposture test intermediate CA, O=mailposture tests"]);
    expect(ids).toEqual([]);
  }, HANG_GUARD_MS);

  it("expired: still trusted (dates ignored), raises cert-expired", async () => {
    const leaf = await ca.issue({ names: [HOST], notBefore: new Date(Date.now() - 100 * DAY), notAfter: new Date(Date.now() - DAY) });
    const { endpoint, ids } = await endpointFor(leaf);
    expect(endpoint.certificate?.trusted).toBe(true);
    expect(ids).toEqual(["cert-expired"]);
  }, HANG_GUARD_MS);

  it("expiring in 5 days: cert-expiring-soon", async () => {
    const leaf = await ca.issue({ names: [HOST], notAfter: new Date(Date.now() + 5 * DAY) });
    const { ids } = await endpointFor(leaf);
    expect(ids).toEqual(["cert-expiring-soon"]);
  }, HANG_GUARD_MS);

  it("wrong name: nameMatches false, cert-name-mismatch", async () => {
    const leaf = await ca.issue({ names: ["mx9.other.test"], commonName: HOST });
    const { endpoint, ids } = await endpointFor(leaf);
    expect(endpoint.certificate).toMatchObject({ trusted: true, nameMatches: false, san: ["mx9.other.test"] });
    expect(ids).toEqual(["cert-name-mismatch"]);
  }, HANG_GUARD_MS);

  it("self-signed: untrusted, one-entry chain", async () => {
    const leaf = await ca.issue({ names: [HOST], issuer: "self" });
    const { endpoint, ids } = await endpointFor(leaf);
    expect(endpoint.certificate).toMatchObject({ trusted: false, nameMatches: true });
    expect(endpoint.chain).toHaveLength(1);
    expect(ids).toEqual(["cert-untrusted"]);
  }, HANG_GUARD_MS);

  it("intermediate missing: untrusted even though the root is trusted", async () => {
    const leaf = await ca.issue({ names: [HOST], includeIntermediate: false });
    const { endpoint, ids } = await endpointFor(leaf);
    expect(endpoint.certificate?.trusted).toBe(false);
    expect(endpoint.chain).toHaveLength(1);
    expect(ids).toEqual(["cert-untrusted"]);
  }, HANG_GUARD_MS);
});
