/**
 * One SMTP connection as a sequence of awaited steps (connect, read a reply, upgrade to TLS),
 * each under its own absolute deadline. Any failure is sticky and terminal: it destroys every
 * socket the channel opened, so callers only need `destroy()` in a finally block.
 */
import net from "node:net";
import tls from "node:tls";
import { isReplyError, ReplyReader, type ReplyLimits, type SmtpReply } from "./smtp-reply-reader";

export type FailureKind =
  | "refused"
  | "connect-timeout"
  | "connect-error"
  | "timeout"
  | "closed"
  | "socket-error"
  | "line-too-long"
  | "too-many-lines"
  | "garbled"
  | "tls-error"
  | "tls-timeout"
  | "session-timeout"
  | "aborted";

/** A remote (or deadline) failure: data for the classifier, never a crash. */
export class SmtpFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
    this.name = "SmtpFailure";
  }
}

type Stage = "idle" | "connecting" | "plain" | "handshake" | "secure";
type PendingStep = { reject: (failure: SmtpFailure) => void };

export class SmtpChannel {
  private readonly sockets = new Set<net.Socket>();
  private socket: net.Socket | null = null;
  private reader: ReplyReader;
  private step: PendingStep | null = null;
  private onReply: ((reply: SmtpReply) => void) | null = null;
  private failure: SmtpFailure | null = null;
  private finished = false;
  private stage: Stage = "idle";
  private readonly onData = (chunk: Buffer): void => {
    this.reader.push(chunk);
    this.pump();
  };

  constructor(private readonly limits: ReplyLimits) {
    this.reader = new ReplyReader(limits);
  }

  /** Opens a TCP connection to an IP literal (never a name: no DNS happens here). */
  connect(address: string, port: number, timeoutMs: number): Promise<void> {
    return this.runStep<void>(timeoutMs, () => new SmtpFailure("connect-timeout", `connect timed out after ${timeoutMs} ms`), (done) => {
      this.stage = "connecting";
      const socket = net.connect({ host: address, port });
      this.socket = socket;
      this.track(socket);
      socket.on("data", this.onData);
      const onConnect = (): void => {
        this.stage = "plain";
        done();
      };
      socket.once("connect", onConnect);
      return () => socket.off("connect", onConnect);
    });
  }

  /** Waits for one complete (possibly multiline) reply; the deadline covers the whole reply. */
  readReply(timeoutMs: number, what: string): Promise<SmtpReply> {
    // A server may send its last reply and close at once (a 421 greeting, a 221 to QUIT):
    // a reply that arrived before the close is still an answer.
    if (this.failure?.kind === "closed") {
      const buffered = this.reader.next();
      if (buffered && !isReplyError(buffered)) return Promise.resolve(buffered);
    }
    return this.runStep<SmtpReply>(timeoutMs, () => new SmtpFailure("timeout", `no complete ${what} within ${timeoutMs} ms`), (done) => {
      this.onReply = done;
      this.pump();
      return () => {
        this.onReply = null;
      };
    });
  }

  write(line: string): void {
    if (this.failure || !this.socket) return;
    this.socket.write(`${line}\r\n`);
  }

  /**
   * Sends one command and returns how many bytes were waiting unread when it went out. We never
   * pipeline (one command, then its reply), so anything the server sent beyond the reply we last
   * read was not asked for: it is dropped here, before it could be taken for the reply to this
   * command (a "250 STARTTLS" pipelined with the greeting must not pass for the EHLO reply).
   * RFC 5321 §4.3.1 / RFC 2920 §3.1: a server answers commands, it does not speak first beyond
   * its greeting.
   */
  command(line: string): number {
    const unasked = this.reader.takeRemainder().length;
    this.write(line);
    return unasked;
  }

  /**
   * Hands the socket to TLS. Whatever plaintext is buffered beyond the STARTTLS reply is
   * discarded first and its size returned (RFC 3207 §4.2: the client MUST discard knowledge
   * obtained from the server before TLS; buffered replies are how CVE-2011-0411-style
   * injection works).
   */
  async startTls(options: tls.ConnectionOptions, timeoutMs: number): Promise<{ socket: tls.TLSSocket; discardedBytes: number }> {
    const raw = this.socket;
    if (this.failure) throw this.failure;
    if (!raw) throw new Error("startTls() before connect()");
    raw.off("data", this.onData);
    const discardedBytes = this.reader.takeRemainder().length;
    this.reader = new ReplyReader(this.limits);
    const socket = await this.runStep<tls.TLSSocket>(
      timeoutMs,
      () => new SmtpFailure("tls-timeout", `TLS handshake timed out after ${timeoutMs} ms`),
      (done) => {
        this.stage = "handshake";
        const secure = tls.connect({ ...options, socket: raw });
        this.socket = secure;
        this.track(secure);
        secure.on("data", this.onData);
        const onSecure = (): void => {
          this.stage = "secure";
          done(secure);
        };
        secure.once("secureConnect", onSecure);
        return () => secure.off("secureConnect", onSecure);
      },
    );
    return { socket, discardedBytes };
  }

