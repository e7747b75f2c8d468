/**
 * Text rules of the PDF report (docs/ui.md §7 applied to paper). Pure.
 *
 * React-PDF draws text as glyphs, so nothing in a record can become markup; what remains is to keep
 * attacker text from *reordering or hiding* itself. Every DNS/SMTP/HTTP string goes through
 * pdfText(), which shows controls and bidi/zero-width format characters as visible tokens exactly
 * where the web report does (lib/report/untrusted.ts), with ‹ › brackets because the embedded font
 * has no ⟨ ⟩ glyphs.
 *
 * Line breaking: React-PDF hyphenates words by default and inserts a "-" where it breaks one, which
 * corrupts host names, certificate subjects and digests. breakParts() is the hyphenation callback
 * every Text of the report uses instead: ordinary words never break; only long tokens (records,
 * URIs, digests) may wrap, after a separator or inside a long alphanumeric run, and with no
 * character added — an empty part becomes a zero-width break opportunity in React-PDF's
 * Knuth–Plass line breaker rather than a hyphenation point.
 */
import { reveal, type RevealOptions } from "../untrusted";

/** Untrusted text as it may be drawn: hidden characters replaced by visible tokens, hex runs in full. */
export function pdfText(value: string, options: RevealOptions = {}): string {
  return reveal(value, options)
    .map((s) => (s.kind === "hidden" ? s.token.replace("⟨", "‹").replace("⟩", "›") : s.text))
    .join("")
    .replace(/\r\n/g, "\n");
}

/** Tokens up to this many characters never break (English words, most host names); 20 mono characters fit the narrowest column. */
export const UNBREAKABLE_MAX = 20;
/** An alphanumeric run longer than this (a digest, a key) may break every RUN_CHUNK characters. */
const LONG_RUN = 20;
const RUN_CHUNK = 12;
/** Characters after which a long token may wrap: label, path, list and tag separators. */
const SEPARATOR = /[.\-/;,=@:_&?+|]/;

/**
 * The hyphenation callback of the report: a word as parts, with "" between parts where a line may
 * break. Returns [word] (no break) for anything of UNBREAKABLE_MAX characters or fewer.
 */
export function breakParts(word: string): string[] {
  const chars = Array.from(word);
  if (chars.length <= UNBREAKABLE_MAX) return [word];
  const parts: string[] = [];
  let current = "";
  let run = 0;
  for (const ch of chars) {
    current += ch;
    if (SEPARATOR.test(ch)) {
      parts.push(current);
      current = "";
      run = 0;
      continue;
    }
    run = /[\p{L}\p{N}]/u.test(ch) ? run + 1 : 0;
    if (run >= LONG_RUN && run % RUN_CHUNK === 0) {
      parts.push(current);
      current = "";
    }
  }
  if (current) parts.push(current);
  // An empty string between two parts is a break opportunity that adds no hyphen glyph.
  return parts.flatMap((p, i) => (i === 0 ? [p] : ["", p]));
}

/** `<a-label domain>-<yyyy-mm-dd>.pdf`, the download name; only [a-z0-9.-] so no header can be injected. */
export function reportPdfFileName(domain: string, scannedAt: string | Date): string {
  const safe = domain.toLowerCase().replace(/[^a-z0-9.-]/g, "_").replace(/^\.+/, "") || "report";
  const at = typeof scannedAt === "string" ? new Date(scannedAt) : scannedAt;
  const day = Number.isNaN(at.getTime()) ? "undated" : at.toISOString().slice(0, 10);
  return `${safe}-${day}.pdf`;
}

/**
 * Caps an untrusted value for paper: a 64 KiB TXT record or policy must not turn into fifty pages.
 * The full value stays in the JSON report, which the note points to.
 */
export function clip(value: string, maxChars: number): string {
  const chars = Array.from(value);
  if (chars.length <= maxChars) return value;
  return `${chars.slice(0, maxChars).join("")}… (${chars.length - maxChars} more characters; the full value is in the JSON report)`;
}

/** At most `maxLines` lines of a multi-line body (a policy file), with a note for the rest. */
export function clipLines(value: string, maxLines: number): string {
  const lines = value.replace(/\r\n/g, "\n").split("\n");
  if (lines.length <= maxLines) return lines.join("\n");
  return [...lines.slice(0, maxLines), `… (${lines.length - maxLines} more lines; the full text is in the JSON report)`].join("\n");
}
