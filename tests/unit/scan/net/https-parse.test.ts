/**
 * The HTTP/1.1 response parser behind httpsGet (RFC 9112). Every case runs twice: the bytes in
 * one piece, and one byte at a time, since TLS records may split a response anywhere.
 */
import { describe, expect, it } from "vitest";
import { HttpResponseParser, type HttpParseErrorCode, type HttpParseOptions, type HttpParseState } from "@/lib/scan/net/https-parse";

const LIMITS: HttpParseOptions = { maxHeaderBytes: 1024, maxBodyBytes: 64 };

/** Feeds `input` in pieces of `step` bytes (0 = whole), then ends it when `closed`. */
function feed(input: string | Buffer, options: HttpParseOptions, step: number, closed: boolean): HttpParseState {
  const bytes = typeof input === "string" ? Buffer.from(input, "latin1") : input;
  const parser = new HttpResponseParser(options);
  let state: HttpParseState = { state: "partial" };
  const size = step === 0 ? Math.max(bytes.length, 1) : step;
  for (let i = 0; i < bytes.length && state.state === "partial"; i += size) state = parser.push(bytes.subarray(i, i + size));
  return closed && state.state === "partial" ? parser.end() : state;
}

type Ok = {
  why: string;
  input: string;
  closed?: boolean;
  options?: Partial<HttpParseOptions>;
  status: number;
  body: string;
  framing: string;
  headers?: Record<string, string>;
  skipped?: boolean;
};

/** A 204 head of exactly 100 bytes, for the header cap's boundary. */
const HEAD_100 = `HTTP/1.1 204 No Content\r\nX: ${"a".repeat(68)}\r\n\r\n`;