  /** Polite QUIT (RFC 5321 §4.1.1.10): waits briefly for the reply and never fails. */
  async quit(waitMs: number): Promise<void> {
    if (this.failure || this.finished || !this.socket) return;
    this.write("QUIT");
    await this.readReply(waitMs, "QUIT reply").catch(() => undefined);
  }

  /**
   * QUIT without making the caller wait for the reply: the observation is complete once QUIT is
   * sent, so the probe returns at once and the session still ends politely — the 221 is read (or
   * `waitMs` passes) in the background, then the sockets are destroyed. Saves one round trip per
   * probe on the interactive path. Returns the background close, for callers that must wait.
   */
  quitInBackground(waitMs: number): Promise<void> {
    const closing = this.quit(waitMs).finally(() => this.destroy());
    this.lingering = closing;
    return closing;
  }

  /** The background close started by quitInBackground, if any. */
  lingering: Promise<void> | null = null;

  /** Ends the session with a failure (deadline, abort): rejects the pending step, destroys sockets. */
  fail(failure: SmtpFailure): void {
    if (this.failure || this.finished) return;
    this.failure = failure;
    this.destroySockets();
    const step = this.step;
    this.step = null;
    step?.reject(failure);
  }

  /** Destroys every socket; safe to call more than once. */
  destroy(): void {
    this.finished = true;
    this.destroySockets();
  }

  private destroySockets(): void {
    // Outermost first: destroying the raw socket under a live TLS socket with a write pending
    // crashes Node 20 (segfault, reproduced in tests/integration/scan/smtp-probe.test.ts).
    for (const socket of [...this.sockets].reverse()) socket.destroy();
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    // fail() ignores a channel that already ended; checking first spares building an Error (and
    // capturing its stack) for every socket that closes after destroy(), i.e. after every probe.
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (!this.failure && !this.finished) this.fail(this.socketFailure(error));
    });
    socket.on("close", () => {
      this.sockets.delete(socket);
      if (!this.failure && !this.finished) this.fail(this.closeFailure());
    });
  }

  private socketFailure(error: NodeJS.ErrnoException): SmtpFailure {
    if (this.stage === "connecting") {
      return error.code === "ECONNREFUSED"
        ? new SmtpFailure("refused", "connection refused")
        : new SmtpFailure("connect-error", `connect failed: ${error.code ?? error.message}`);
    }
    if (this.stage === "handshake") return new SmtpFailure("tls-error", `TLS handshake failed: ${error.message.split("\n")[0]}`);
    return new SmtpFailure("socket-error", `connection error: ${error.code ?? error.message}`);
  }

  private closeFailure(): SmtpFailure {
    if (this.stage === "connecting") return new SmtpFailure("connect-error", "connection closed while connecting");
    if (this.stage === "handshake") return new SmtpFailure("tls-error", "TLS handshake failed: connection closed by the server");
    return new SmtpFailure("closed", "connection closed by the server");
  }

  private pump(): void {
    const broken = this.reader.error;
    if (broken) return this.fail(new SmtpFailure(broken.error, broken.message));
    if (!this.onReply) return;
    const next = this.reader.next();
    if (next === null) return;
    if (isReplyError(next)) return this.fail(new SmtpFailure(next.error, next.message));
    this.onReply(next);
  }

  /**
   * Runs one step under an absolute deadline. `begin` starts it and returns its cleanup;
   * the step ends exactly once: resolved by `begin`'s callback, or rejected by fail().
   */
  private runStep<T>(timeoutMs: number, onTimeout: () => SmtpFailure, begin: (done: (value: T) => void) => () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      if (this.finished) return reject(new SmtpFailure("aborted", "channel already closed"));
      let settled = false;
      let cleanup: (() => void) | null = null;
      const timer = setTimeout(() => this.fail(onTimeout()), timeoutMs);
      const settle = (): void => {
        settled = true;
        clearTimeout(timer);
        this.step = null;
        cleanup?.();
      };
      this.step = {
        reject: (failure) => {
          settle();
          reject(failure);
        },
      };
      cleanup = begin((value) => {
        if (settled) return;
        settle();
        resolve(value);
      });
      // begin() may have settled synchronously, before its cleanup existed.
      if (settled) cleanup();
    });
  }
}
