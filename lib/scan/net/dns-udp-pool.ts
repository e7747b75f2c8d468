/**
 * A small pool of long-lived UDP sockets per resolver. Opening, binding and closing one socket per
 * query cost about a fifth of the scanner's CPU (docs/benchmarks.md, "DNS socket pool"); pooled
 * sockets carry many queries at once, told apart by id and question.
 *
 * What keeps a reply from being forged (RFC 5452 §9.1), all three checked for every datagram:
 * - the source: each socket is connected to its resolver, so the kernel drops datagrams from any
 *   other address or port, and the handler checks the sender again;
 * - the id: random per query (RFC 5452 §9.2), and never shared by two queries in flight on one
 *   socket, nor reused while a reply to an abandoned query may still arrive (a late reply then
 *   finds no query, or a tombstone, instead of resolving someone else's question);
 * - the question: name, type and class must be the outstanding query's.
 * RFC 5452 §9.2 also asks for source-port randomness: every socket gets a random ephemeral port
 * from the kernel and is retired after SOCKET_MAX_QUERIES queries, so ports keep changing.
 *
 * Sockets and their idle timers are unref'd: an idle pool never keeps a process alive, while a
 * query in flight is kept alive by its own attempt timer (dns-transport.ts).
 */
import { randomInt } from "node:crypto";
import { createSocket, type RemoteInfo, type Socket } from "node:dgram";
import { isIP } from "node:net";
import type { DnsServerAddress } from "./dns-types";
import { isReplyTo, type Query } from "./dns-wire";
import { readMessage, type WireMessage } from "./dns-wire-read";

/** Queries one socket carries at once before the pool opens another one for the resolver. */
const SOCKET_SOFT_CAPACITY = 64;
/** Sockets per resolver; past this, queries share the least loaded socket. */
const MAX_SOCKETS_PER_RESOLVER = 8;
/** A socket takes no new query after this many, and closes once its last reply is in. */
const SOCKET_MAX_QUERIES = 2_000;
/** An idle socket closes after this long. */
const IDLE_CLOSE_MS = 2_000;
/** An abandoned query's id stays reserved this long, so a late reply cannot match a new query. */
const TOMBSTONE_MS = 10_000;
/** Hard limit of ids in use on one socket (the id is 16 bits). */
const MAX_IDS_PER_SOCKET = 0x10000 - 0x1000;

/** What the pool tells the query that waits for a datagram. */
export type PoolEvent =
  | { kind: "reply"; message: WireMessage }
  /** A datagram for this query (same id and question) that could not be read. */
  | { kind: "malformed"; error: string }
  /** A datagram that could not be read and whose query cannot be told; reported only on timeout. */
  | { kind: "unreadable"; error: string }
  | { kind: "network"; error: string };

type Pending = { query: Query; deliver: (event: PoolEvent) => void };

type PooledSocket = {
  socket: Socket;
  pending: Map<number, Pending>;
  /** id → time until which it stays reserved. */
  tombstones: Map<number, number>;
  sent: number;
  /** Sends held until connect() completes; null once connected. */
  waiting: Array<() => void> | null;
  closed: boolean;
  idleTimer: NodeJS.Timeout | null;
};

type ResolverPool = { key: string; server: DnsServerAddress; sockets: PooledSocket[] };

const pools = new Map<string, ResolverPool>();

/** A query on its way: `cancel` frees its slot (keeping the id reserved if a reply may still come). */
export type PooledQuery = { query: Query; cancel(replyMayCome: boolean): void };

/**
 * Sends `query` to `server` from a pooled socket; `deliver` gets every datagram meant for it (and
 * socket errors) until `cancel` is called. The query's id may be replaced by another random id
 * when the chosen socket already uses it; the returned query is the one on the wire.
 */
export function sendPooled(server: DnsServerAddress, query: Query, encode: (q: Query) => Buffer, deliver: (event: PoolEvent) => void): PooledQuery {
  const pool = poolFor(server);
  const pooled = pickSocket(pool);
  const now = Date.now();
  let q = query;
  if (pooled.pending.size >= MAX_IDS_PER_SOCKET) {
    queueMicrotask(() => deliver({ kind: "network", error: "too many DNS queries in flight" }));
    return { query: q, cancel: () => undefined };
  }
  // Draw again while the id is taken on this socket: two queries in flight never share one.
  while (pooled.pending.has(q.id) || (pooled.tombstones.get(q.id) ?? 0) > now) q = { ...q, id: randomInt(0x10000) };
  pooled.tombstones.delete(q.id);
  const entry: Pending = { query: q, deliver };
  pooled.pending.set(q.id, entry);
  pooled.sent += 1;
  if (pooled.idleTimer) {
    clearTimeout(pooled.idleTimer);
    pooled.idleTimer = null;
  }
  const id = q.id;
  const payload = encode(q);
  const send = (): void => {
    if (pooled.closed || pooled.pending.get(id) !== entry) return;
    pooled.socket.send(payload, (err) => {
      if (err && pooled.pending.get(id) === entry) deliver({ kind: "network", error: describeSocketError(err) });
    });
  };
  // dgram's send() takes a port until connect() has completed: hold the first queries until then.
  if (pooled.waiting) pooled.waiting.push(send);
  else send();
  return {
    query: q,
    cancel(replyMayCome: boolean) {
      if (pooled.pending.get(id) !== entry) return;
      pooled.pending.delete(id);
      if (replyMayCome && !pooled.closed) pooled.tombstones.set(id, Date.now() + TOMBSTONE_MS);
      settle(pool, pooled);
    },
  };
}

