/**
 * Incremental SMTP reply parser with hard caps. It holds no socket: bytes go in with push(),
 * complete replies come out of next(). Hostile input (a 100 KB line, endless "220-" lines,
 * non-reply text) becomes a sticky error instead of unbounded buffering.
 */

export type SmtpReply = {
  code: number;
  /** Text of each line after the code and separator, in order (latin1-decoded, CR stripped). */
  lines: string[];
};

export type ReplyErrorKind = "line-too-long" | "too-many-lines" | "garbled";
export type ReplyError = { error: ReplyErrorKind; message: string };

export type ReplyLimits = { maxLineBytes: number; maxReplyLines: number };

// RFC 5321 §4.2: Reply-line = *( Reply-code "-" [ textstring ] CRLF ) Reply-code [ SP textstring ] CRLF,
// and Reply-code's first digit is 2..5. We accept a bare LF as line end (lenient reading costs nothing).
const REPLY_LINE = /^([2-5][0-5][0-9])(?:([ -])(.*))?$/s;

export class ReplyReader {
  private pending: Buffer = Buffer.alloc(0);
  private readonly queued: string[] = [];
  private failure: ReplyError | null = null;

  constructor(private readonly limits: ReplyLimits) {}

  /** The sticky error, once input broke a cap or the grammar. */
  get error(): ReplyError | null {
    return this.failure;
  }

  push(chunk: Buffer): void {
    if (this.failure) return;
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    for (;;) {
      const lf = this.pending.indexOf(0x0a);
      if (lf === -1) break;
      const end = lf > 0 && this.pending[lf - 1] === 0x0d ? lf - 1 : lf;
      if (end > this.limits.maxLineBytes) {
        this.fail("line-too-long", `reply line longer than ${this.limits.maxLineBytes} bytes`);
        return;
      }
      this.queued.push(this.pending.toString("latin1", 0, end));
      this.pending = this.pending.subarray(lf + 1);
      // RFC 5321 §4.5.3.1.5 caps a reply line at 512 octets; a reply needs no more than our line
      // cap, so more queued lines than that is an endless continuation or pipelined junk.
      if (this.queued.length > this.limits.maxReplyLines) {
        this.fail("too-many-lines", `more than ${this.limits.maxReplyLines} reply lines`);
        return;
      }
    }
    if (this.pending.length > this.limits.maxLineBytes) {
      this.fail("line-too-long", `reply line longer than ${this.limits.maxLineBytes} bytes`);
    }
  }

  /** A complete reply, an error, or null when more bytes are needed. */
  next(): SmtpReply | ReplyError | null {
    if (this.failure) return this.failure;
    let code: string | null = null;
    for (let i = 0; i < this.queued.length; i++) {
      const match = REPLY_LINE.exec(this.queued[i] ?? "");
      if (!match) return this.fail("garbled", `not an SMTP reply line: ${quote(this.queued[i] ?? "")}`);
      const [, lineCode, separator] = match;
      // RFC 5321 §4.2.1: every line of a multiline reply carries the same code.
      if (code !== null && lineCode !== code) return this.fail("garbled", `reply code changed from ${code} to ${lineCode} mid-reply`);
      code = lineCode ?? null;
      if (separator !== "-") {
        const lines = this.queued.splice(0, i + 1).map((line) => line.slice(4));
        return { code: Number(code), lines };
      }
    }
    return null;
  }

  /**
   * Empties the reader and returns everything buffered beyond the replies already taken.
   * After STARTTLS this is the plaintext that must not survive into the TLS session
   * (RFC 3207 §4.2; the CVE-2011-0411 "command injection" class).
   */
  takeRemainder(): Buffer {
    const queued = this.queued.splice(0).map((line) => Buffer.from(`${line}\r\n`, "latin1"));
    const rest = Buffer.concat([...queued, this.pending]);
    this.pending = Buffer.alloc(0);
    return rest;
  }

  private fail(error: ReplyErrorKind, message: string): ReplyError {
    this.failure = { error, message };
    this.queued.length = 0;
    this.pending = Buffer.alloc(0);
    return this.failure;
  }
}

export function isReplyError(value: SmtpReply | ReplyError): value is ReplyError {
  return "error" in value;
}

/** Server text made safe for a one-line detail: printable ASCII only, bounded length. */
export function quote(text: string, max = 120): string {
  const clean = text.replace(/[^\x20-\x7e]/g, "?");
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
