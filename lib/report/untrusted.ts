/**
 * How text from DNS, SMTP and HTTP is made safe to look at (docs/ui.md §7): every such string is
 * attacker-controlled. This module only *describes* the text as segments; components render the
 * segments as React text nodes, never as HTML. Pure.
 *
 * Invisible characters become visible tokens: C0/C1 controls and DEL as `\x07`, and the Unicode
 * format characters that can hide or reorder text — bidi embeddings, overrides and isolates (the
 * "Trojan Source" class, CVE-2021-42574), zero-width characters, BOM — as `⟨U+202E⟩`. Long hex
 * runs (digests, TLSA data) are marked so the UI can abbreviate them in the middle.
 */

export type TextSegment =
  | { kind: "text"; text: string }
  /** A character that would be invisible or reorder text; `token` is what to show. */
  | { kind: "hidden"; raw: string; token: string }
  /** A hex run of at least HEX_MIN characters: shown as head…tail, full on focus and in print. */
  | { kind: "hex"; text: string; head: string; middle: string; tail: string };

/** Hex runs this long or longer are abbreviated (a SHA-256 digest is 64). */
export const HEX_MIN = 32;
const HEX_KEEP = 4;

/** Format characters shown as ⟨U+XXXX⟩: bidi controls, zero-width characters, separators, BOM. */
const FORMAT_CHARS = new Set([
  0x00ad, 0x034f, 0x061c, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180e, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c,
  0x202d, 0x202e, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x2066, 0x2067, 0x2068, 0x2069, 0x206a, 0x206b, 0x206c, 0x206d, 0x206e, 0x206f, 0x3164,
  0xfeff, 0xffa0, 0xfff9, 0xfffa, 0xfffb,
]);

export type RevealOptions = {
  /** Keep "\n" (and a "\r" right before it) as line breaks, for multi-line bodies. Default false. */
  multiline?: boolean;
  /** Keep "\t" as a tab. Default false. */
  keepTabs?: boolean;
};

/** The token shown for a hidden character, or undefined when the character is visible. */
export function hiddenToken(cp: number): string | undefined {
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return `\\x${cp.toString(16).padStart(2, "0")}`;
  if (FORMAT_CHARS.has(cp) || (cp >= 0xe0000 && cp <= 0xe007f)) return `⟨U+${cp.toString(16).toUpperCase().padStart(4, "0")}⟩`;
  return undefined;
}

/** True when `text` holds a character that reveal() would turn into a token. */
export function hasHiddenCharacters(text: string, options: RevealOptions = {}): boolean {
  return reveal(text, options).some((s) => s.kind === "hidden");
}

function pushText(out: TextSegment[], text: string): void {
  if (!text) return;
  const last = out[out.length - 1];
  if (last?.kind === "text") last.text += text;
  else out.push({ kind: "text", text });
}

function splitHex(out: TextSegment[], text: string): void {
  const re = new RegExp(`[0-9A-Fa-f]{${HEX_MIN},}`, "g");
  let at = 0;
  for (const m of text.matchAll(re)) {
    const hex = m[0];
    pushText(out, text.slice(at, m.index));
    out.push({ kind: "hex", text: hex, head: hex.slice(0, HEX_KEEP), middle: hex.slice(HEX_KEEP, -HEX_KEEP), tail: hex.slice(-HEX_KEEP) });
    at = m.index + hex.length;
  }
  pushText(out, text.slice(at));
}

/** Splits untrusted text into plain runs, hidden-character tokens and long hex runs. */
export function reveal(text: string, options: RevealOptions = {}): TextSegment[] {
  const out: TextSegment[] = [];
  let run = "";
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const cp = ch.codePointAt(0)!;
    const keep = (options.multiline && (ch === "\n" || (ch === "\r" && chars[i + 1] === "\n"))) || (options.keepTabs && ch === "\t");
    const token = keep ? undefined : hiddenToken(cp);
    if (token === undefined) {
      run += ch;
      continue;
    }
    splitHex(out, run);
    run = "";
    out.push({ kind: "hidden", raw: ch, token });
  }
  splitHex(out, run);
  return out;
}

/** The text as shown on screen, tokens in place of hidden characters (hex runs in full). */
export function visibleText(text: string, options: RevealOptions = {}): string {
  return reveal(text, options)
    .map((s) => (s.kind === "hidden" ? s.token : s.text))
    .join("");
}

/** Abbreviates a long value in the middle for labels: "8d02…286d". */
export function middleEllipsis(value: string, keep = HEX_KEEP): string {
  return value.length <= keep * 2 + 1 ? value : `${value.slice(0, keep)}…${value.slice(-keep)}`;
}

/** UTF-8 size of a string, for "Show all (n bytes)". */
export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * The parts of a URI that may become a link (docs/ui.md §7.2): only https: and mailto:. A mailto link
 * loses its query (?subject=…&body=…), which a hostile record could use to pre-fill a message.
 * Returns null for anything else, which the UI then shows as inert text.
 */
export function safeHref(uri: string): string | null {
  const trimmed = uri.trim();
  // Anything invisible or a control character in a URI is a trick; never make it a link.
  if (hasHiddenCharacters(trimmed) || /\s/.test(trimmed)) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol === "https:") {
    if (!url.hostname || url.username || url.password) return null;
    return url.href;
  }
  if (url.protocol === "mailto:") {
    const address = url.pathname;
    if (!/^[^@\s<>"]+@[A-Za-z0-9.-]+$/.test(decodeSafe(address))) return null;
    return `mailto:${address}`;
  }
  return null;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
