/** Building queries (with dns-packet) and matching replies to them. */
import { randomInt } from "node:crypto";
import { AUTHENTIC_DATA, CHECKING_DISABLED, DNSSEC_OK, RECURSION_DESIRED, encode } from "dns-packet";
import { DNS_EDNS_UDP_SIZE } from "../defaults";
import type { RRType } from "./dns-types";
import { RR_TYPE_CODES, type WireQuestion } from "./dns-wire-read";

/** RFC 1035 §4.1.1 and RFC 6895 §2.3 response codes the client acts on. */
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
const RCODE_NAMES = ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE"];
const BADVERS = 16;

export function rcodeName(rcode: number): string {
  if (rcode === BADVERS) return "BADVERS";
  return RCODE_NAMES[rcode] ?? `RCODE ${rcode}`;
}

export type Query = {
  /** Random per query (RFC 5452 §9.2) so that off-path forgeries must guess it. */
  id: number;
  /** Lower case, no trailing dot; the root is ".". */
  name: string;
  type: RRType;
  /** CD bit (RFC 4035 §3.2.2): ask the resolver for the data even if validation fails. */
  checkingDisabled: boolean;
  /** Send an EDNS0 OPT record with DO set (RFC 6891, RFC 3225); off only to retry after FORMERR. */
  edns: boolean;
};

export function newQuery(name: string, type: RRType, checkingDisabled: boolean): Query {
  return { id: randomInt(0x10000), name, type, checkingDisabled, edns: true };
}

export function encodeQuery(q: Query): Buffer {
  // RFC 6840 §5.7: AD in a query asks for the AD bit in the reply, like DO does.
  let flags = RECURSION_DESIRED;
  if (q.edns) flags |= AUTHENTIC_DATA;
  if (q.checkingDisabled) flags |= CHECKING_DISABLED;
  return encode({
    type: "query",
    id: q.id,
    flags,
    questions: [{ name: q.name, type: q.type, class: "IN" }],
    additionals: q.edns
      ? [{ type: "OPT", name: ".", udpPayloadSize: DNS_EDNS_UDP_SIZE, extendedRcode: 0, ednsVersion: 0, flags: DNSSEC_OK, flag_do: true, options: [] }]
      : [],
  });
}

/**
 * Whether a reply belongs to the query (RFC 5452 §9.1: same id and question). An error reply
 * may omit the question (some servers answer FORMERR/REFUSED that way); it still needs the id.
 */
export function isReplyTo(q: Query, id: number | null, question: WireQuestion | null, rcode?: number): boolean {
  if (id !== q.id) return false;
  if (!question) return rcode !== undefined && rcode !== RCODE.NOERROR && rcode !== RCODE.NXDOMAIN;
  return question.name === q.name && question.type === RR_TYPE_CODES[q.type] && question.class === 1;
}
