/** One query to one resolver over UDP or TCP, with a timeout and an AbortSignal. */
import { createSocket } from "node:dgram";
import { connect, isIP } from "node:net";
import type { DnsServerAddress } from "./dns-types";
import { encodeQuery, isReplyTo, type Query } from "./dns-wire";
import { readMessage, type WireMessage } from "./dns-wire-read";

export type AttemptResult =
  | { kind: "reply"; message: WireMessage }
  /** TC was set: ask again over TCP (RFC 7766 §5). */
  | { kind: "truncated" }
  | { kind: "malformed"; error: string }
  | { kind: "timeout" }
  /** The transport failed (port unreachable, connection refused or closed). */
  | { kind: "network"; error: string }
  | { kind: "aborted" };

type Attempt = { cleanup: () => void; onTimeout?: () => AttemptResult };

function runAttempt(
  timeoutMs: number,
  signal: AbortSignal,
  start: (finish: (r: AttemptResult) => void) => Attempt,
): Promise<AttemptResult> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve({ kind: "aborted" });
    let done = false;
    // A holder, because start() may already call finish() before it returns its Attempt.
    const current: { attempt?: Attempt } = {};
    const finish = (r: AttemptResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      current.attempt?.cleanup();
      resolve(r);
    };
    const onAbort = (): void => finish({ kind: "aborted" });
    const timer = setTimeout(() => finish(current.attempt?.onTimeout?.() ?? { kind: "timeout" }), timeoutMs);
    signal.addEventListener("abort", onAbort, { once: true });
    current.attempt = start(finish);
    if (done) current.attempt.cleanup();
  });
}

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ECONNRESET") return "connection reset";
  return code ?? (err instanceof Error ? err.message : String(err));
}

/**
 * Sends the query from a fresh socket (a random source port, RFC 5452 §9.2) connected to the
 * resolver, and waits for the matching reply. Datagrams with another id or question are ignored
 * (RFC 5452 §9.1), so a forged or stale reply cannot end the attempt; unreadable ones are only
 * reported if nothing better arrives before the timeout.
 */
export function exchangeUdp(server: DnsServerAddress, q: Query, timeoutMs: number, signal: AbortSignal): Promise<AttemptResult> {
  const payload = encodeQuery(q);
  return runAttempt(timeoutMs, signal, (finish) => {
    const socket = createSocket(isIP(server.host) === 6 ? "udp6" : "udp4");
    let unreadable: string | null = null;
    socket.on("error", (err) => finish({ kind: "network", error: describe(err) }));
    socket.on("message", (msg) => {
      const read = readMessage(msg);
      if (!read.ok) {
        if (isReplyTo(q, read.id, read.question)) finish({ kind: "malformed", error: read.error });
        else unreadable ??= read.error;
        return;
      }
      const m = read.message;
      if (!m.qr || !isReplyTo(q, m.id, m.question, m.rcode)) return;
      finish(m.tc ? { kind: "truncated" } : { kind: "reply", message: m });
    });
    socket.connect(server.port, server.host, () => {
      socket.send(payload, (err) => {
        if (err) finish({ kind: "network", error: describe(err) });
      });
    });
    return {
      cleanup: () => {
        socket.removeAllListeners("message");
        try {
          socket.close();
        } catch {
          // Already closed after an error: nothing left to free.
        }
      },
      onTimeout: () => (unreadable ? { kind: "malformed", error: unreadable } : { kind: "timeout" }),
    };
  });
}

/** RFC 1035 §4.2.2: over TCP each message is preceded by its two-octet length. */
export function exchangeTcp(server: DnsServerAddress, q: Query, timeoutMs: number, signal: AbortSignal): Promise<AttemptResult> {
  const payload = encodeQuery(q);
  const frame = Buffer.alloc(2 + payload.length);
  frame.writeUInt16BE(payload.length, 0);
  payload.copy(frame, 2);
  return runAttempt(timeoutMs, signal, (finish) => {
    const socket = connect({ host: server.host, port: server.port });
    let buffered = Buffer.alloc(0);
    socket.setNoDelay(true);
    socket.on("connect", () => socket.write(frame));
    socket.on("error", (err) => finish({ kind: "network", error: describe(err) }));
    socket.on("close", () => finish({ kind: "network", error: "connection closed before a reply" }));
    socket.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2) {
        const length = buffered.readUInt16BE(0);
        if (buffered.length < 2 + length) return;
        const read = readMessage(buffered.subarray(2, 2 + length));
        buffered = buffered.subarray(2 + length);
        // The stream comes from the resolver itself, so an unreadable message is its fault.
        if (!read.ok) return finish({ kind: "malformed", error: read.error });
        const m = read.message;
        if (!m.qr || !isReplyTo(q, m.id, m.question, m.rcode)) continue;
        // TC over TCP leaves no further fallback: use what came.
        return finish({ kind: "reply", message: m });
      }
    });
    return { cleanup: () => socket.destroy() };
  });
}