const complete: Ok[] = [
  { why: "a header section of exactly the cap is accepted", input: HEAD_100, options: { maxHeaderBytes: 100 }, status: 204, body: "", framing: "none" },
  { why: "Content-Length body", input: "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello", status: 200, body: "hello", framing: "content-length", headers: { "content-type": "text/plain", "content-length": "5" } },
  { why: "bytes after Content-Length are not body", input: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhiEXTRA", status: 200, body: "hi", framing: "content-length" },
  { why: "Content-Length 0 completes at the header section", input: "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", status: 200, body: "", framing: "content-length" },
  { why: "identical repeated Content-Length values are one (RFC 9112 §6.3)", input: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok", status: 200, body: "ok", framing: "content-length" },
  { why: "chunked body is decoded, extensions and trailers ignored", input: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6 \r\n world\r\n0\r\nX-Trailer: t\r\n\r\n", status: 200, body: "hello world", framing: "chunked" },
  { why: "chunk sizes are hex, any case", input: "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n", status: 200, body: "0123456789", framing: "chunked" },
  { why: "Transfer-Encoding wins over Content-Length (RFC 9112 §6.3 rule 3)", input: "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", status: 200, body: "ok", framing: "chunked" },
  { why: "no length: the body runs to the close", input: "HTTP/1.0 200 OK\r\n\r\nuntil close", closed: true, status: 200, body: "until close", framing: "close" },
  { why: "a body of exactly the cap is accepted", input: `HTTP/1.1 200 OK\r\n\r\n${"a".repeat(64)}`, closed: true, status: 200, body: "a".repeat(64), framing: "close" },
  { why: "bare LF line ends are accepted (RFC 9112 §2.2)", input: "HTTP/1.1 200 OK\nContent-Length: 2\n\nok", status: 200, body: "ok", framing: "content-length" },
  { why: "field names are lower-cased, values trimmed, repeats joined", input: "HTTP/1.1 200 OK\r\nX-A:  one \r\nx-a: two\r\nContent-Length: 0\r\n\r\n", status: 200, body: "", framing: "content-length", headers: { "x-a": "one, two", "content-length": "0" } },
  { why: "obs-fold is replaced by a space (RFC 9112 §5.2)", input: "HTTP/1.1 200 OK\r\nX-Long: first\r\n  second\r\nContent-Length: 0\r\n\r\n", status: 200, body: "", framing: "content-length", headers: { "x-long": "first second", "content-length": "0" } },
  { why: "interim 1xx responses are skipped (RFC 9110 §15.2)", input: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx", status: 200, body: "x", framing: "content-length", headers: { "content-length": "1" } },
  { why: "204 has no body even without a length", input: "HTTP/1.1 204 No Content\r\n\r\n", status: 204, body: "", framing: "none" },
  { why: "empty reason phrase", input: "HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n", status: 404, body: "", framing: "content-length" },
  { why: "Content-Encoding identity is fine", input: "HTTP/1.1 200 OK\r\nContent-Encoding: identity\r\nContent-Length: 1\r\n\r\nx", status: 200, body: "x", framing: "content-length" },
  { why: "readBody false ends at the head, whatever the framing says", input: "HTTP/1.1 301 Moved\r\nLocation: https://x.test/\r\nContent-Length: 999999\r\nContent-Encoding: gzip\r\n\r\n", options: { readBody: (h) => h.status === 200 }, status: 301, body: "", framing: "none", skipped: true },
];

type Bad = { why: string; input: string | Buffer; closed?: boolean; options?: Partial<HttpParseOptions>; code: HttpParseErrorCode; message?: RegExp };

const failing: Bad[] = [
  { why: "not HTTP at all", input: "SSH-2.0-OpenSSH_9.6\r\n", code: "malformed-status-line" },
  { why: "HTTP/2 is not HTTP/1.x", input: "HTTP/2 200\r\n\r\n", code: "malformed-status-line" },
  { why: "status must have three digits", input: "HTTP/1.1 20 OK\r\n\r\n", code: "malformed-status-line" },
  { why: "status outside 100..599 (RFC 9110 §15)", input: "HTTP/1.1 099 Odd\r\n\r\n", code: "malformed-status-line" },
  { why: "101 without an Upgrade request", input: "HTTP/1.1 101 Switching Protocols\r\n\r\n", code: "malformed-status-line" },
  { why: "whitespace before the colon (RFC 9112 §5.1)", input: "HTTP/1.1 200 OK\r\nContent-Length : 1\r\n\r\nx", code: "malformed-header" },
  { why: "a line with no colon", input: "HTTP/1.1 200 OK\r\nnonsense\r\n\r\n", code: "malformed-header" },
  { why: "NUL in a value (RFC 9110 §5.5)", input: "HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n", code: "malformed-header" },
  { why: "continuation before any field", input: "HTTP/1.1 200 OK\r\n folded\r\n\r\n", code: "malformed-header" },
  { why: "a header section one byte over the cap", input: HEAD_100, options: { maxHeaderBytes: 99 }, code: "headers-too-large" },
  { why: "header section over the cap", input: `HTTP/1.1 200 OK\r\nX-Big: ${"b".repeat(2000)}\r\n\r\n`, code: "headers-too-large" },
  { why: "an endless header line is refused at the cap, not buffered", input: `HTTP/1.1 200 OK\r\nX-Drip: ${"a".repeat(5000)}`, code: "headers-too-large" },
  { why: "endless 1xx responses count against the header cap", input: "HTTP/1.1 100 Continue\r\n\r\n".repeat(100), code: "headers-too-large" },
  { why: "conflicting Content-Length values", input: "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx", code: "bad-content-length" },
  { why: "non-numeric Content-Length", input: "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", code: "bad-content-length" },
  { why: "declared length over the cap: nothing read", input: "HTTP/1.1 200 OK\r\nContent-Length: 71680\r\n\r\n", code: "body-too-large", message: /Content-Length 71680/ },
  { why: "close-delimited body over the cap", input: `HTTP/1.1 200 OK\r\n\r\n${"a".repeat(65)}`, code: "body-too-large" },
  { why: "chunks adding up over the cap", input: `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n${"a".repeat(32)}\r\n21\r\n`, code: "body-too-large" },
  { why: "endless small chunks stop at the cap", input: `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${"1\r\na\r\n".repeat(100)}`, code: "body-too-large" },
  { why: "gzip despite Accept-Encoding: identity", input: "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabc", code: "unsupported-content-encoding", message: /gzip/ },
  { why: "a transfer coding other than chunked", input: "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", code: "unsupported-transfer-coding" },
  { why: "chunked not last", input: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", code: "unsupported-transfer-coding" },
  { why: "chunk size not hex", input: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", code: "bad-chunk" },
  { why: "chunk data not followed by CRLF", input: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokX\r\n", code: "bad-chunk" },
  { why: "endless chunk-size line", input: `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;${"e".repeat(2000)}`, code: "bad-chunk" },
  { why: "closed before any byte", input: "", closed: true, code: "truncated", message: /without a response/ },
  { why: "closed inside the head", input: "HTTP/1.1 200 OK\r\nContent-Le", closed: true, code: "truncated", message: /header/ },
  { why: "closed before Content-Length bytes arrived", input: "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", closed: true, code: "truncated", message: /3 of 10/ },
  { why: "closed before the last chunk", input: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n", closed: true, code: "truncated" },
];

describe.each([
  ["in one piece", 0],
  ["one byte at a time", 1],
  ["seven bytes at a time", 7],
])("HttpResponseParser, %s", (_label, step) => {
  it.each(complete)("complete: $why", (c) => {
    const state = feed(c.input, { ...LIMITS, ...c.options }, step, c.closed ?? false);
    expect(state.state).toBe("complete");
    if (state.state !== "complete") return;
    expect(state.response.status).toBe(c.status);
    expect(state.response.body.toString("latin1")).toBe(c.body);
    expect(state.response.framing).toBe(c.framing);
    expect(state.response.bodySkipped).toBe(c.skipped ?? false);
    if (c.headers) expect(state.response.headers).toEqual(c.headers);
  });

  it.each(failing)("error: $why", (c) => {
    const state = feed(c.input, { ...LIMITS, ...c.options }, step, c.closed ?? false);
    expect(state).toMatchObject({ state: "error", code: c.code });
    if (c.message && state.state === "error") expect(state.message).toMatch(c.message);
  });
});

describe("HttpResponseParser state", () => {
  it("stays partial until the body is complete, then ignores further bytes", () => {
    const parser = new HttpResponseParser(LIMITS);
    expect(parser.push(Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab")).state).toBe("partial");
    expect(parser.head?.status).toBe(200);
    expect(parser.bodyLength).toBe(2);
    const done = parser.push(Buffer.from("cd"));
    expect(done.state).toBe("complete");
    expect(parser.push(Buffer.from("garbage"))).toBe(done);
    expect(parser.end()).toBe(done);
  });

  it("keeps a close-delimited body partial until end()", () => {
    const parser = new HttpResponseParser(LIMITS);
    expect(parser.push(Buffer.from("HTTP/1.1 200 OK\r\n\r\nabc")).state).toBe("partial");
    const state = parser.end();
    expect(state.state === "complete" && state.response.body.toString()).toBe("abc");
  });

  it("keeps obs-text octets of field values byte for byte", () => {
    const state = feed(Buffer.from([...Buffer.from("HTTP/1.1 200 OK\r\nX-T: caf"), 0xe9, ...Buffer.from("\r\nContent-Length: 0\r\n\r\n")]), LIMITS, 0, false);
    expect(state.state === "complete" && state.response.headers["x-t"]).toBe("caf\u00e9");
  });

  it("counts the body cap in decoded bytes, not wire bytes", () => {
    // 64 decoded bytes in 64 one-byte chunks: ~6 wire bytes each, still within the 64-byte cap.
    const body = "1\r\na\r\n".repeat(64);
    const state = feed(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${body}0\r\n\r\n`, LIMITS, 0, false);
    expect(state.state === "complete" && state.response.body.length).toBe(64);
  });
});
