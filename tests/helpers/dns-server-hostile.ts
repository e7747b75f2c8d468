/**
 * Hand-built malformed replies for tests of the DNS client's defences. Each copies the query's
 * id and question, so the client accepts the reply as its own and must then cope with the rest.
 */

/** Replies the test server can give instead of a real answer, by query name. */
export type HostileMode =
  /** An answer whose owner name is a label followed by a pointer back to that label. */
  | "pointer-loop"
  /** An answer whose owner name has five 63-octet labels (321 octets > 255). */
  | "oversize-name"
  /** 5000 TXT records (as many as fit in 64 KiB): TC over UDP, then the lot over TCP. */
  | "many-records"
  /** A header announcing an answer followed by a few bytes of nonsense. */
  | "garbage"
  /** First a reply with another id, then one with another question, then the real answer. */
  | "mismatched"
  /** Nothing at all, over UDP or TCP. */
  | "never-answer"
  /** FORMERR to any query with an EDNS OPT record; a plain query gets the real answer. */
  | "formerr-edns"
  /** SERVFAIL to the first query for the name only, like a resolver whose upstream timed out once. */
  | "servfail-first";

const TYPE_A = [0, 1];
const TYPE_TXT = [0, 16];
const CLASS_IN = [0, 1];
const TTL_60 = [0, 0, 0, 60];
const MANY_RECORDS = 5000;
const MAX_MESSAGE = 0xffff;

/** Offset just past the question of a query (queries carry no compression pointers). */
function questionEnd(query: Buffer): number {
  let pos = 12;
  while (pos < query.length && query[pos] !== 0) pos += 1 + (query[pos] as number);
  return pos + 1 + 4;
}

/** A response header (QR, RD, RA, and `extraFlags`) with the query's id and question. */
function head(query: Buffer, answers: number, extraFlags = 0): Buffer {
  const question = query.subarray(12, questionEnd(query));
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2);
  header.writeUInt16BE(0x8180 | extraFlags, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers, 6);
  return Buffer.concat([header, question]);
}

function aRecordAfter(owner: number[]): number[] {
  return [...owner, ...TYPE_A, ...CLASS_IN, ...TTL_60, 0, 4, 192, 0, 2, 1];
}

/** The reply bytes for a raw hostile mode, or null when the mode is not a raw one. */
export function buildHostileReply(mode: HostileMode, query: Buffer, transport: "udp" | "tcp"): Buffer | null {
  switch (mode) {
    case "pointer-loop": {
      const base = head(query, 1);
      const at = base.length;
      // "a" then a pointer to the "a": a name that never ends for a decoder without loop checks.
      return Buffer.concat([base, Buffer.from(aRecordAfter([1, 0x61, 0xc0 | (at >> 8), at & 0xff]))]);
    }
    case "oversize-name": {
      const label = [63, ...Array<number>(63).fill(0x61)];
      const owner = [...label, ...label, ...label, ...label, ...label, 0];
      return Buffer.concat([head(query, 1), Buffer.from(aRecordAfter(owner))]);
    }
    case "many-records": {
      if (transport === "udp") return head(query, 0, 0x0200);
      // Owner: a pointer to the question name at offset 12; RDATA: one empty character-string.
      const record = [0xc0, 12, ...TYPE_TXT, ...CLASS_IN, ...TTL_60, 0, 1, 0];
      const base = head(query, 0);
      const count = Math.min(MANY_RECORDS, Math.floor((MAX_MESSAGE - base.length) / record.length));
      const reply = Buffer.concat([head(query, count), Buffer.from(Array<number[]>(count).fill(record).flat())]);
      return reply;
    }
    case "garbage":
      // A label claiming 63 octets of which ten arrive.
      return Buffer.concat([head(query, 1), Buffer.from([63, ...Array<number>(10).fill(0x78)])]);
    default:
      return null;
  }
}

/** Two forged NXDOMAIN replies: one with another id, one with the right id but another question. */
export function buildForgedReplies(query: Buffer): Buffer[] {
  const wrongId = head(query, 0, 3);
  wrongId.writeUInt16BE(query.readUInt16BE(0) ^ 0x5a5a, 0);
  const otherName = Buffer.from("\x06forged\x07invalid\x00", "latin1");
  const header = head(query, 0, 3).subarray(0, 12);
  const wrongQuestion = Buffer.concat([header, otherName, query.subarray(questionEnd(query) - 4, questionEnd(query))]);
  return [wrongId, wrongQuestion];
}
