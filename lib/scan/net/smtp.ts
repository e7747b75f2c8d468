/**
 * probeSmtp: one SMTP session to one MX address — greeting, EHLO, STARTTLS, TLS handshake —
 * recording what a sending MTA would see. Remote misbehaviour is classified, never thrown.
 */
import { isIP } from "node:net";
import tls from "node:tls";
import {
  SMTP_COMMAND_DEADLINE_MS,
  SMTP_CONNECT_TIMEOUT_MS,
  SMTP_GREETING_DEADLINE_MS,
  SMTP_MAX_LINE_BYTES,
  SMTP_MAX_REPLY_LINES,
  SMTP_QUIT_WAIT_MS,
  SMTP_SESSION_DEADLINE_MS,
  SMTP_TLS_HANDSHAKE_DEADLINE_MS,
} from "../defaults";
import type { StarttlsState } from "../types";
import { SmtpChannel, SmtpFailure } from "./smtp-channel";
import { quote, type SmtpReply } from "./smtp-reply-reader";
import { readPeerChain } from "./tls-peer";

export type SmtpProbeState = Extract<StarttlsState, "ok" | "not-offered" | "failed" | "unreachable" | "rate-limited">;
export type SmtpPhase = "connect" | "greeting" | "ehlo" | "helo" | "starttls" | "tls" | "done";
/** Unasked bytes found waiting when we were about to send `before` (or to start TLS). */
export type SmtpInjection = { before: "EHLO" | "HELO" | "STARTTLS" | "TLS"; bytes: number };

/** Absolute deadlines in milliseconds; each covers its whole phase, not an idle gap. */
export type SmtpDeadlines = {
  connectMs: number;
  greetingMs: number;
  /** Each command's complete reply (EHLO, HELO, STARTTLS). */
  commandMs: number;
  tlsHandshakeMs: number;
  /** The whole session, whatever the phase deadlines say. */
  sessionMs: number;
  quitMs: number;
};
export type SmtpLimits = { maxLineBytes: number; maxReplyLines: number };

export type SmtpProbeOptions = {
  /** IP literal to connect to; the caller resolved (and guarded) it. */
  address: string;
  port: number;
  /** The MX host name: sent as SNI (RFC 7672 §8.1; RFC 8461 §4.1 matches against it). */
  host: string;
  /** Our name in EHLO/HELO. */
  ehloName: string;
  signal?: AbortSignal;
  deadlines?: Partial<SmtpDeadlines>;
  limits?: Partial<SmtpLimits>;
};

export type SmtpProbeResult = {
  state: SmtpProbeState;
  /** One line on why the session ended as it did; absent when ok. */
  detail?: string;
  /** The phase the session ended in ("done" when it ran to the end). */
  phase: SmtpPhase;
  /** First line of the greeting (sanitized), when one arrived. */
  greeting?: string;
  /** EHLO keywords, upper case (RFC 5321 §4.1.1.1); empty when EHLO failed. */
  ehloKeywords: string[];
  /** EHLO was rejected and HELO was tried to classify the server. */
  usedHelo: boolean;
  starttlsOffered: boolean;
  /**
   * Plaintext bytes the server sent unasked, all discarded (0 = none): beyond the greeting before
   * EHLO, beyond a reply before the next command, and after the STARTTLS 220 before TLS.
   */
  injectedBytesDiscarded: number;
  /** Where those bytes arrived: before which command they were waiting, or "TLS" after the STARTTLS 220. */
  injections?: SmtpInjection[];
  /** Negotiated protocol (e.g. "TLSv1.3") and cipher (IANA standard name). */
  tls?: { version: string; cipher: string };
  /** The presented certificate chain as DER, leaf first, as the server sent it. */
  peerChain: Buffer[];
};

export const DEFAULT_SMTP_DEADLINES: SmtpDeadlines = {
  connectMs: SMTP_CONNECT_TIMEOUT_MS,
  greetingMs: SMTP_GREETING_DEADLINE_MS,
  commandMs: SMTP_COMMAND_DEADLINE_MS,
  tlsHandshakeMs: SMTP_TLS_HANDSHAKE_DEADLINE_MS,
  sessionMs: SMTP_SESSION_DEADLINE_MS,
  quitMs: SMTP_QUIT_WAIT_MS,
};

let observerContext: tls.SecureContext | null = null;

