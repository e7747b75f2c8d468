import { decode, type OptAnswer } from "dns-packet";
import { describe, expect, it } from "vitest";
import { DNS_EDNS_UDP_SIZE, DNS_MAX_RECORDS } from "@/lib/scan/defaults";
import { encodeQuery, isReplyTo, newQuery } from "@/lib/scan/net/dns-wire";
import { formatIpv6, readMessage } from "@/lib/scan/net/dns-wire-read";

/** Wire form of a name without compression. */
const name = (text: string): number[] => [...text.split(".").flatMap((l) => [l.length, ...Buffer.from(l, "latin1")]), 0];
const u16 = (n: number): number[] => [n >> 8, n & 0xff];
const u32 = (n: number): number[] => [n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

/** A response to "a.test A" (question at offset 12) with the given records and counts. */
function reply(records: number[], counts: { an?: number; ns?: number; ar?: number } = {}, flags = 0x8180): Buffer {
  const header = [...u16(0x1234), ...u16(flags), ...u16(1), ...u16(counts.an ?? 0), ...u16(counts.ns ?? 0), ...u16(counts.ar ?? 0)];
  return Buffer.from([...header, ...name("a.test"), ...u16(1), ...u16(1), ...records]);
}
/** Owner, type, class IN, TTL, RDATA. */
const rr = (owner: number[], type: number, rdata: number[], ttl = 60, klass = 1): number[] => [
  ...owner, ...u16(type), ...u16(klass), ...u32(ttl), ...u16(rdata.length), ...rdata,
];
const toQuestion = [0xc0, 12];

function expectError(buf: Buffer, fragment: string) {
  const result = readMessage(buf);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.error).toContain(fragment);
}

describe("readMessage", () => {
  it("reads header flags, question and typed records, lower-casing names", () => {
    const buf = reply(
      [
        ...rr(name("A.Test"), 1, [192, 0, 2, 1]),
        ...rr(toQuestion, 15, [...u16(10), ...name("MX.a.test")]),
        ...rr(toQuestion, 16, [3, ...Buffer.from("abc"), 0, 2, 0xc3, 0xbc]),
        ...rr(toQuestion, 52, [3, 1, 1, 0xde, 0xad]),
      ],
      { an: 4 },
      0x81a0,
    );
    const result = readMessage(buf);
    if (!result.ok) throw new Error(result.error);
    expect(result.message).toMatchObject({ id: 0x1234, qr: true, tc: false, ad: true, cd: false, rcode: 0, edns: null });
    expect(result.message.question).toEqual({ name: "a.test", type: 1, class: 1 });
    expect(result.message.answers.map((a) => a.record)).toEqual([
      { type: "A", name: "a.test", ttl: 60, address: "192.0.2.1" },
      { type: "MX", name: "a.test", ttl: 60, preference: 10, exchange: "mx.a.test" },
      { type: "TXT", name: "a.test", ttl: 60, strings: ["abc", "", "ü"] },
      { type: "TLSA", name: "a.test", ttl: 60, usage: 3, selector: 1, matchingType: 1, data: "dead" },
    ]);
  });

  it("reads the EDNS OPT record: DO bit and extended RCODE (RFC 6891 §6.1.3)", () => {
    const opt = [0, ...u16(41), ...u16(1232), 1, 0, 0x80, 0, ...u16(0)];
    const result = readMessage(reply(opt, { ar: 1 }));
    if (!result.ok) throw new Error(result.error);
    expect(result.message.edns).toEqual({ udpSize: 1232, dnssecOk: true });
    expect(result.message.rcode).toBe(16);
  });

  it("treats a TTL with the top bit set as zero (RFC 2181 §8)", () => {
    const result = readMessage(reply(rr(toQuestion, 1, [192, 0, 2, 1], 0x80000000), { an: 1 }));
    expect(result.ok && result.message.answers[0]?.ttl).toBe(0);
  });

  it("escapes dots and odd octets inside a label so they cannot pass for other names", () => {
    const owner = [3, 0x61, 0x2e, 0x62, 1, 0x00, ...name("test")];
    const result = readMessage(reply(rr(owner, 1, [192, 0, 2, 1]), { an: 1 }));
    expect(result.ok && result.message.answers[0]?.name).toBe("a\\046b.\\000.test");
  });

  it("skips types it does not use and other classes", () => {
    const result = readMessage(reply([...rr(toQuestion, 46, [1, 2, 3]), ...rr(toQuestion, 1, [1, 2, 3, 4], 60, 3)], { an: 2 }));
    expect(result.ok && result.message.answers.map((a) => [a.type, a.record])).toEqual([[46, null], [1, null]]);
  });

  /** [why, bytes, error fragment] */
  const MALFORMED: [string, () => Buffer, string][] = [
    ["shorter than a header", () => Buffer.from([0x12, 0x34, 0x81]), "shorter than a DNS header"],
    ["a label over 63 octets (0x40 prefix)", () => reply(rr([0x40, ...Array(64).fill(0x61), 0], 1, [1, 2, 3, 4]), { an: 1 }), "label longer than 63 octets"],
    ["a pointer to itself", () => { const b = reply([], { an: 1 }); return Buffer.concat([b, Buffer.from(rr([0xc0, b.length], 1, [1, 2, 3, 4]))]); }, "compression pointer loop"],
    ["a forward pointer", () => { const b = reply([], { an: 1 }); return Buffer.concat([b, Buffer.from(rr([0xc0, b.length + 2, 0], 1, [1, 2, 3, 4]))]); }, "compression pointer loop"],
    ["a label then a pointer back to it", () => { const b = reply([], { an: 1 }); return Buffer.concat([b, Buffer.from(rr([1, 0x61, 0xc0, b.length], 1, [1, 2, 3, 4]))]); }, "compression pointer loop"],
    ["a name over 255 octets", () => reply(rr([...Array(5).fill([63, ...Array(63).fill(0x61)]).flat(), 0], 1, [1, 2, 3, 4]), { an: 1 }), "name longer than 255 octets"],
    ["more records than allowed", () => reply([], { an: DNS_MAX_RECORDS + 1 }), `more than ${DNS_MAX_RECORDS}`],
    ["a record count the bytes do not hold", () => reply([], { an: 3 }), "message ends in the middle of a field"],
    ["RDLENGTH past the end", () => reply([...toQuestion, ...u16(1), ...u16(1), ...u32(60), ...u16(40), 1, 2, 3, 4], { an: 1 }), "message ends in the middle of a field"],
    ["an A record of five octets", () => reply(rr(toQuestion, 1, [1, 2, 3, 4, 5]), { an: 1 }), "A RDATA of 5 octets"],
    ["an MX whose name does not fill its RDATA", () => reply(rr(toQuestion, 15, [...u16(10), ...name("mx.a.test"), 9]), { an: 1 }), "MX RDATA length does not match"],
    ["a TXT string running past its RDATA", () => reply(rr(toQuestion, 16, [10, 0x61]), { an: 1 }), "TXT character-string runs past its RDATA"],
    ["a short TLSA", () => reply(rr(toQuestion, 52, [3, 1]), { an: 1 }), "TLSA RDATA too short"],
    ["two OPT records", () => { const opt = [0, ...u16(41), ...u16(512), 0, 0, 0, 0, ...u16(0)]; return reply([...opt, ...opt], { ar: 2 }); }, "misplaced or repeated EDNS OPT record"],
    ["two questions", () => { const b = reply([]); b.writeUInt16BE(2, 4); return b; }, "2 questions"],
  ];

  it.each(MALFORMED)("reports %s as an error", (_why, build, fragment) => expectError(build(), fragment));

  it("keeps id and question of a malformed reply, to tell it from someone else's", () => {
    const result = readMessage(reply(rr(toQuestion, 1, [1, 2, 3, 4, 5]), { an: 1 }));
    expect(result).toMatchObject({ ok: false, id: 0x1234, question: { name: "a.test", type: 1, class: 1 } });
  });

  it("never throws on random bytes", () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < 3000; i++) {
      const bytes = Buffer.from(Array.from({ length: Math.floor(random() * 200) }, () => Math.floor(random() * 256)));
      // Plausible headers half of the time, so the decoder gets past the counts.
      if (bytes.length >= 12 && i % 2 === 0) bytes.writeUInt16BE(1, 4);
      expect(() => readMessage(bytes)).not.toThrow();
    }
  });
});

