/**
 * SMTP reader discipline against real loopback servers: the scanner reads exactly the reply to
 * what it sent, and counts (then drops) whatever the server sent unasked — replies pipelined behind
 * the greeting, plaintext after the STARTTLS 220 (RFC 3207 §4.2; the STARTTLS injection class).
 * Outcomes only, never durations.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { evaluateHostStarttls } from "@/lib/scan/checks/starttls/evaluate-starttls";
import { probeSmtp, sessionClosing, type SmtpDeadlines } from "@/lib/scan/net/smtp";
import { probeSmtpEndpoint } from "@/lib/scan/net/smtp-endpoint";
import { startSmtpServer, type SmtpServerOptions, type SmtpServerVariant, type TestSmtpServer } from "@/tests/helpers/smtp-server";
import { createTestCa, type IssuedCertificate } from "@/tests/helpers/test-ca";

const HOST = "mx1.example.test";
const EHLO_NAME = "scanner.test.invalid";
const FAST: SmtpDeadlines = { connectMs: 2_000, greetingMs: 1_000, commandMs: 1_000, tlsHandshakeMs: 1_000, sessionMs: 5_000, quitMs: 300 };
const HANG_GUARD_MS = 15_000;

let leaf: IssuedCertificate;
const servers: TestSmtpServer[] = [];

async function serve(variant: SmtpServerVariant, options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const server = await startSmtpServer(variant, { tls: { key: leaf.keyPem, cert: leaf.chainPem }, ...options });
  servers.push(server);
  return server;
}

/** Probes, then waits for the polite close a successful probe leaves running behind it. */
const probe = async (server: TestSmtpServer) => {
  const result = await probeSmtp({ address: server.address, port: server.port, host: HOST, ehloName: EHLO_NAME, deadlines: FAST });
  await sessionClosing(result);
  return result;
};

beforeAll(async () => {
  const ca = await createTestCa();
  leaf = await ca.issue({ names: [HOST] });
});

afterEach(async () => {
  for (const server of servers) await server.waitForIdle();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe("probeSmtp reads only what it asked for", () => {
  it("a '250 STARTTLS' pipelined with the greeting is not the EHLO reply: not-offered, and the bytes are counted", async () => {
    const server = await serve("greeting-injection");
    const result = await probe(server);
    // The real EHLO reply offers no STARTTLS, so the scanner never sends the command.
    expect(result).toMatchObject({ state: "not-offered", starttlsOffered: false, injectedBytesDiscarded: "250 STARTTLS\r\n".length });
    expect(result.injections).toEqual([{ before: "EHLO", bytes: "250 STARTTLS\r\n".length }]);
    expect(result.ehloKeywords).not.toContain("STARTTLS");
    expect(server.commands).toEqual([`EHLO ${EHLO_NAME}`, "QUIT"]);
  }, HANG_GUARD_MS);

  it("plaintext after the STARTTLS 220: TLS still completes, the bytes are dropped and counted", async () => {
    const server = await serve("injection");
    const result = await probe(server);
    expect(result).toMatchObject({ state: "ok", phase: "done", injectedBytesDiscarded: "250 injected\r\n".length });
    expect(result.injections).toEqual([{ before: "TLS", bytes: "250 injected\r\n".length }]);
    expect(server.commands).toEqual([`EHLO ${EHLO_NAME}`, "STARTTLS", "QUIT"]);
  }, HANG_GUARD_MS);

  it("a clean server, multi-line greeting sent slowly included, never counts a byte", async () => {
    const server = await serve("starttls", { greetingLines: ["first", "second", "third"], greetingDelayMs: 20 });
    const result = await probe(server);
    expect(result).toMatchObject({ state: "ok", injectedBytesDiscarded: 0 });
    expect(result.injections).toEqual([]);
  }, HANG_GUARD_MS);
});

describe("the endpoint carries the count and the host gets starttls-injection", () => {
  const hostFindings = async (variant: SmtpServerVariant) => {
    const server = await serve(variant);
    const { endpoint } = await probeSmtpEndpoint({ address: server.address, port: server.port, host: HOST, ehloName: EHLO_NAME, deadlines: FAST });
    const findings = evaluateHostStarttls({ host: HOST, endpoints: [endpoint], blockedAddresses: [] }, new Date(), "default");
    return { endpoint, findings };
  };

  it("greeting-injection → starttls-not-offered and starttls-injection (medium) with the byte count", async () => {
    const { endpoint, findings } = await hostFindings("greeting-injection");
    expect(endpoint).toMatchObject({ starttls: "not-offered", injectedBytes: 14 });
    expect(findings.map((f) => f.id).sort()).toEqual(["starttls-injection", "starttls-not-offered"]);
    const injection = findings.find((f) => f.id === "starttls-injection")!;
    expect(injection).toMatchObject({ severity: "medium", host: HOST });
    expect(injection.detail).toContain(`${endpoint.address}: 14 byte(s)`);
  }, HANG_GUARD_MS);

  it("injection → ok with starttls-injection", async () => {
    const { endpoint, findings } = await hostFindings("injection");
    expect(endpoint).toMatchObject({ starttls: "ok", injectedBytes: 14 });
    expect(findings.map((f) => f.id)).toContain("starttls-injection");
  }, HANG_GUARD_MS);

  it("a clean server → injectedBytes 0 and no starttls-injection", async () => {
    const { endpoint, findings } = await hostFindings("starttls");
    expect(endpoint).toMatchObject({ starttls: "ok", injectedBytes: 0 });
    expect(findings.map((f) => f.id)).not.toContain("starttls-injection");
  }, HANG_GUARD_MS);
});
