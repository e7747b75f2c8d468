/**
 * Bytes from senders → strings that are safe to store. PostgreSQL text refuses NUL and invalid
 * UTF-8 would break storage, so undecodable bytes become U+FFFD (the WHATWG decoder's replacement)
 * and NUL becomes U+FFFD too; everything else is kept exactly as received (an org name like
 * `=HYPERLINK(…)` stays data; rendering it inert is the views' job).
 */
const UTF8 = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false });

/** Decodes UTF-8 with replacement; NUL becomes U+FFFD. */
export function decodeText(bytes: Buffer | string, encoding = "utf-8"): string {
  if (typeof bytes === "string") return cleanString(bytes);
  let decoder = UTF8;
  if (!/^(?:utf-?8|us-ascii|ascii)$/i.test(encoding)) {
    try {
      decoder = new TextDecoder(encoding, { fatal: false });
    } catch {
      // An unknown label: UTF-8 with replacement is the best effort, never a crash.
    }
  }
  return cleanString(decoder.decode(bytes));
}

const SURROGATE = "[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]";
const LONE_SURROGATE = new RegExp(SURROGATE);
const LONE_SURROGATE_ALL = new RegExp(SURROGATE, "g");

/** Replaces NUL (stored text cannot hold it) and lone surrogates (from JSON `\ud800` escapes). */
export function cleanString(text: string): string {
  // The tests avoid a copy in the common case of clean text.
  const wellFormed = LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATE_ALL, "\uFFFD") : text;
  return wellFormed.includes("\u0000") ? wellFormed.replaceAll("\u0000", "\uFFFD") : wellFormed;
}

/** The first byte that is not XML/JSON white space, after an optional UTF-8 BOM. */
export function firstContentByte(bytes: Buffer): number | undefined {
  let i = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return b;
  }
  return undefined;
}
