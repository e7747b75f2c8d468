import type { MtaStsRecordParse } from "./types";

/** One TXT record: either its character-strings or the already-joined text. */
export type TxtInput = string | readonly string[];

// RFC 8461 §3.1 ABNF. %s"..." literals are case-sensitive.
const VERSION = "v=STSv1";
const FIELD_DELIM = /^[ \t]*;[ \t]*/;
const ID_VALUE = /^[A-Za-z0-9]{1,32}$/;
const EXT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
// sts-ext-value = 1*(%x21-3A / %x3C / %x3E-7E): visible ASCII except ";" and "=".
const EXT_VALUE = /^[\x21-\x3a\x3c\x3e-\x7e]+$/;

export function joinTxt(record: TxtInput): string {
  // TXT character-strings of one record are concatenated without separators (RFC 7208 §3.3 convention).
  return typeof record === "string" ? record : record.join("");
}

export function isMtaStsCandidate(record: string): boolean {
  // RFC 8461 §3.1: records that do not begin with "v=STSv1;" are discarded. The ABNF allows WSP
  // before the ";" (erratum 6285), and a bare "v=STSv1" is kept so it can be reported as broken.
  if (!record.startsWith(VERSION)) return false;
  const next = record.charAt(VERSION.length);
  return next === "" || next === ";" || next === " " || next === "\t";
}

type FieldsResult = { ok: true; id: string; extensions: Record<string, string> } | { ok: false; message: string };

function parseFields(record: string): FieldsResult {
  // sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim]
  let rest = record.slice(VERSION.length);
  let id: string | undefined;
  const extensions: Record<string, string> = {};
  let fields = 0;
  while (rest.length > 0) {
    const delim = FIELD_DELIM.exec(rest);
    if (delim === null) return { ok: false, message: `unexpected text "${rest}" where ";" was expected` };
    rest = rest.slice(delim[0].length);
    if (rest.length === 0) break; // the optional trailing delimiter
    const end = rest.search(/[ \t;]/);
    const field = end === -1 ? rest : rest.slice(0, end);
    rest = end === -1 ? "" : rest.slice(end);
    const eq = field.indexOf("=");
    if (eq <= 0) return { ok: false, message: `field "${field}" is not name=value` };
    const name = field.slice(0, eq);
    const value = field.slice(eq + 1);
    fields++;
    if (name === "id") {
      if (!ID_VALUE.test(value)) return { ok: false, message: `id "${value}" is not 1-32 letters or digits` };
      // The RFC defines one policy id per record; two would leave senders guessing which applies.
      if (id !== undefined) return { ok: false, message: "id appears more than once" };
      id = value;
      continue;
    }
    if (!EXT_NAME.test(name)) return { ok: false, message: `field name "${name}" is not valid` };
    if (!EXT_VALUE.test(value)) return { ok: false, message: `value of "${name}" is empty or has forbidden characters` };
    extensions[name] ??= value;
  }
  if (fields === 0 || id === undefined) return { ok: false, message: "the required id field is missing" };
  return { ok: true, id, extensions };
}

/**
 * Selects and parses the MTA-STS TXT record among all TXT records at `_mta-sts.<domain>` (RFC 8461 §3.1).
 */
export function parseMtaStsRecord(txt: readonly TxtInput[]): MtaStsRecordParse {
  const candidates = txt.map(joinTxt).filter(isMtaStsCandidate);
  // RFC 8461 §3.1: "If the number of resulting records is not one, or if the resulting record is
  // syntactically invalid, senders MUST assume the recipient domain does not have an available MTA-STS Policy."
  if (candidates.length === 0) {
    return { valid: false, code: "no-sts-record", message: "no TXT record starts with v=STSv1", candidates };
  }
  if (candidates.length > 1) {
    return { valid: false, code: "multiple-sts-records", message: `${candidates.length} TXT records start with v=STSv1`, candidates };
  }
  const record = candidates[0] as string; // safe: length checked above
  const fields = parseFields(record);
  if (!fields.ok) return { valid: false, code: "syntax", message: fields.message, record, candidates };
  return { valid: true, record, id: fields.id, extensions: fields.extensions };
}
