/**
 * An incremental HTTP/1.1 response parser with hard caps (RFC 9112), fed the decrypted bytes of
 * one connection. Pure: no sockets, no timers; net/https.ts drives it. Only what a policy fetch
 * needs: status line, header fields, and a body framed by Content-Length, chunked transfer coding
 * or the connection close. Every buffer it keeps is bounded by the limits, whatever the peer sends.
 */
import { HTTP_MAX_CHUNK_LINE_BYTES } from "../defaults";

export type HttpResponseHead = {
  httpVersion: "1.0" | "1.1";
  status: number;
  reason: string;
  /** Field names lower-cased; repeated fields joined with ", " (RFC 9110 §5.3). */
  headers: Record<string, string>;
};

/** How the body's end was found (RFC 9112 §6.3); "none" for 204/304 and for skipped bodies. */
export type BodyFraming = "none" | "content-length" | "chunked" | "close";

export type HttpResponse = HttpResponseHead & {
  framing: BodyFraming;
  /** The decoded body (chunk framing removed); empty when skipped. */
  body: Buffer;
  /** readBody() declined the body: the response ended at its header section. */
  bodySkipped: boolean;
};

export type HttpParseErrorCode =
  | "malformed-status-line"
  | "malformed-header"
  | "headers-too-large"
  | "bad-content-length"
  | "unsupported-transfer-coding"
  | "unsupported-content-encoding"
  | "bad-chunk"
  | "body-too-large"
  | "truncated";

export type HttpParseState =
  | { state: "partial" }
  | { state: "complete"; response: HttpResponse }
  | { state: "error"; code: HttpParseErrorCode; message: string };

export type HttpParseOptions = {
  /** Status line + fields, interim (1xx) responses and chunked trailers included. */
  maxHeaderBytes: number;
  /** Decoded body bytes; one more byte (or a larger declared length) is an error. */
  maxBodyBytes: number;
  maxChunkLineBytes?: number;
  /** Asked once the final header section is complete; false ends the response there. */
  readBody?: (head: HttpResponseHead) => boolean;
};

type StatusLine = { httpVersion: "1.0" | "1.1"; status: number; reason: string };
type Phase = "head" | "length" | "chunk-size" | "chunk-data" | "chunk-end" | "trailers" | "close" | "done";

const STATUS_LINE = /^HTTP\/1\.([01]) ([0-9]{3})(?: ([^\0]*))?$/;
// RFC 9110 §5.6.2 token, then ":" with no whitespace before it (RFC 9112 §5.1).
const FIELD_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):(.*)$/;
// RFC 9112 §7.1: chunk-size [ chunk-ext ]; BWS allowed before ";" (§7.1.1).
const CHUNK_LINE = /^([0-9A-Fa-f]{1,12})[ \t]*(?:;.*)?$/;
const PARTIAL: HttpParseState = { state: "partial" };

export class HttpResponseParser {
  private phase: Phase = "head";
  private buffer: Buffer = Buffer.alloc(0);
  private headerBytes = 0;
  private sawBytes = false;
  private statusLine: StatusLine | null = null;
  private fields: Record<string, string> = {};
  private lastField: string | null = null;
  private parts: Buffer[] = [];
  private bodyBytes = 0;
  private remaining = 0;
  private framing: BodyFraming = "none";
  private result: HttpParseState = PARTIAL;
  private final: HttpResponseHead | null = null;
  private readonly chunkLineCap: number;

  constructor(private readonly options: HttpParseOptions) {
    this.chunkLineCap = options.maxChunkLineBytes ?? HTTP_MAX_CHUNK_LINE_BYTES;
  }

  /** The final (non-1xx) response head, once its header section is complete. */
  get head(): HttpResponseHead | null {
    return this.final;
  }

  /** Decoded body bytes kept so far. */
  get bodyLength(): number {
    return this.bodyBytes;
  }

  /** Feeds received bytes; once complete or failed, further bytes are ignored. */
  push(chunk: Buffer): HttpParseState {
    if (this.result.state !== "partial") return this.result;
    if (chunk.length > 0) this.sawBytes = true;
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    this.run();
    return this.result;
  }

