/**
 * The pooled UDP transport (lib/scan/net/dns-udp-pool.ts) against a raw loopback DNS server that
 * records the source port of every query and can forge, delay and misdirect replies.
 */
import { createSocket, type RemoteInfo, type Socket } from "node:dgram";
import { decode, encode, type Packet } from "dns-packet";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDnsClient } from "@/lib/scan/net/dns";
import { pooledSocketCounts } from "@/lib/scan/net/dns-udp-pool";

type Seen = { id: number; name: string; port: number };

let server: Socket;
let forger: Socket;
let port = 0;
const seen: Seen[] = [];
/** Replies held back by name, sent when the test says so. */
const held = new Map<string, () => void>();

function answer(query: Packet, name: string, address: string, id = query.id ?? 0): Buffer {
  return encode({
    type: "response",
    id,
    flags: 0x8180,
    questions: [{ name, type: "A", class: "IN" }],
    answers: [{ name, type: "A", class: "IN", ttl: 60, data: address }],
  });
}

function handle(message: Buffer, peer: RemoteInfo): void {
  const query = decode(message);
  const name = query.questions?.[0]?.name ?? "";
  const id = query.id ?? 0;
  seen.push({ id, name, port: peer.port });
  const send = (buf: Buffer, from: Socket = server): void => from.send(buf, peer.port, peer.address);
  if (name === "forged.pool.test") {
    // Three forgeries first, each of which would give 198.51.100.66 if accepted.
    send(answer(query, name, "198.51.100.66", id ^ 0x5a5a)); // wrong id
    send(answer(query, "other.pool.test", "198.51.100.66")); // wrong question
    send(answer(query, name, "198.51.100.66"), forger); // right id and question, wrong source port
    setTimeout(() => send(answer(query, name, "192.0.2.1")), 50);
    return;
  }
  if (name === "late.pool.test") {
    held.set(name, () => send(answer(query, name, "198.51.100.77")));
    return;
  }
  if (name === "next.pool.test") {
    held.set(name, () => {
      // The late reply to the abandoned query, also rewritten with this query's id: neither may count.
      held.get("late.pool.test")?.();
      const late = seen.find((s) => s.name === "late.pool.test");
      if (late) send(answer(decode(message), "late.pool.test", "198.51.100.77", id));
      setTimeout(() => send(answer(query, name, "192.0.2.2")), 30);
    });
    return;
  }
  const n = Number(/^n(\d+)\./.exec(name)?.[1] ?? 0);
  send(answer(query, name, `192.0.2.${n % 250}`));
}

beforeAll(async () => {
  server = createSocket("udp4");
  forger = createSocket("udp4");
  server.on("message", handle);
  await Promise.all([
    new Promise<void>((done) => server.bind(0, "127.0.0.1", () => done())),
    new Promise<void>((done) => forger.bind(0, "127.0.0.1", () => done())),
  ]);
  port = server.address().port;
});
afterAll(async () => {
  await Promise.all([new Promise<void>((done) => server.close(() => done())), new Promise<void>((done) => forger.close(() => done()))]);
});

const resolver = () => ({ host: "127.0.0.1", port });
const key = () => `127.0.0.1#${port}`;

describe("socket pool", () => {
  it("carries many concurrent queries from several clients on a few sockets", async () => {
    seen.splice(0);
    const clients = Array.from({ length: 5 }, () => createDnsClient({ resolvers: [resolver()], attemptTimeoutMs: 2_000, deadlineMs: 5_000 }));
    // 150 at once: more than one socket carries, fewer than the test server's receive buffer holds.
    const answers = await Promise.all(
      clients.flatMap((c, k) => Array.from({ length: 30 }, (_, i) => c.query(`n${k * 30 + i}.pool.test`, "A"))),
    );
    expect(answers.every((a) => a.outcome === "ok")).toBe(true);
    expect(answers.map((a) => (a.records[0] as { address: string }).address)).toEqual(
      Array.from({ length: 150 }, (_, i) => `192.0.2.${i}`),
    );
    expect(seen).toHaveLength(150);
    const ports = new Set(seen.map((s) => s.port));
    expect(ports.size).toBeGreaterThanOrEqual(2);
    expect(ports.size).toBeLessThanOrEqual(8);
    // No two queries in flight on one socket shared an id.
    const perPort = new Map<number, Set<number>>();
    for (const s of seen) perPort.set(s.port, (perPort.get(s.port) ?? new Set()).add(s.id));
    expect([...perPort.values()].reduce((sum, ids) => sum + ids.size, 0)).toBe(150);
  });

  it("reuses one socket for queries that follow each other", async () => {
    seen.splice(0);
    const c = createDnsClient({ resolvers: [resolver()], attemptTimeoutMs: 2_000, deadlineMs: 5_000 });
    for (let i = 0; i < 10; i++) expect((await c.query(`n${i}.serial.pool.test`, "A")).outcome).toBe("ok");
    expect(new Set(seen.map((s) => s.port)).size).toBe(1);
    expect(new Set(seen.map((s) => s.id)).size).toBe(10);
  });

  it("closes idle sockets by itself", async () => {
    const c = createDnsClient({ resolvers: [resolver()], attemptTimeoutMs: 2_000, deadlineMs: 5_000 });
    expect((await c.query("n1.idle.pool.test", "A")).outcome).toBe("ok");
    expect(pooledSocketCounts()[key()]).toBeGreaterThanOrEqual(1);
    await vi.waitFor(() => expect(pooledSocketCounts()[key()]).toBeUndefined(), { timeout: 8_000, interval: 100 });
  });
});

describe("forged and late replies (RFC 5452 §9.1)", () => {
  it("ignores a reply with a wrong id, a wrong question or from a wrong source, and takes the real one", async () => {
    const c = createDnsClient({ resolvers: [resolver()], attemptTimeoutMs: 2_000, deadlineMs: 5_000 });
    const result = await c.query("forged.pool.test", "A");
    expect(result).toMatchObject({ outcome: "ok", records: [{ address: "192.0.2.1" }] });
  });

  it("does not let a late reply to a timed-out query resolve another query", async () => {
    seen.splice(0);
    held.clear();
    const c = createDnsClient({ resolvers: [resolver()], attemptTimeoutMs: 100, retries: 0, deadlineMs: 5_000 });
    expect(await c.query("late.pool.test", "A")).toMatchObject({ outcome: "timeout", records: [] });
    const next = c.query("next.pool.test", "A");
    await vi.waitFor(() => expect(held.has("next.pool.test")).toBe(true));
    held.get("next.pool.test")?.();
    expect(await next).toMatchObject({ outcome: "ok", records: [{ address: "192.0.2.2" }] });
    // Both went over the same pooled socket, so the late reply did reach it.
    const [late, second] = [seen.find((s) => s.name === "late.pool.test"), seen.find((s) => s.name === "next.pool.test")];
    expect(second?.port).toBe(late?.port);
    expect(second?.id).not.toBe(late?.id);
    // And the abandoned query stays a timeout in the client's cache.
    expect(await c.query("late.pool.test", "A")).toMatchObject({ outcome: "timeout" });
  });
});