/** How many pooled UDP sockets are open, per resolver `host#port` (for tests and benchmarks). */
export function pooledSocketCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const pool of pools.values()) counts[pool.key] = pool.sockets.length;
  return counts;
}

/** Closes every pooled socket now; queries still waiting get a network error. */
export function closeDnsSocketPools(): void {
  for (const pool of pools.values()) for (const pooled of [...pool.sockets]) fail(pool, pooled, "socket pool closed");
  pools.clear();
}

export function describeSocketError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ECONNRESET") return "connection reset";
  return code ?? (err instanceof Error ? err.message : String(err));
}

function poolFor(server: DnsServerAddress): ResolverPool {
  const key = `${server.host}#${server.port}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = { key, server: { host: server.host, port: server.port }, sockets: [] };
    pools.set(key, pool);
  }
  return pool;
}

function pickSocket(pool: ResolverPool): PooledSocket {
  let best: PooledSocket | null = null;
  for (const s of pool.sockets) {
    if (s.sent >= SOCKET_MAX_QUERIES) continue;
    if (!best || s.pending.size < best.pending.size) best = s;
  }
  const usable = pool.sockets.filter((s) => s.sent < SOCKET_MAX_QUERIES).length;
  if (best && (best.pending.size < SOCKET_SOFT_CAPACITY || usable >= MAX_SOCKETS_PER_RESOLVER)) return best;
  const opened = openSocket(pool);
  pool.sockets.push(opened);
  return opened;
}

function openSocket(pool: ResolverPool): PooledSocket {
  const { host, port } = pool.server;
  const family = isIP(host) === 6 ? "udp6" : "udp4";
  const socket = createSocket(family);
  const pooled: PooledSocket = { socket, pending: new Map(), tombstones: new Map(), sent: 0, waiting: [], closed: false, idleTimer: null };
  socket.unref();
  socket.on("error", (err) => fail(pool, pooled, describeSocketError(err)));
  socket.on("message", (msg, rinfo) => onDatagram(pooled, msg, rinfo, host, port));
  socket.connect(port, host, () => {
    const held = pooled.waiting ?? [];
    pooled.waiting = null;
    for (const send of held) send();
  });
  return pooled;
}

function onDatagram(pooled: PooledSocket, msg: Buffer, rinfo: RemoteInfo, host: string, port: number): void {
  // The connected socket already filters by source; checked again so that no datagram from
  // elsewhere can ever reach a query (RFC 5452 §9.1).
  if (rinfo.port !== port || !sameAddress(rinfo.address, host)) return;
  if (msg.length >= 2) {
    const id = msg.readUInt16BE(0);
    // A datagram for no query in flight (late, forged or a tombstone's): not worth parsing.
    if (!pooled.pending.has(id)) return;
  }
  const read = readMessage(msg);
  if (!read.ok) {
    const target = read.id === null ? undefined : pooled.pending.get(read.id);
    if (target && isReplyTo(target.query, read.id, read.question)) target.deliver({ kind: "malformed", error: read.error });
    else if (target) target.deliver({ kind: "unreadable", error: read.error });
    return;
  }
  const m = read.message;
  const target = pooled.pending.get(m.id);
  if (!target || !m.qr || !isReplyTo(target.query, m.id, m.question, m.rcode)) return;
  target.deliver({ kind: "reply", message: m });
}

function sameAddress(a: string, b: string): boolean {
  if (a === b) return true;
  // An IPv4 resolver seen through a dual-stack socket arrives as ::ffff:a.b.c.d.
  return a.toLowerCase() === `::ffff:${b}`.toLowerCase() || b.toLowerCase() === `::ffff:${a}`.toLowerCase();
}

/** An error on a shared socket (say ICMP port unreachable) speaks for every query on it. */
function fail(pool: ResolverPool, pooled: PooledSocket, error: string): void {
  const waiting = [...pooled.pending.values()];
  pooled.pending.clear();
  close(pool, pooled);
  for (const p of waiting) p.deliver({ kind: "network", error });
}

function settle(pool: ResolverPool, pooled: PooledSocket): void {
  if (pooled.pending.size > 0 || pooled.closed) return;
  if (pooled.sent >= SOCKET_MAX_QUERIES) return close(pool, pooled);
  if (pooled.idleTimer) return;
  pooled.idleTimer = setTimeout(() => {
    pooled.idleTimer = null;
    if (pooled.pending.size === 0) close(pool, pooled);
  }, IDLE_CLOSE_MS);
  pooled.idleTimer.unref();
}

function close(pool: ResolverPool, pooled: PooledSocket): void {
  if (pooled.closed) return;
  pooled.closed = true;
  if (pooled.idleTimer) clearTimeout(pooled.idleTimer);
  pooled.idleTimer = null;
  pooled.tombstones.clear();
  const index = pool.sockets.indexOf(pooled);
  if (index >= 0) pool.sockets.splice(index, 1);
  if (pool.sockets.length === 0 && pools.get(pool.key) === pool) pools.delete(pool.key);
  pooled.socket.removeAllListeners("message");
  // Keep a listener: a late ICMP error on a closing socket must not become an uncaught error.
  pooled.socket.on("error", () => undefined);
  try {
    pooled.socket.close();
  } catch {
    // Already closed after an error: nothing left to free.
  }
}