  /** The peer closed the connection: ends a close-delimited body, truncates anything else. */
  end(): HttpParseState {
    if (this.result.state !== "partial") return this.result;
    switch (this.phase) {
      case "close":
        return this.complete();
      case "head":
        return this.fail("truncated", this.sawBytes ? "connection closed before the response header was complete" : "connection closed without a response");
      case "length":
        return this.fail("truncated", `connection closed after ${this.bodyBytes} of ${this.bodyBytes + this.remaining} body bytes`);
      default:
        return this.fail("truncated", "connection closed inside the chunked body");
    }
  }

  private run(): void {
    while (this.result.state === "partial") {
      if (this.phase === "length" || this.phase === "chunk-data" || this.phase === "close") {
        if (this.buffer.length === 0) return;
        const take = this.phase === "close" ? this.buffer.length : Math.min(this.remaining, this.buffer.length);
        if (!this.addBody(this.buffer.subarray(0, take))) return;
        this.buffer = this.buffer.subarray(take);
        if (this.phase === "close") return;
        this.remaining -= take;
        if (this.remaining > 0) return;
        if (this.phase === "length") return void this.complete();
        this.phase = "chunk-end";
        continue;
      }
      const headerish = this.phase === "head" || this.phase === "trailers";
      const cap = headerish ? this.options.maxHeaderBytes - this.headerBytes : this.chunkLineCap;
      const line = this.takeLine(cap);
      if (line === null) return;
      if (line === false) {
        if (headerish) return void this.fail("headers-too-large", `response header section exceeds ${this.options.maxHeaderBytes} bytes`);
        return void this.fail("bad-chunk", `chunk-size line exceeds ${this.chunkLineCap} bytes`);
      }
      if (this.phase === "head") this.headLine(line);
      else if (this.phase === "trailers") {
        // RFC 9112 §7.1.2: trailer fields carry nothing we use; the empty line ends the message.
        if (line === "") this.complete();
      } else if (this.phase === "chunk-size") this.chunkSizeLine(line);
      else if (line === "") this.phase = "chunk-size";
      else this.fail("bad-chunk", "chunk data not followed by CRLF");
    }
  }

  /**
   * One line, without its terminator; null when incomplete, false when longer than `cap`
   * bytes. RFC 9112 §2.2: a recipient MAY take a bare LF as the line terminator.
   */
  private takeLine(cap: number): string | false | null {
    const lf = this.buffer.indexOf(0x0a);
    if (lf === -1) return this.buffer.length > cap ? false : null;
    if (lf + 1 > cap) return false;
    const end = lf > 0 && this.buffer[lf - 1] === 0x0d ? lf - 1 : lf;
    // latin1: field values may hold obs-text octets (RFC 9110 §5.5); they stay one char per byte.
    const line = this.buffer.toString("latin1", 0, end);
    this.buffer = this.buffer.subarray(lf + 1);
    if (this.phase === "head" || this.phase === "trailers") this.headerBytes += lf + 1;
    return line;
  }

  private headLine(line: string): void {
    if (!this.statusLine) {
      // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ].
      const match = STATUS_LINE.exec(line);
      // RFC 9110 §15: "Values outside the range 100..599 are invalid."
      if (!match || Number(match[2]) < 100 || Number(match[2]) > 599) {
        return void this.fail("malformed-status-line", `not an HTTP/1.x status line: ${JSON.stringify(line.slice(0, 80))}`);
      }
      this.statusLine = { httpVersion: match[1] === "0" ? "1.0" : "1.1", status: Number(match[2]), reason: match[3] ?? "" };
      return;
    }
    if (line === "") return this.headDone();
    if (line.startsWith(" ") || line.startsWith("\t")) {
      // RFC 9112 §5.2: a user agent MUST replace obs-fold with SP before interpreting the field.
      if (this.lastField === null) return void this.fail("malformed-header", "continuation line before any header field");
      this.fields[this.lastField] = `${this.fields[this.lastField] ?? ""} ${line.trim()}`;
      return;
    }
    const match = FIELD_LINE.exec(line);
    const value = match?.[2]?.replace(/^[ \t]+|[ \t]+$/g, "");
    // RFC 9110 §5.5: CR, LF or NUL in a field value MUST be rejected (or replaced).
    if (!match?.[1] || value === undefined || /[\r\0]/.test(value)) {
      return void this.fail("malformed-header", `malformed header field: ${JSON.stringify(line.slice(0, 80))}`);
    }
    const name = match[1].toLowerCase();
    this.fields[name] = name in this.fields ? `${this.fields[name]}, ${value}` : value;
    this.lastField = name;
  }

