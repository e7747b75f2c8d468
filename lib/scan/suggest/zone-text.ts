/**
 * Zone-file (RFC 1035 §5.1 master file) text for the records we suggest, and a small reader for
 * the same one-line form, so every suggestion can be read back and checked by our own parsers
 * before it is offered. Pure.
 *
 * Written form: `<owner>. IN <TYPE> <rdata>` on one line (the spec's `suggestions` examples).
 * The reader also accepts an optional TTL, an optional class, no owner (a bare rdata line, the
 * type then given by the caller) and `;` comments. Multi-line `( … )` records are not read.
 */

/** RFC 1035 §3.3.14: a TXT character-string holds at most 255 octets. */
const TXT_CHUNK_BYTES = 255;

/** An absolute owner name with its root dot. */
export function absoluteName(name: string): string {
  const bare = name.trim().toLowerCase().replace(/\.+$/, "");
  return `${bare}.`;
}

/** One character-string in master-file quoting: `"` and `\` escaped, octets outside printable ASCII as \DDD (RFC 1035 §5.1). */
function quoteCharacterString(bytes: Buffer): string {
  let out = '"';
  for (const byte of bytes) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte < 0x20 || byte > 0x7e) out += `\\${byte.toString().padStart(3, "0")}`;
    else out += String.fromCharCode(byte);
  }
  return `${out}"`;
}

/** TXT rdata: the text split into 255-octet character-strings, each quoted (RFC 7208 §3.3 convention for long records). */
export function formatTxtRdata(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += TXT_CHUNK_BYTES) parts.push(quoteCharacterString(bytes.subarray(i, i + TXT_CHUNK_BYTES)));
  return parts.length > 0 ? parts.join(" ") : '""';
}

export function formatTxtLine(owner: string, text: string): string {
  return `${absoluteName(owner)} IN TXT ${formatTxtRdata(text)}`;
}

type Token = { text: string; quoted: boolean };

/** The UTF-8 octets of one UTF-16 code unit (as Buffer.from would encode it); ASCII, by far the most common, without allocating. */
function pushUtf8(bytes: number[], unit: string): void {
  const code = unit.charCodeAt(0);
  if (code < 0x80) bytes.push(code);
  else bytes.push(...Buffer.from(unit, "utf8"));
}

/** Splits one line into tokens: quoted strings (escapes decoded) and bare words; an unquoted `;` starts a comment. */
function tokenize(line: string): { ok: true; tokens: Token[] } | { ok: false; message: string } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    if (c === ";") break;
    if (c === "(" || c === ")") return { ok: false, message: "multi-line records in parentheses are not supported: put each record on one line" };
    if (c === '"') {
      const bytes: number[] = [];
      i++;
      let closed = false;
      while (i < line.length) {
        const d = line[i]!;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === "\\") {
          const digits = /^[0-9]{3}/.exec(line.slice(i + 1, i + 4));
          if (digits) {
            const value = Number(digits[0]);
            if (value > 255) return { ok: false, message: `escape \\${digits[0]} is not an octet` };
            bytes.push(value);
            i += 4;
          } else if (i + 1 < line.length) {
            pushUtf8(bytes, line[i + 1]!);
            i += 2;
          } else return { ok: false, message: "the line ends inside an escape" };
          continue;
        }
        pushUtf8(bytes, d);
        i++;
      }
      if (!closed) return { ok: false, message: "a quoted string is not closed" };
      tokens.push({ text: Buffer.from(bytes).toString("utf8"), quoted: true });
      continue;
    }
    let end = i;
    while (end < line.length && !" \t;\"()".includes(line[end]!)) end++;
    tokens.push({ text: line.slice(i, end), quoted: false });
    i = end;
  }
  return { ok: true, tokens };
}

export type ZoneLine = {
  /** Owner name as written (lower case, no trailing dot); absent for a bare rdata line. */
  owner?: string;
  ttl?: number;
  type: string;
  /** The rdata tokens; quoted ones decoded. */
  rdata: string[];
};

export type ZoneLineRead = { ok: true; line: ZoneLine } | { ok: false; message: string } | { ok: true; line: null };

const TTL = /^[0-9]{1,10}$/;
const CLASSES = new Set(["IN", "CH", "HS"]);

/**
 * Reads one master-file line of `type` (TXT, TLSA, MX): `[owner] [ttl] [class] TYPE rdata…`, or
 * bare rdata when `allowBare` (the line does not name the type). A blank or comment-only line
 * reads as `line: null`.
 */
export function readZoneLine(text: string, type: string, options: { allowBare?: boolean } = {}): ZoneLineRead {
  const tokenized = tokenize(text);
  if (!tokenized.ok) return tokenized;
  const tokens = tokenized.tokens;
  if (tokens.length === 0) return { ok: true, line: null };
  const at = tokens.findIndex((t) => !t.quoted && t.text.toUpperCase() === type);
  if (at === -1) {
    if (options.allowBare) return { ok: true, line: { type, rdata: tokens.map((t) => t.text) } };
    return { ok: false, message: `no ${type} type in the line` };
  }
  const head = tokens.slice(0, at);
  let owner: string | undefined;
  let ttl: number | undefined;
  for (const [index, token] of head.entries()) {
    if (token.quoted) return { ok: false, message: `unexpected quoted text before ${type}` };
    // A leading all-digit token is a TTL, not an owner (owner names of mail records are never numeric).
    if (TTL.test(token.text) && ttl === undefined) ttl = Number(token.text);
    else if (CLASSES.has(token.text.toUpperCase())) {
      if (token.text.toUpperCase() !== "IN") return { ok: false, message: `class ${token.text} is not IN` };
    } else if (index === 0) owner = token.text.toLowerCase().replace(/\.+$/, "");
    else return { ok: false, message: `unexpected "${token.text}" before ${type}` };
  }
  return { ok: true, line: { ...(owner !== undefined ? { owner } : {}), ...(ttl !== undefined ? { ttl } : {}), type, rdata: tokens.slice(at + 1).map((t) => t.text) } };
}

/** Reads a TXT line back: owner and the character-strings joined (RFC 7208 §3.3 / RFC 8461 §3.1 convention). */
export function readTxtLine(text: string): { ok: true; owner: string; text: string; strings: string[] } | { ok: false; message: string } {
  const read = readZoneLine(text, "TXT");
  if (!read.ok) return read;
  if (read.line === null) return { ok: false, message: "empty line" };
  if (read.line.owner === undefined) return { ok: false, message: "no owner name" };
  return { ok: true, owner: read.line.owner, text: read.line.rdata.join(""), strings: read.line.rdata };
}