/**
 * The TLS context we observe with. `ca: []` gives it an empty trust store on purpose: Node then
 * cannot append issuers from its own store to getPeerCertificate(true), so the chain we record is
 * exactly what the server sent (trust is judged separately, see checks/starttls/certificate.ts).
 * TLS 1.0 and @SECLEVEL=0 let us complete handshakes with legacy servers so we can report them.
 */
function observerSecureContext(): tls.SecureContext {
  observerContext ??= tls.createSecureContext({ ca: [], minVersion: "TLSv1", ciphers: "DEFAULT:@SECLEVEL=0" });
  return observerContext;
}

function tlsOptions(host: string): tls.ConnectionOptions {
  const name = host.replace(/\.$/, "");
  return {
    secureContext: observerSecureContext(),
    // RFC 6066 §3: SNI carries a host name, never an IP literal.
    ...(name && !isIP(name) ? { servername: name } : {}),
    // We judge trust and names ourselves, from the recorded chain.
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
  };
}

function ehloKeywords(reply: SmtpReply): string[] {
  // RFC 5321 §4.1.1.1: the first line is the domain, each further line one ehlo-keyword + params.
  return reply.lines.slice(1).map((line) => (line.trim().split(/[ =]/, 1)[0] ?? "").toUpperCase()).filter(Boolean);
}

function describeReply(what: string, reply: SmtpReply): string {
  return `${what}: ${reply.code} ${quote(reply.lines[0] ?? "")}`.trimEnd();
}

/** RFC 5321 §4.2.1: 4yz is transient; 421 is the server closing the channel (§3.8). */
function isTransient(reply: SmtpReply): boolean {
  return reply.code >= 400 && reply.code < 500;
}

function classifyFailure(phase: SmtpPhase, failure: SmtpFailure): { state: SmtpProbeState; detail: string } {
  // An abort is the caller's decision, not the server's behaviour: inconclusive.
  if (failure.kind === "aborted") return { state: "unreachable", detail: failure.message };
  const where = phase === "tls" && failure.message.startsWith("TLS") ? "" : `${phase}: `;
  // STARTTLS was advertised: a broken command or handshake is the server's failure (spec: starttls-failed).
  if (phase === "starttls" || phase === "tls") return { state: "failed", detail: `${where}${failure.message}` };
  // Refused, timed out, silent, garbled or oversized before STARTTLS: no session could be opened.
  return { state: "unreachable", detail: `${where}${failure.message}` };
}

/** Probes one MX address for STARTTLS; resolves with a classification, never rejects for remote behaviour. */
/** Sessions still closing (QUIT sent, its reply awaited) behind a probe that has returned. */
const closing = new WeakMap<SmtpProbeResult, Promise<void>>();

/**
 * The close still running behind a probe that has returned (undefined when its connection is
 * already closed). A successful probe returns as soon as QUIT is sent; whoever counts open
 * sessions to an address (the politeness limiter) waits for this.
 */
export function sessionClosing(result: SmtpProbeResult): Promise<void> | undefined {
  return closing.get(result);
}

