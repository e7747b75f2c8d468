/**
 * Splits the scanner's suggested zone-file lines (`_mta-sts.example.com. IN TXT "v=STSv1; id=…"`)
 * into the Name / Type / Value a web DNS panel asks for (docs/ui.md §5.6: "the UI only splits zone-file
 * lines"). The zone-file reader is the scanner's own, so what we display is what its parsers
 * accepted. Pure.
 */
import { readZoneLine } from "@/lib/scan/suggest/zone-text";

/** One suggested DNS record, ready for a RecordBlock. */
export type PlanRecord = {
  /** The suggestion exactly as the scanner wrote it (the "zone-file line" copy). */
  zoneLine: string;
  /** Owner name, lower case, without the root dot. */
  name: string;
  type: string;
  ttl?: number;
  /**
   * What a web DNS panel's "value" field takes: for TXT the character-strings joined into one
   * string (RFC 7208 §3.3 / RFC 8461 §3.1 read them concatenated), else the rdata fields.
   */
  value: string;
  /** TXT only: the character-strings as published (each at most 255 bytes, RFC 1035 §3.3.14). */
  strings?: string[];
  /** Parts of the value that are placeholders to fill in (`…`, `<address>`), never finished values. */
  placeholders: string[];
};

/** Record types our suggestions use; the first one found as a bare token names the line's type. */
const TYPES = ["TXT", "TLSA", "MX", "CNAME", "CAA", "A", "AAAA"] as const;

/** The type token of a zone line: the first bare word (outside quotes) that is a record type. */
function typeOf(line: string): string | undefined {
  const beforeQuote = line.split('"')[0] ?? "";
  const words = beforeQuote.split(/[ \t]+/).filter(Boolean);
  // The owner comes first and may look like a type only in a bare rdata line, which we do not read.
  for (const word of words.slice(1)) {
    const upper = word.toUpperCase();
    if ((TYPES as readonly string[]).includes(upper)) return upper;
  }
  return undefined;
}

const PLACEHOLDER = /<[^<>\s]{1,64}>|…|\.\.\./g;

function placeholdersIn(value: string): string[] {
  return [...new Set(value.match(PLACEHOLDER) ?? [])];
}

/** Reads one suggested line; null when it is not a one-line record we can split (shown as text then). */
export function splitZoneLine(zoneLine: string): PlanRecord | null {
  const line = zoneLine.trim();
  const type = typeOf(line);
  if (!type) return null;
  const read = readZoneLine(line, type);
  if (!read.ok || read.line === null || read.line.owner === undefined) return null;
  const { owner, ttl, rdata } = read.line;
  const value = type === "TXT" ? rdata.join("") : rdata.join(" ");
  return {
    zoneLine: line,
    name: owner,
    type,
    ...(ttl !== undefined ? { ttl } : {}),
    value,
    ...(type === "TXT" ? { strings: rdata } : {}),
    placeholders: placeholdersIn(value),
  };
}