describe("formatIpv6 (RFC 5952 §4)", () => {
  it.each([
    ["00000000000000000000000000000000", "::"],
    ["00000000000000000000000000000001", "::1"],
    ["20010db8000000000000000000000001", "2001:db8::1"],
    ["20010db8000000010001000100010001", "2001:db8:0:1:1:1:1:1"], // one zero group is not compressed
    ["20010000000000010000000000000001", "2001:0:0:1::1"], // the longest run wins
    ["20010db8000000000001000000000001", "2001:db8::1:0:0:1"], // on a tie, the first run
    ["fe800000000000000000000000000000", "fe80::"],
  ])("%s → %s", (hex, text) => {
    expect(formatIpv6(Buffer.from(hex, "hex"))).toBe(text);
  });
});

describe("encodeQuery / isReplyTo", () => {
  it("asks with RD, AD, an OPT record with DO, and CD when told (RFC 3225, RFC 6840 §5.7, RFC 4035 §3.2.2)", () => {
    const q = newQuery("example.test", "TLSA", true);
    const packet = decode(encodeQuery(q));
    expect(packet).toMatchObject({ id: q.id, flag_rd: true, flag_ad: true, flag_cd: true, questions: [{ name: "example.test", type: "TLSA", class: "IN" }] });
    const opt = packet.additionals?.find((a): a is OptAnswer => a.type === "OPT");
    expect(opt).toMatchObject({ udpPayloadSize: DNS_EDNS_UDP_SIZE, flag_do: true });
  });

  it("asks without EDNS on request, and without CD by default", () => {
    const packet = decode(encodeQuery({ ...newQuery("example.test", "A", false), edns: false }));
    expect(packet).toMatchObject({ flag_cd: false, flag_ad: false });
    expect(packet.additionals).toEqual([]);
  });

  it("draws ids at random", () => {
    const ids = new Set(Array.from({ length: 50 }, () => newQuery("a.test", "A", false).id));
    expect(ids.size).toBeGreaterThan(40);
  });

  it("matches id and question, and accepts a question-less reply only for an error", () => {
    const q = newQuery("a.test", "A", false);
    expect(isReplyTo(q, q.id, { name: "a.test", type: 1, class: 1 })).toBe(true);
    expect(isReplyTo(q, q.id ^ 1, { name: "a.test", type: 1, class: 1 })).toBe(false);
    expect(isReplyTo(q, q.id, { name: "b.test", type: 1, class: 1 })).toBe(false);
    expect(isReplyTo(q, q.id, { name: "a.test", type: 28, class: 1 })).toBe(false);
    expect(isReplyTo(q, q.id, { name: "a.test", type: 1, class: 3 })).toBe(false);
    expect(isReplyTo(q, q.id, null, 5)).toBe(true);
    expect(isReplyTo(q, q.id, null, 0)).toBe(false);
    expect(isReplyTo(q, q.id, null)).toBe(false);
  });
});
