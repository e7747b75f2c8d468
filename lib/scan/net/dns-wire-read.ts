/**
 * A strict reader for DNS response messages (RFC 1035 §4.1). dns-packet's decoder trusts the
 * section counts and RDLENGTH, so a hostile answer can make it allocate thousands of entries or
 * read one record's data into the next; this reader bounds every read and reports any defect as
 * an error value, never as an exception.
 */
import { DNS_MAX_RECORDS } from "../defaults";
import type { DnsRecord, RRType } from "./dns-types";

/** IANA "Resource Record (RR) TYPEs" codes of the types the scanner asks for. */
export const RR_TYPE_CODES: Record<RRType, number> = {
  A: 1, NS: 2, CNAME: 5, SOA: 6, MX: 15, TXT: 16, AAAA: 28, DS: 43, DNSKEY: 48, TLSA: 52,
};
const TYPE_OPT = 41;
const CLASS_IN = 1;
const RR_TYPE_NAMES = new Map<number, RRType>(
  Object.entries(RR_TYPE_CODES).map(([name, code]) => [code, name as RRType]),
);

export type WireQuestion = { name: string; type: number; class: number };
/** One resource record; `record` is null for types and classes the scanner does not use. */
export type WireRecord = { name: string; type: number; ttl: number; record: DnsRecord | null };
export type WireMessage = {
  id: number;
  qr: boolean;
  tc: boolean;
  ad: boolean;
  cd: boolean;
  /** The full RCODE: header bits plus the EDNS extended bits (RFC 6891 §6.1.3). */
  rcode: number;
  question: WireQuestion | null;
  answers: WireRecord[];
  authorities: WireRecord[];
  edns: { udpSize: number; dnssecOk: boolean } | null;
};
export type ReadResult =
  | { ok: true; message: WireMessage }
  /** id/question are what could be read before the defect, so the caller can tell "malformed reply" from "someone else's datagram". */
  | { ok: false; error: string; id: number | null; question: WireQuestion | null };

class WireError extends Error {}

/** Parses one DNS message; never throws. */
export function readMessage(buf: Buffer): ReadResult {
  if (buf.length < 12) return { ok: false, error: "reply shorter than a DNS header", id: null, question: null };
  const id = buf.readUInt16BE(0);
  let question: WireQuestion | null = null;
  try {
    const flags = buf.readUInt16BE(2);
    const [qd, an, ns, ar] = [buf.readUInt16BE(4), buf.readUInt16BE(6), buf.readUInt16BE(8), buf.readUInt16BE(10)];
    if (qd > 1) throw new WireError(`reply has ${qd} questions`);
    let pos = 12;
    if (qd === 1) {
      const q = readName(buf, pos);
      need(buf, q.next, 4);
      question = { name: q.name, type: buf.readUInt16BE(q.next), class: buf.readUInt16BE(q.next + 2) };
      pos = q.next + 4;
    }
    if (an + ns + ar > DNS_MAX_RECORDS) throw new WireError(`reply has ${an + ns + ar} records (more than ${DNS_MAX_RECORDS})`);
    const answers: WireRecord[] = [];
    const authorities: WireRecord[] = [];
    let edns: WireMessage["edns"] = null;
    let extendedRcode = 0;
    for (let i = 0; i < an + ns + ar; i++) {
      const rr = readRecord(buf, pos);
      pos = rr.next;
      if (rr.opt) {
        // RFC 6891 §6.1.1: more than one OPT record makes the message malformed.
        if (i < an + ns || edns) throw new WireError("misplaced or repeated EDNS OPT record");
        edns = { udpSize: rr.opt.udpSize, dnssecOk: rr.opt.dnssecOk };
        extendedRcode = rr.opt.extendedRcode;
      } else if (i < an) answers.push(rr.rec);
      else if (i < an + ns) authorities.push(rr.rec);
    }
    return {
      ok: true,
      message: {
        id,
        qr: (flags & 0x8000) !== 0,
        tc: (flags & 0x0200) !== 0,
        ad: (flags & 0x0020) !== 0,
        cd: (flags & 0x0010) !== 0,
        rcode: (extendedRcode << 4) | (flags & 0x000f),
        question,
        answers,
        authorities,
        edns,
      },
    };
  } catch (err) {
    // Every read is bounded by need(); anything else escaping here is still a bad message.
    const reason = err instanceof WireError ? err.message : "unreadable message";
    return { ok: false, error: `malformed reply: ${reason}`, id, question };
  }
}

function need(buf: Buffer, pos: number, bytes: number): void {
  if (pos + bytes > buf.length) throw new WireError("message ends in the middle of a field");
}

/**
 * Reads a possibly compressed name (RFC 1035 §4.1.4). Every pointer must jump strictly before
 * the previous jump target ("a prior occurrence of the same name"), which makes loops impossible.
 * The result is lower case without the trailing dot; the root is ".".
 */
export function readName(buf: Buffer, start: number): { name: string; next: number } {
  const labels: string[] = [];
  let pos = start;
  let segmentStart = start;
  let next = -1;
  let octets = 1;
  for (;;) {
    need(buf, pos, 1);
    const len = buf[pos] as number;
    if (len === 0) {
      if (next < 0) next = pos + 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      need(buf, pos, 2);
      const target = buf.readUInt16BE(pos) & 0x3fff;
      if (target >= segmentStart) throw new WireError("compression pointer loop");
      if (next < 0) next = pos + 2;
      pos = target;
      segmentStart = target;
      continue;
    }
    // RFC 1035 §2.3.4: labels are 63 octets or less; 0x40/0x80 prefixes are not plain labels.
    if ((len & 0xc0) !== 0) throw new WireError("label longer than 63 octets");
    need(buf, pos + 1, len);
    // RFC 1035 §2.3.4: names are 255 octets or less on the wire.
    octets += len + 1;
    if (octets > 255) throw new WireError("name longer than 255 octets");
    labels.push(presentLabel(buf, pos + 1, pos + 1 + len));
    pos += 1 + len;
  }
  return { name: labels.length === 0 ? "." : labels.join("."), next };
}

