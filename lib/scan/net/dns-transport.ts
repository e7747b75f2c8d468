/** One query to one resolver over UDP or TCP, with a timeout and an AbortSignal. */
import { connect } from "node:net";
import type { DnsServerAddress } from "./dns-types";
import { describeSocketError, sendPooled } from "./dns-udp-pool";
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

const describe = describeSocketError;

/**
 * Sends the query from a pooled socket connected to the resolver (dns-udp-pool.ts) and waits for
 * the matching reply. Datagrams from elsewhere or with another id or question never reach this
 * query (RFC 5452 §9.1), so a forged or stale reply cannot end the attempt; unreadable ones are
 * only reported if nothing better arrives before the timeout.
 */
export function exchangeUdp(server: DnsServerAddress, q: Query, timeoutMs: number, signal: AbortSignal): Promise<AttemptResult> {
  return runAttempt(timeoutMs, signal, (finish) => {
    let unreadable: string | null = null;
    let answered = false;
    const sent = sendPooled(server, q, encodeQuery, (event) => {
      switch (event.kind) {
        case "unreadable":
          unreadable ??= event.error;
          return;
        case "reply":
          answered = true;
          return finish(event.message.tc ? { kind: "truncated" } : { kind: "reply", message: event.message });
        case "malformed":
          answered = true;
          return finish(event);
        case "network":
          answered = true;
          return finish(event);
      }
    });
    return {
      // After a timeout or an abort a reply may still come: its id stays reserved meanwhile.
      cleanup: () => sent.cancel(!answered),
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
    let buffered: Buffer = Buffer.alloc(0);
    socket.setNoDelay(true);
    socket.on("connect", () => socket.write(frame));
    socket.on("error", (err) => finish({ kind: "network", error: describe(err) }));
    socket.on("close", () => finish({ kind: "network", error: "connection closed before a reply" }));
    socket.on("data", (chunk: Buffer) => {
      // Most replies arrive in one chunk: no copy then.
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
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
