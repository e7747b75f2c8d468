/**
 * One question asked of the configured resolvers: in order, with retries for those that stay
 * silent, TCP after a truncated UDP reply, and the caller's signal carrying the absolute deadline.
 */
import type { DnsServerAddress, RRType } from "./dns-types";
import { exchangeTcp, exchangeUdp, type AttemptResult } from "./dns-transport";
import { RCODE, newQuery, rcodeName } from "./dns-wire";
import type { WireMessage } from "./dns-wire-read";

export type ExchangeSettings = { resolvers: DnsServerAddress[]; attemptTimeoutMs: number; retries: number };

export type FailureOutcome = "servfail" | "refused" | "error" | "timeout";
export type ExchangeResult =
  /** A reply that speaks about the name: NOERROR or NXDOMAIN. */
  | { kind: "answer"; message: WireMessage }
  | { kind: "failure"; outcome: FailureOutcome; error: string };

type ServerResult =
  | ExchangeResult
  /** No usable reply from this resolver this time; worth asking again. */
  | { kind: "silent"; error: string }
  | { kind: "aborted" };

// When no resolver answers about the name, the most informative failure is reported: a SERVFAIL
// (which may be DNSSEC-bogus) over a REFUSED, over a malformed reply, over silence.
const FAILURE_RANK: Record<FailureOutcome, number> = { timeout: 0, error: 1, refused: 2, servfail: 3 };

type Failure = Extract<ExchangeResult, { kind: "failure" }>;

function moreInformative(kept: Failure | null, next: Failure): Failure {
  return kept && FAILURE_RANK[kept.outcome] >= FAILURE_RANK[next.outcome] ? kept : next;
}

export async function exchange(
  name: string,
  type: RRType,
  checkingDisabled: boolean,
  settings: ExchangeSettings,
  signal: AbortSignal,
): Promise<ExchangeResult> {
  let best: Failure | null = null;
  // A resolver that replied (even with an error) has said its piece; only silent ones get retries.
  const finished = new Set<number>();
  for (let round = 0; round <= settings.retries; round++) {
    for (const [index, server] of settings.resolvers.entries()) {
      if (finished.has(index)) continue;
      const result = await askServer(server, name, type, checkingDisabled, settings.attemptTimeoutMs, signal);
      if (result.kind === "answer") return result;
      if (result.kind === "aborted") return best ?? { kind: "failure", outcome: "timeout", error: "no reply before the deadline" };
      if (result.kind === "silent") {
        best = moreInformative(best, { kind: "failure", outcome: "timeout", error: result.error });
        continue;
      }
      best = moreInformative(best, result);
      finished.add(index);
    }
    if (finished.size === settings.resolvers.length) break;
  }
  return best ?? { kind: "failure", outcome: "timeout", error: "no resolver configured" };
}

async function askServer(
  server: DnsServerAddress,
  name: string,
  type: RRType,
  checkingDisabled: boolean,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<ServerResult> {
  const where = `${server.host.includes(":") ? `[${server.host}]` : server.host}:${server.port}`;
  let query = newQuery(name, type, checkingDisabled);
  let result = await sendWithFallback(server, query, timeoutMs, signal);
  // RFC 6891 §7: a resolver that answers FORMERR to an OPT record may not know EDNS; ask plainly.
  if (result.kind === "reply" && result.message.rcode === RCODE.FORMERR && !result.message.edns) {
    query = { ...newQuery(name, type, checkingDisabled), edns: false };
    result = await sendWithFallback(server, query, timeoutMs, signal);
  }
  switch (result.kind) {
    case "aborted":
      return result;
    case "timeout":
      return { kind: "silent", error: `no reply from ${where}` };
    case "network":
      return { kind: "silent", error: `${result.error} (${where})` };
    case "truncated":
      return { kind: "failure", outcome: "error", error: `truncated reply from ${where}` };
    case "malformed":
      return { kind: "failure", outcome: "error", error: `${result.error} (${where})` };
    case "reply": {
      const rcode = result.message.rcode;
      if (rcode === RCODE.NOERROR || rcode === RCODE.NXDOMAIN) return { kind: "answer", message: result.message };
      const outcome = rcode === RCODE.SERVFAIL ? "servfail" : "refused";
      return { kind: "failure", outcome, error: `${rcodeName(rcode)} from ${where}` };
    }
  }
}

async function sendWithFallback(
  server: DnsServerAddress,
  query: ReturnType<typeof newQuery>,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<AttemptResult> {
  const udp = await exchangeUdp(server, query, timeoutMs, signal);
  // RFC 7766 §5: a truncated UDP reply means the full answer must be asked for over TCP.
  return udp.kind === "truncated" ? exchangeTcp(server, query, timeoutMs, signal) : udp;
}
