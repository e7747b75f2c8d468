import type { TlsRptRecordParse } from "./types";
import { parseReportUri, type ReportUri } from "./uri-syntax";

/** One TXT record: either its character-strings or the already-joined text. */
type TxtInput = string | readonly string[];

// RFC 8460 §3 ABNF; %s"..." literals are case-sensitive.
const VERSION = "v=TLSRPTv1";
const FIELD_DELIM = /^[ \t]*;[ \t]*/;
const EXT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
// tlsrpt-ext-value = 1*(%x21-3A / %x3C / %x3E-7E)
const EXT_VALUE = /^[\x21-\x3a\x3c\x3e-\x7e]+$/;

export function isTlsRptCandidate(record: string): boolean {
  // RFC 8460 §3: records that do not begin with "v=TLSRPTv1;" are discarded (WSP before ";" allowed by the ABNF).
  if (!record.startsWith(VERSION)) return false;
  const next = record.charAt(VERSION.length);
  return next === "" || next === ";" || next === " " || next === "\t";
}

type Fields = { ok: true; rua: ReportUri[]; extensions: Record<string, string> } | { ok: false; message: string };

/** tlsrpt-rua = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri) */
function parseRua(value: string): { ok: true; rua: ReportUri[] } | { ok: false; message: string } {
  const rua: ReportUri[] = [];
  for (const part of value.split(/[ \t]*,[ \t]*/)) {
    const parsed = parseReportUri(part);
    if (!parsed.ok) return parsed;
    // RFC 8460 §3: "Two URI schemes are supported: mailto and https."
    if (parsed.value.scheme !== "mailto" && parsed.value.scheme !== "https") {
      return { ok: false, message: `rua "${part}" is neither mailto: nor https:` };
    }
    rua.push(parsed.value);
  }
  return { ok: true, rua };
}

function parseFields(record: string): Fields {
  let rest = record.slice(VERSION.length);
  let rua: ReportUri[] | undefined;
  const extensions: Record<string, string> = {};
  while (rest.length > 0) {
    const delim = FIELD_DELIM.exec(rest);
    if (delim === null) return { ok: false, message: `unexpected text "${rest}" where ";" was expected` };
    rest = rest.slice(delim[0].length);
    if (rest.length === 0) break; // the optional trailing delimiter
    if (rest.startsWith("rua=")) {
      // The rua value runs to the next ";" (URIs cannot hold a raw ";" here); WSP may surround its commas.
      const end = rest.indexOf(";");
      const raw = (end === -1 ? rest : rest.slice(0, end)).replace(/[ \t]+$/, "");
      rest = rest.slice(raw.length);
      if (rua !== undefined) return { ok: false, message: "rua appears more than once" };
      const parsed = parseRua(raw.slice(4));
      if (!parsed.ok) return parsed;
      rua = parsed.rua;
      continue;
    }
    const end = rest.search(/[ \t;]/);
    const field = end === -1 ? rest : rest.slice(0, end);
    rest = end === -1 ? "" : rest.slice(end);
    const eq = field.indexOf("=");
    const name = eq === -1 ? field : field.slice(0, eq);
    const value = eq === -1 ? "" : field.slice(eq + 1);
    if (eq <= 0 || !EXT_NAME.test(name)) return { ok: false, message: `field "${field}" is not name=value` };
    if (!EXT_VALUE.test(value)) return { ok: false, message: `value of "${name}" is empty or has forbidden characters` };
    extensions[name] ??= value;
  }
  // RFC 8460 §3: the rua field is required.
  if (rua === undefined) return { ok: false, message: "the required rua field is missing" };
  return { ok: true, rua, extensions };
}

/** Selects and parses the TLS-RPT record among all TXT records at `_smtp._tls.<name>` (RFC 8460 §3). */
export function parseTlsRptRecord(txt: readonly TxtInput[]): TlsRptRecordParse {
  const candidates = txt.map((t) => (typeof t === "string" ? t : t.join(""))).filter(isTlsRptCandidate);
  // RFC 8460 §3: "If the number of resulting records is not one, senders MUST assume the recipient
  // domain does not implement TLSRPT."
  if (candidates.length === 0) return { valid: false, code: "no-tlsrpt-record", message: "no TXT record starts with v=TLSRPTv1", candidates };
  if (candidates.length > 1) {
    return { valid: false, code: "multiple-tlsrpt-records", message: `${candidates.length} TXT records start with v=TLSRPTv1`, candidates };
  }
  const record = candidates[0] as string; // safe: length checked above
  const fields = parseFields(record);
  if (!fields.ok) return { valid: false, code: "syntax", message: fields.message, record, candidates };
  return { valid: true, record, rua: fields.rua, extensions: fields.extensions };
}
