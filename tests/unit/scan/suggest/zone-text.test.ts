import { describe, expect, it } from "vitest";
import { formatTxtLine, formatTxtRdata, readTxtLine, readZoneLine } from "@/lib/scan/suggest";

describe("TXT lines in master-file form (RFC 1035 §5.1, §3.3.14)", () => {
  it.each([
    ["§5.1 plain text in one quoted string", "v=STSv1; id=1", '"v=STSv1; id=1"'],
    ['§5.1 " and \\ are escaped', 'a"b\\c', '"a\\"b\\\\c"'],
    ["§5.1 octets outside printable ASCII as \\DDD", "é", '"\\195\\169"'],
    ["§3.3.14 the empty string", "", '""'],
  ])("%s", (_rfc, text, rdata) => {
    expect(formatTxtRdata(text)).toBe(rdata);
    const read = readTxtLine(formatTxtLine("x.example.com", text));
    expect(read).toEqual({ ok: true, owner: "x.example.com", text, strings: [text] });
  });

  it("§3.3.14 text over 255 octets is split into character-strings that join back", () => {
    const text = `v=DMARC1; p=none; rua=${Array.from({ length: 12 }, (_, i) => `mailto:reports-${i}@example.net`).join(",")}`;
    expect(text.length).toBeGreaterThan(255);
    const line = formatTxtLine("_dmarc.example.com", text);
    const read = readTxtLine(line);
    if (!read.ok) throw new Error(read.message);
    expect(read.text).toBe(text);
    expect(read.strings.length).toBe(2);
    expect(read.strings.every((s) => Buffer.byteLength(s) <= 255)).toBe(true);
  });

  it("§5.1 owner names are absolute with their root dot", () => {
    expect(formatTxtLine("Example.COM.", "x")).toBe('example.com. IN TXT "x"');
  });
});

describe("readZoneLine (RFC 1035 §5.1 one-line records)", () => {
  it.each([
    ["owner, TTL, class and type", "_25._tcp.mx.example.com. 3600 IN TLSA 3 1 1 ab", { owner: "_25._tcp.mx.example.com", ttl: 3600, rdata: ["3", "1", "1", "ab"] }],
    ["owner and type only", "_25._tcp.mx.example.com TLSA 3 1 1 ab", { owner: "_25._tcp.mx.example.com", rdata: ["3", "1", "1", "ab"] }],
    ["a trailing comment", "_25._tcp.mx.example.com. IN TLSA 3 1 1 ab ; current key", { owner: "_25._tcp.mx.example.com", rdata: ["3", "1", "1", "ab"] }],
    ["no owner: TTL and class", "300 IN TLSA 2 1 1 cd", { ttl: 300, rdata: ["2", "1", "1", "cd"] }],
  ])("%s", (_what, text, expected) => {
    const read = readZoneLine(text, "TLSA");
    expect(read).toEqual({ ok: true, line: { type: "TLSA", ...expected } });
  });

  it("bare rdata is read when allowed, refused otherwise", () => {
    expect(readZoneLine("3 1 1 ab", "TLSA", { allowBare: true })).toEqual({ ok: true, line: { type: "TLSA", rdata: ["3", "1", "1", "ab"] } });
    expect(readZoneLine("3 1 1 ab", "TLSA").ok).toBe(false);
  });

  it.each([
    ["a blank line", "   "],
    ["a comment line", "; nothing here"],
  ])("%s reads as no record", (_what, text) => {
    expect(readZoneLine(text, "TLSA")).toEqual({ ok: true, line: null });
  });

  it.each([
    ["an unclosed quote", 'x.example.com. IN TXT "abc'],
    ["a multi-line record", "_25._tcp.mx.example.com. IN TLSA ( 3 1 1"],
    ["class CH", "x.example.com. CH TXT \"a\""],
    ["two owners", "a.example.com. b.example.com. IN TXT \"a\""],
  ])("%s is an error", (_what, text) => {
    expect(readZoneLine(text, text.includes("TLSA") ? "TLSA" : "TXT").ok).toBe(false);
  });
});