/** Lower-cases ASCII letters and escapes dots and non-printable octets as \DDD (RFC 1035 §5.1), so odd labels cannot pass for other names. */
function presentLabel(buf: Buffer, start: number, end: number): string {
  // Nearly every label is plain printable ASCII: one slice (lower-cased if needed), no per-octet strings.
  let plain = true;
  let upper = false;
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (b <= 0x20 || b >= 0x7f || b === 0x2e || b === 0x5c) {
      plain = false;
      break;
    }
    if (b >= 0x41 && b <= 0x5a) upper = true;
  }
  if (plain) {
    const text = buf.toString("latin1", start, end);
    return upper ? text.toLowerCase() : text;
  }
  let out = "";
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (b > 0x20 && b < 0x7f && b !== 0x2e && b !== 0x5c) out += String.fromCharCode(b >= 0x41 && b <= 0x5a ? b + 0x20 : b);
    else out += "\\" + String(b).padStart(3, "0");
  }
  return out;
}

type ReadRecord =
  | { opt: null; rec: WireRecord; next: number }
  | { opt: { udpSize: number; extendedRcode: number; dnssecOk: boolean }; rec: null; next: number };

function readRecord(buf: Buffer, start: number): ReadRecord {
  const owner = readName(buf, start);
  let pos = owner.next;
  need(buf, pos, 10);
  const type = buf.readUInt16BE(pos);
  const klass = buf.readUInt16BE(pos + 2);
  const rawTtl = buf.readUInt32BE(pos + 4);
  const rdlength = buf.readUInt16BE(pos + 8);
  pos += 10;
  need(buf, pos, rdlength);
  const end = pos + rdlength;
  if (type === TYPE_OPT) {
    if (owner.name !== ".") throw new WireError("OPT record not owned by the root");
    // RFC 6891 §6.1.3: CLASS is the UDP payload size; TTL holds EXTENDED-RCODE, VERSION and DO.
    return { opt: { udpSize: klass, extendedRcode: rawTtl >>> 24, dnssecOk: (rawTtl & 0x8000) !== 0 }, rec: null, next: end };
  }
  // RFC 2181 §8: a TTL with the most significant bit set is treated as zero.
  const ttl = rawTtl > 0x7fffffff ? 0 : rawTtl;
  const rrType = RR_TYPE_NAMES.get(type);
  const record = rrType && klass === CLASS_IN ? readRdata(buf, pos, end, rrType, owner.name, ttl) : null;
  return { opt: null, rec: { name: owner.name, type, ttl, record }, next: end };
}

function readRdata(buf: Buffer, pos: number, end: number, type: RRType, name: string, ttl: number): DnsRecord {
  const rdlength = end - pos;
  const nameFilling = (at: number): string => {
    const n = readName(buf, at);
    if (n.next !== end) throw new WireError(`${type} RDATA length does not match its content`);
    return n.name;
  };
  const exact = (bytes: number): void => {
    if (rdlength !== bytes) throw new WireError(`${type} RDATA of ${rdlength} octets`);
  };
  switch (type) {
    case "A":
      exact(4);
      return { type, name, ttl, address: Array.from(buf.subarray(pos, end)).join(".") };
    case "AAAA":
      exact(16);
      return { type, name, ttl, address: formatIpv6(buf.subarray(pos, end)) };
    case "CNAME":
    case "NS":
      return { type, name, ttl, target: nameFilling(pos) };
    case "MX":
      if (rdlength < 3) throw new WireError("MX RDATA too short");
      return { type, name, ttl, preference: buf.readUInt16BE(pos), exchange: nameFilling(pos + 2) };
    case "TXT":
      return { type, name, ttl, strings: readCharacterStrings(buf, pos, end) };
    case "SOA": {
      const mname = readName(buf, pos);
      const rname = readName(buf, mname.next);
      if (rname.next + 20 !== end) throw new WireError("SOA RDATA length does not match its content");
      return { type, name, ttl, mname: mname.name, rname: rname.name, serial: buf.readUInt32BE(rname.next) };
    }
    case "TLSA":
      if (rdlength < 3) throw new WireError("TLSA RDATA too short");
      return {
        type, name, ttl,
        usage: buf[pos] as number,
        selector: buf[pos + 1] as number,
        matchingType: buf[pos + 2] as number,
        data: buf.subarray(pos + 3, end).toString("hex"),
      };
    case "DS":
    case "DNSKEY":
      return { type, name, ttl, data: buf.subarray(pos, end).toString("hex") };
  }
}

/** RFC 1035 §3.3.14: TXT RDATA is one or more <character-string>s, each decoded on its own. */
function readCharacterStrings(buf: Buffer, pos: number, end: number): string[] {
  const strings: string[] = [];
  while (pos < end) {
    const len = buf[pos] as number;
    if (pos + 1 + len > end) throw new WireError("TXT character-string runs past its RDATA");
    strings.push(buf.toString("utf8", pos + 1, pos + 1 + len));
    pos += 1 + len;
  }
  return strings;
}

/** RFC 5952 §4 text form: lower case, no leading zeros, the longest run of two or more zero groups as "::". */
export function formatIpv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}