  private headDone(): void {
    const status = this.statusLine as StatusLine;
    // RFC 9110 §15.2: a client must accept interim 1xx responses and wait for the final one.
    if (status.status >= 100 && status.status < 200) {
      if (status.status === 101) return void this.fail("malformed-status-line", "101 Switching Protocols without an Upgrade request");
      this.statusLine = null;
      this.fields = {};
      this.lastField = null;
      return;
    }
    const head: HttpResponseHead = { ...status, headers: this.fields };
    this.final = head;
    if (this.options.readBody && !this.options.readBody(head)) return void this.complete(true);
    // RFC 9112 §6.3 rule 1: 204 and 304 end at the header section.
    if (head.status === 204 || head.status === 304) return void this.complete();
    // We sent Accept-Encoding: identity; a coded body is not the resource and its size is not its size.
    const coding = (head.headers["content-encoding"] ?? "").trim().toLowerCase();
    if (coding !== "" && coding !== "identity") {
      return void this.fail("unsupported-content-encoding", `body sent with Content-Encoding ${coding} although identity was asked for`);
    }
    const transfer = head.headers["transfer-encoding"];
    if (transfer !== undefined) return this.startTransferCoded(transfer);
    const length = head.headers["content-length"];
    if (length !== undefined) return this.startLength(length);
    // RFC 9112 §6.3 rule 8: otherwise the body runs until the server closes the connection.
    this.framing = "close";
    this.phase = "close";
  }

  private startTransferCoded(value: string): void {
    // RFC 9112 §6.3 rule 3: Transfer-Encoding overrides Content-Length; chunked must come last.
    const codings = value.split(",").map((c) => c.trim().toLowerCase()).filter(Boolean);
    if (codings.length !== 1 || codings[0] !== "chunked") {
      return void this.fail("unsupported-transfer-coding", `unsupported Transfer-Encoding: ${value}`);
    }
    this.framing = "chunked";
    this.phase = "chunk-size";
  }

  private startLength(value: string): void {
    // RFC 9112 §6.3 rule 5: repeated identical values may be taken as one; anything else is an error.
    const values = [...new Set(value.split(",").map((v) => v.trim()))];
    if (values.length !== 1 || !/^[0-9]{1,15}$/.test(values[0] ?? "")) {
      return void this.fail("bad-content-length", `invalid Content-Length: ${JSON.stringify(value.slice(0, 40))}`);
    }
    const length = Number(values[0]);
    // The declared size is enough to know the body is too large: do not read any of it.
    if (length > this.options.maxBodyBytes) return void this.tooLarge(`Content-Length ${length}`);
    this.framing = "content-length";
    if (length === 0) return void this.complete();
    this.remaining = length;
    this.phase = "length";
  }

  private chunkSizeLine(line: string): void {
    const match = CHUNK_LINE.exec(line);
    if (!match?.[1]) return void this.fail("bad-chunk", `malformed chunk-size line: ${JSON.stringify(line.slice(0, 40))}`);
    const size = parseInt(match[1], 16);
    if (size === 0) {
      this.phase = "trailers";
      return;
    }
    if (this.bodyBytes + size > this.options.maxBodyBytes) return void this.tooLarge(`a chunk of ${size} bytes after ${this.bodyBytes}`);
    this.remaining = size;
    this.phase = "chunk-data";
  }

  private addBody(bytes: Buffer): boolean {
    if (this.bodyBytes + bytes.length > this.options.maxBodyBytes) {
      this.tooLarge(`more than ${this.options.maxBodyBytes} bytes received`);
      return false;
    }
    this.parts.push(bytes);
    this.bodyBytes += bytes.length;
    return true;
  }

  private tooLarge(what: string): void {
    this.parts = [];
    this.fail("body-too-large", `body exceeds ${this.options.maxBodyBytes} bytes (${what})`);
  }

  private complete(skipped = false): HttpParseState {
    const head = this.final as HttpResponseHead;
    this.phase = "done";
    this.buffer = Buffer.alloc(0);
    const body = Buffer.concat(this.parts);
    this.parts = [];
    this.result = { state: "complete", response: { ...head, framing: skipped ? "none" : this.framing, body, bodySkipped: skipped } };
    return this.result;
  }

  private fail(code: HttpParseErrorCode, message: string): HttpParseState {
    this.phase = "done";
    this.buffer = Buffer.alloc(0);
    this.parts = [];
    this.result = { state: "error", code, message };
    return this.result;
  }
}
