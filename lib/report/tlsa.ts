/**
 * TLSA records as the report shows them (docs/ui.md §6): what each record pins, whether SMTP senders
 * may use it, and the record × address match matrix. Pure.
 */
import { classifyTlsaRecord, parseTlsaString, type TlsaRecord, type TlsaUnusableReason } from "@/lib/scan/checks/dane/tlsa-record";
import type { MxHost } from "@/lib/scan/types";

export type TlsaRecordView = {
  /** The record as stored: "3 1 1 <hex>". */
  text: string;
  usage?: number;
  selector?: number;
  matchingType?: number;
  data?: string;
  /** Usable for SMTP: usage 2/3, selector 0/1, matching type 0/1/2 with data of the right length. */
  usable: boolean;
  /** What the record pins, in words. */
  meaning: string;
  /** Why senders ignore it, when they do. */
  ignoredBecause?: string;
  /** A usable record no reached address presents while another record matches: likely a pre-published next key. */
  nextKey?: boolean;
};

const USAGE: Record<number, string> = {
  0: "PKIX-TA: a CA, plus public PKIX validation",
  1: "PKIX-EE: the server certificate, plus public PKIX validation",
  2: "DANE-TA: a CA certificate the server sends (trust anchor)",
  3: "DANE-EE: the server's own key or certificate",
};
/** The RFC behind each reason a sender ignores a record; the words are the scanner's own. */
const IGNORED_RFC: Record<TlsaUnusableReason, string> = {
  "pkix-usage": "RFC 7672 §3.1.3",
  "unknown-usage": "RFC 7671 §4.1",
  "unknown-selector": "RFC 7671 §4.1",
  "unknown-matching-type": "RFC 7671 §4.1",
  "not-hex": "RFC 6698 §2.2",
  "wrong-length": "RFC 7671 §4",
};

/**
 * Parses "u s m hex" and judges it with the scanner's own rule (classifyTlsaRecord: RFC 7672
 * §3.1.3, RFC 7671 §4), so the report never calls usable a record the scan ignored.
 */
export function parseTlsaRecord(text: string): TlsaRecordView {
  const rec: TlsaRecord | null = parseTlsaString(text);
  if (!rec) return { text, usable: false, meaning: "Unparsable record", ignoredBecause: "not a TLSA record in presentation form" };
  const { usage, selector, matchingType, data } = rec;
  const view: TlsaRecordView = { text, usage, selector, matchingType, data, usable: false, meaning: USAGE[usage] ?? `unknown usage ${usage}` };
  const verdict = classifyTlsaRecord(rec);
  if (verdict.usable) view.usable = true;
  else view.ignoredBecause = `${verdict.message} (${IGNORED_RFC[verdict.reason]})`;
  return view;
}

function normalize(record: string): string {
  return record.trim().toLowerCase().replace(/\s+/g, " ");
}

export type TlsaCellState = "match" | "no-match" | "not-reached" | "not-tested";
export type TlsaCell = { address: string; state: TlsaCellState; word: string };
export type TlsaRow = TlsaRecordView & { cells: TlsaCell[] };
export type TlsaMatrix = {
  /** `_25._tcp.<mx>` */
  name: string;
  dnssec?: string;
  usable: boolean;
  /** Set when senders ignore the whole set (not DNSSEC-signed, or bogus). */
  setIgnoredBecause?: string;
  addresses: string[];
  rows: TlsaRow[];
};

const NOT_REACHED: Record<string, string> = {
  unreachable: "not tested (unreachable)",
  "rate-limited": "not tested (rate-limited)",
  blocked: "not tested (address refused)",
  skipped: "not tested (skipped)",
  "not-offered": "no STARTTLS",
  failed: "TLS handshake failed",
};

/** The TLSA × address match matrix of one MX host; undefined when it has no TLSA records. */
export function tlsaMatrix(mx: MxHost): TlsaMatrix | undefined {
  const records = mx.tlsa?.records ?? [];
  if (records.length === 0) return undefined;
  const addresses = mx.endpoints.map((e) => e.address);
  const dnssec = mx.tlsa?.dnssec;
  const setIgnoredBecause =
    dnssec === "bogus" ? "DNSSEC validation fails (bogus): senders cannot use these records" : dnssec !== "secure" ? "not DNSSEC-signed: senders ignore these records" : undefined;
  const rows = records.map((text): TlsaRow => {
    const view = parseTlsaRecord(text);
    const key = normalize(text);
    const cells = mx.endpoints.map((e): TlsaCell => {
      if (e.starttls !== "ok") return { address: e.address, state: "not-reached", word: NOT_REACHED[e.starttls] ?? `not tested (${e.starttls})` };
      if (!e.dane) return { address: e.address, state: "not-tested", word: "not tested (no certificate chain)" };
      if (e.dane.matched.some((r) => normalize(r) === key)) {
        return { address: e.address, state: "match", word: view.usage === 2 ? "matches issuer" : view.usage === 3 ? "matches leaf" : "matches" };
      }
      return { address: e.address, state: "no-match", word: "no match" };
    });
    return { ...view, cells };
  });
  // RFC 7671 §8.1: a usable record that matches nothing while another one matches is how a next
  // key is published ahead of a rollover; say so rather than leave it looking like a fault.
  const anyMatch = rows.some((r) => r.cells.some((c) => c.state === "match"));
  for (const r of rows) {
    const tested = r.cells.filter((c) => c.state === "match" || c.state === "no-match");
    if (r.usable && anyMatch && tested.length > 0 && tested.every((c) => c.state === "no-match")) r.nextKey = true;
  }
  return {
    name: `_25._tcp.${mx.host}`,
    ...(dnssec ? { dnssec } : {}),
    usable: mx.tlsa?.usable ?? false,
    ...(setIgnoredBecause ? { setIgnoredBecause } : {}),
    addresses,
    rows,
  };
}
