/**
 * The small part of MIME that report mail needs (RFC 5322 header fields, RFC 2045 content types
 * and transfer encodings, RFC 2046 multipart, RFC 2047 encoded words, RFC 2231 parameters). Pure
 * functions over bytes; the caller walks the tree and applies the caps.
 */
import { decodeText } from "./text";

export type Header = { name: string; value: string };
export type ContentType = { type: string; params: Map<string, string> };

/** Splits an entity into its header fields (unfolded, RFC 5322 §2.2.3) and its body. */
export function splitEntity(raw: Buffer): { headers: Header[]; body: Buffer } {
  // A part may have no header fields at all: its body starts after the first line break.
  if (raw[0] === 0x0a) return { headers: [], body: raw.subarray(1) };
  if (raw[0] === 0x0d && raw[1] === 0x0a) return { headers: [], body: raw.subarray(2) };
  let end = raw.indexOf("\r\n\r\n");
  let bodyStart = end + 4;
  const lf = raw.indexOf("\n\n");
  if (lf >= 0 && (end < 0 || lf < end)) {
    end = lf;
    bodyStart = lf + 2;
  }
  if (end < 0) return { headers: parseHeaders(raw.toString("latin1")), body: Buffer.alloc(0) };
  return { headers: parseHeaders(raw.subarray(0, end).toString("latin1")), body: raw.subarray(bodyStart) };
}

function parseHeaders(block: string): Header[] {
  const headers: Header[] = [];
  for (const line of block.split(/\r?\n/)) {
    const last = headers[headers.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    headers.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  return headers;
}

export function header(headers: Header[], name: string): string | undefined {
  return headers.find((h) => h.name === name)?.value;
}

/** `type/subtype; a=b; c="d"` with RFC 2231 continuations and charsets (`name*0*=utf-8''…`). */
export function parseContentType(value: string | undefined, fallback = "text/plain"): ContentType {
  if (!value) return { type: fallback, params: new Map() };
  const parts = splitParams(value);
  const type = (parts.shift() ?? "").trim().toLowerCase() || fallback;
  // Parameter names are sender text (`__proto__*=…`): kept in a Map, never as object keys.
  const plain = new Map<string, string>();
  const extended = new Map<string, { index: number; value: string; encoded: boolean }[]>();
  for (const part of parts) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    let val = part.slice(eq + 1).trim();
    if (val.startsWith('"') && val.endsWith('"') && val.length >= 2) val = val.slice(1, -1).replace(/\\(.)/g, "$1");
    const continuation = /^([^*]+)\*(?:(\d+)\*?|)$/.exec(key);
    const star = key.endsWith("*");
    if (continuation) {
      const name = continuation[1]!;
      const list = extended.get(name) ?? [];
      extended.set(name, list);
      list.push({ index: continuation[2] === undefined ? 0 : Number(continuation[2]), value: val, encoded: star });
    } else {
      plain.set(key, val);
    }
  }
  const params = new Map(plain);
  for (const [name, pieces] of extended) {
    pieces.sort((a, b) => a.index - b.index);
    let charset = "utf-8";
    const first = pieces[0];
    if (first?.encoded) {
      const match = /^([^']*)'[^']*'(.*)$/.exec(first.value);
      if (match) {
        charset = match[1] || "utf-8";
        first.value = match[2]!;
      }
    }
    const bytes = Buffer.concat(pieces.map((p) => (p.encoded ? percentDecode(p.value) : Buffer.from(p.value, "latin1"))));
    params.set(name, decodeText(bytes, charset));
  }
  return { type, params };
}

function splitParams(value: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === "\\" && quoted && i + 1 < value.length) {
      current += c + value[++i];
    } else if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if (c === ";" && !quoted) {
      parts.push(current);
      current = "";
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

function percentDecode(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "%" && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(text.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** RFC 2047 encoded words (`=?utf-8?B?…?=`, `=?iso-8859-1?Q?…?=`) in a header value read as latin1. */
export function decodeWords(value: string): string {
  const out: string[] = [];
  let last = 0;
  for (const match of value.matchAll(/=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g)) {
    const between = value.slice(last, match.index);
    // RFC 2047 §6.2: white space between two adjacent encoded words is not displayed.
    if (!(last > 0 && /^\s*$/.test(between))) out.push(rawText(between));
    const [, charset, enc, text] = match as unknown as [string, string, string, string];
    const bytes = enc.toLowerCase() === "b" ? Buffer.from(text, "base64") : qDecode(text.replace(/_/g, " "), false);
    out.push(decodeText(bytes, charset.split("*")[0]!));
    last = match.index + match[0].length;
  }
  out.push(rawText(value.slice(last)));
  return out.join("");
}

/** Header bytes outside encoded words are UTF-8 (RFC 6532), decoded with replacement. */
function rawText(latin1: string): string {
  return decodeText(Buffer.from(latin1, "latin1"));
}

/** RFC 2045 §6.7 quoted-printable (and RFC 2047 Q when `soft` is false). */
export function qDecode(text: string, soft = true): Buffer {
  const out = Buffer.alloc(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3d /* = */) {
      const hex = text.slice(i + 1, i + 3);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        out[n++] = parseInt(hex, 16);
        i += 2;
        continue;
      }
      if (soft && (text[i + 1] === "\n" || text.startsWith("\r\n", i + 1))) {
        i += text[i + 1] === "\r" ? 2 : 1; // soft line break
        continue;
      }
    }
    out[n++] = c & 0xff;
  }
  return out.subarray(0, n);
}

/** The body of an entity, its transfer encoding undone (RFC 2045 §6). */
export function decodeBody(body: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? "7bit").trim().toLowerCase()) {
    case "base64":
      // Node's decoder skips line breaks and other characters outside the alphabet.
      return Buffer.from(body.toString("latin1"), "base64");
    case "quoted-printable":
      return qDecode(body.toString("latin1"));
    default:
      return body;
  }
}

/** The body parts of a multipart body (RFC 2046 §5.1.1), preamble and epilogue dropped. */
export function splitMultipart(body: Buffer, boundary: string, maxParts: number): Buffer[] | undefined {
  const delimiter = Buffer.from(`--${boundary}`, "latin1");
  const parts: Buffer[] = [];
  let at = findDelimiter(body, delimiter, 0);
  if (at < 0) return undefined;
  while (at >= 0) {
    let start = at + delimiter.length;
    if (body[start] === 0x2d && body[start + 1] === 0x2d) break; // the close delimiter
    const eol = body.indexOf("\n", start);
    if (eol < 0) break;
    start = eol + 1;
    const next = findDelimiter(body, delimiter, start);
    // A missing close delimiter (truncated mail) ends the last part at the end of the body.
    let end = next < 0 ? body.length : next;
    // The CRLF before a delimiter belongs to the delimiter.
    if (next >= 0) end = body[end - 1] === 0x0a ? (body[end - 2] === 0x0d ? end - 2 : end - 1) : end;
    if (parts.length >= maxParts) return undefined;
    parts.push(body.subarray(start, Math.max(start, end)));
    at = next;
  }
  return parts;
}

/** A delimiter only counts at the start of a line. */
function findDelimiter(body: Buffer, delimiter: Buffer, from: number): number {
  let at = body.indexOf(delimiter, from);
  while (at > 0 && body[at - 1] !== 0x0a) at = body.indexOf(delimiter, at + 1);
  return at;
}
