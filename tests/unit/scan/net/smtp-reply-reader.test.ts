import { describe, expect, it } from "vitest";
import { quote, ReplyReader, type ReplyErrorKind } from "@/lib/scan/net/smtp-reply-reader";

const limits = { maxLineBytes: 64, maxReplyLines: 5 };

function feed(...chunks: string[]): ReplyReader {
  const reader = new ReplyReader(limits);
  for (const chunk of chunks) reader.push(Buffer.from(chunk, "latin1"));
  return reader;
}

describe("ReplyReader", () => {
  it("reads a one-line reply (RFC 5321 §4.2)", () => {
    expect(feed("220 mx.example ESMTP\r\n").next()).toEqual({ code: 220, lines: ["mx.example ESMTP"] });
  });

  it("reads a multiline reply only once its last line arrived (RFC 5321 §4.2.1)", () => {
    const reader = feed("250-mx.example\r\n250-PIPE", "LINING\r\n");
    expect(reader.next()).toBeNull();
    reader.push(Buffer.from("250 STARTTLS\r\n"));
    expect(reader.next()).toEqual({ code: 250, lines: ["mx.example", "PIPELINING", "STARTTLS"] });
    expect(reader.next()).toBeNull();
  });

  it("accepts a bare code line and bare LF line ends", () => {
    expect(feed("221\n").next()).toEqual({ code: 221, lines: [""] });
  });

  it("keeps replies apart when several arrive in one chunk", () => {
    const reader = feed("220 a\r\n250 b\r\n");
    expect(reader.next()).toMatchObject({ code: 220 });
    expect(reader.next()).toMatchObject({ code: 250 });
  });

  it.each([
    ["a line longer than the cap", [`220 ${"x".repeat(100)}\r\n`], "line-too-long"],
    ["an unterminated line growing past the cap", ["220 ", "x".repeat(40), "x".repeat(40)], "line-too-long"],
    ["endless continuation lines (more than the cap)", ["220-a\r\n".repeat(6)], "too-many-lines"],
    ["text that is not a reply (RFC 5321 §4.2)", ["hello there\r\n"], "garbled"],
    ["a code outside 2yz..5yz (RFC 5321 §4.2)", ["199 nope\r\n"], "garbled"],
    ["a multiline reply whose code changes (RFC 5321 §4.2.1)", ["250-a\r\n251 b\r\n"], "garbled"],
  ] as Array<[string, string[], ReplyErrorKind]>)("fails on %s", (_name, chunks, kind) => {
    const reader = feed(...chunks);
    expect(reader.next()).toMatchObject({ error: kind });
    expect(reader.error?.error).toBe(kind);
  });

  it("errors are sticky: later valid input does not revive the reader", () => {
    const reader = feed("junk\r\n");
    expect(reader.next()).toMatchObject({ error: "garbled" });
    reader.push(Buffer.from("220 ok\r\n"));
    expect(reader.next()).toMatchObject({ error: "garbled" });
  });

  it("takeRemainder returns and drops what follows the taken reply (RFC 3207 §4.2)", () => {
    const reader = feed("220 Ready to start TLS\r\n250 injected\r\npartial");
    expect(reader.next()).toMatchObject({ code: 220 });
    expect(reader.takeRemainder().toString("latin1")).toBe("250 injected\r\npartial");
    expect(reader.next()).toBeNull();
    expect(reader.takeRemainder()).toHaveLength(0);
  });
});

describe("quote", () => {
  it("replaces control characters and bounds length", () => {
    expect(quote("a\u0000b\u001bc")).toBe("a?b?c");
    expect(quote("x".repeat(200), 10)).toBe(`${"x".repeat(10)}…`);
  });
});