export async function probeSmtp(options: SmtpProbeOptions): Promise<SmtpProbeResult> {
  if (!isIP(options.address)) throw new TypeError(`probeSmtp needs an IP address, got ${JSON.stringify(options.address)}`);
  if (/[\s]/.test(options.ehloName) || options.ehloName === "") throw new TypeError("ehloName must be one non-empty token");
  const deadlines = { ...DEFAULT_SMTP_DEADLINES, ...options.deadlines };
  const limits = { maxLineBytes: SMTP_MAX_LINE_BYTES, maxReplyLines: SMTP_MAX_REPLY_LINES, ...options.limits };
  const result: SmtpProbeResult = {
    state: "unreachable", phase: "connect", ehloKeywords: [], usedHelo: false, starttlsOffered: false,
    injectedBytesDiscarded: 0, injections: [], peerChain: [],
  };
  /** Sends a command; whatever was waiting unread is recorded as injected (see SmtpChannel.command). */
  const command = (verb: "EHLO" | "HELO" | "STARTTLS", line: string): void => {
    noteInjection(verb, channel.command(line));
  };
  const noteInjection = (before: SmtpInjection["before"], bytes: number): void => {
    if (bytes === 0) return;
    result.injectedBytesDiscarded += bytes;
    result.injections?.push({ before, bytes });
  };
  const end = (state: SmtpProbeState, detail?: string): SmtpProbeResult => {
    result.state = state;
    if (detail !== undefined) result.detail = detail;
    return result;
  };
  if (options.signal?.aborted) return end("unreachable", "probe aborted before connecting");

  const channel = new SmtpChannel(limits);
  const sessionTimer = setTimeout(
    () => channel.fail(new SmtpFailure("session-timeout", `session deadline of ${deadlines.sessionMs} ms exceeded`)),
    deadlines.sessionMs,
  );
  const onAbort = (): void => channel.fail(new SmtpFailure("aborted", "probe aborted"));
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await channel.connect(options.address, options.port, deadlines.connectMs);

    // RFC 5321 §4.3.1 / §3.1: the client waits for the greeting and sends nothing before it;
    // §4.5.3.2.1 lets it take minutes, so only the greeting deadline bounds it.
    result.phase = "greeting";
    const greeting = await channel.readReply(deadlines.greetingMs, "greeting");
    result.greeting = quote(greeting.lines[0] ?? "");
    if (isTransient(greeting)) {
      await channel.quit(deadlines.quitMs);
      return end("rate-limited", describeReply("greeting", greeting));
    }
    // RFC 5321 §3.1: 554 here means "no SMTP service"; anything but 220 opens no session.
    if (greeting.code !== 220) {
      await channel.quit(deadlines.quitMs);
      return end("unreachable", describeReply("greeting", greeting));
    }

    // Only the greeting was read: replies pipelined behind it (a "250 STARTTLS" in the same
    // segment) are dropped when EHLO goes out, so the EHLO reply is the one read after it.
    result.phase = "ehlo";
    command("EHLO", `EHLO ${options.ehloName}`);
    const ehlo = await channel.readReply(deadlines.commandMs, "EHLO reply");
    if (isTransient(ehlo)) {
      await channel.quit(deadlines.quitMs);
      return end("rate-limited", describeReply("EHLO", ehlo));
    }
    if (ehlo.code !== 250) {
      // RFC 5321 §4.1.4 / §3.2: a client may fall back to HELO. HELO cannot carry STARTTLS
      // (RFC 3207 §4), so we only use it to tell "no ESMTP" from "not talking to us".
      result.phase = "helo";
      result.usedHelo = true;
      command("HELO", `HELO ${options.ehloName}`);
      const helo = await channel.readReply(deadlines.commandMs, "HELO reply");
      await channel.quit(deadlines.quitMs);
      if (isTransient(helo)) return end("rate-limited", describeReply("HELO", helo));
      return end("not-offered", `${describeReply("EHLO rejected", ehlo)}; ${describeReply("HELO", helo)}`);
    }
    result.ehloKeywords = ehloKeywords(ehlo);
    result.starttlsOffered = result.ehloKeywords.includes("STARTTLS");
    if (!result.starttlsOffered) {
      await channel.quit(deadlines.quitMs);
      return end("not-offered", "STARTTLS not advertised in the EHLO reply");
    }

    // RFC 3207 §4: STARTTLS, then 220 "Ready to start TLS"; 454 is a (temporary) refusal.
    result.phase = "starttls";
    command("STARTTLS", "STARTTLS");
    const ready = await channel.readReply(deadlines.commandMs, "STARTTLS reply");
    if (ready.code === 421) return end("rate-limited", describeReply("STARTTLS", ready));
    if (ready.code !== 220) {
      await channel.quit(deadlines.quitMs);
      return end("failed", describeReply("STARTTLS rejected", ready));
    }

    result.phase = "tls";
    const { socket, discardedBytes } = await channel.startTls(tlsOptions(options.host), deadlines.tlsHandshakeMs);
    noteInjection("TLS", discardedBytes);
    const cipher = socket.getCipher();
    result.tls = { version: socket.getProtocol() ?? "unknown", cipher: cipher.standardName || cipher.name };
    result.peerChain = readPeerChain(socket);
    result.phase = "done";
    // Everything to observe has been read: return now, and let the polite QUIT finish behind us.
    const closed = channel.quitInBackground(deadlines.quitMs);
    const done = end("ok");
    closing.set(done, closed);
    return done;
  } catch (error) {
    if (!(error instanceof SmtpFailure)) throw error;
    const { state, detail } = classifyFailure(result.phase, error);
    return end(state, detail);
  } finally {
    clearTimeout(sessionTimer);
    options.signal?.removeEventListener("abort", onAbort);
    // A session closing politely in the background destroys its sockets itself when it is done.
    if (!channel.lingering) channel.destroy();
  }
}
