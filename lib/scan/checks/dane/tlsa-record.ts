/**
 * TLSA records as the DANE checks see them: the four RDATA fields (RFC 6698 §2.1), their spec
 * string form ("3 1 1 <hex>"), and whether a record is usable for SMTP. Pure.
 */

/** One TLSA record; `data` is the certificate association data in hex (any case on input). */
export type TlsaRecord = { usage: number; selector: number; matchingType: number; data: string };

export type TlsaUnusableReason =
  /** PKIX-TA(0) / PKIX-EE(1): SMTP has no agreed set of CAs, so these are unusable (RFC 7672 §3.1.3). */
  | "pkix-usage"
  | "unknown-usage"
  | "unknown-selector"
  | "unknown-matching-type"
  | "not-hex"
  | "wrong-length";

export type TlsaClassification = { usable: true } | { usable: false; reason: TlsaUnusableReason; message: string };

/** RFC 6698 §2.1.1–2.1.3 and RFC 7672 §3.1: the values an SMTP client supports. */
export const TLSA_USAGE = { PKIX_TA: 0, PKIX_EE: 1, DANE_TA: 2, DANE_EE: 3 } as const;
export const TLSA_SELECTOR = { CERT: 0, SPKI: 1 } as const;
export const TLSA_MATCHING = { FULL: 0, SHA256: 1, SHA512: 2 } as const;

/** Digest lengths in octets per matching type (RFC 6698 §2.1.3: SHA2-256 and SHA2-512). */
const DIGEST_BYTES: Readonly<Record<number, number>> = { [TLSA_MATCHING.SHA256]: 32, [TLSA_MATCHING.SHA512]: 64 };

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

function fail(reason: TlsaUnusableReason, message: string): TlsaClassification {
  return { usable: false, reason, message };
}

/**
 * Whether an SMTP client can use the record (spec "A usable TLSA record", minus the DNSSEC part,
 * which belongs to the answer, not the record): usage DANE-TA(2) or DANE-EE(3) (RFC 7672 §3.1.3
 * makes 0 and 1 unusable for SMTP), selector 0 or 1, matching type 0, 1 or 2, and association
 * data of the right length. RFC 7671 §4.1: records with unsupported parameters are "unusable",
 * i.e. ignored, not an error. Matching type 0 carries the full certificate or SPKI: any
 * non-empty length.
 */
export function classifyTlsaRecord(rec: TlsaRecord): TlsaClassification {
  const { usage, selector, matchingType, data } = rec;
  if (usage === TLSA_USAGE.PKIX_TA || usage === TLSA_USAGE.PKIX_EE) {
    return fail("pkix-usage", `usage ${usage} (${usage === 0 ? "PKIX-TA" : "PKIX-EE"}) is not usable for SMTP`);
  }
  if (usage !== TLSA_USAGE.DANE_TA && usage !== TLSA_USAGE.DANE_EE) return fail("unknown-usage", `unknown usage ${usage}`);
  if (selector !== TLSA_SELECTOR.CERT && selector !== TLSA_SELECTOR.SPKI) return fail("unknown-selector", `unknown selector ${selector}`);
  if (matchingType !== TLSA_MATCHING.FULL && matchingType !== TLSA_MATCHING.SHA256 && matchingType !== TLSA_MATCHING.SHA512) {
    return fail("unknown-matching-type", `unknown matching type ${matchingType}`);
  }
  if (!HEX.test(data)) return fail("not-hex", "association data is not an even number of hex digits");
  const bytes = data.length / 2;
  const expected = DIGEST_BYTES[matchingType];
  if (expected === undefined) {
    return bytes > 0 ? { usable: true } : fail("wrong-length", "matching type 0 with empty association data");
  }
  if (bytes !== expected) {
    return fail("wrong-length", `matching type ${matchingType} needs ${expected} octets of digest, got ${bytes}`);
  }
  return { usable: true };
}

export function isUsableTlsaRecord(rec: TlsaRecord): boolean {
  return classifyTlsaRecord(rec).usable;
}

/** The report's string form: "3 1 1 <hex lower case>" (spec `mx[].tlsa.records`). */
export function formatTlsaRecord(rec: TlsaRecord): string {
  return `${rec.usage} ${rec.selector} ${rec.matchingType} ${rec.data.toLowerCase()}`;
}

/**
 * Reads the string form back (presentation format fields, RFC 6698 §2.2; the data may be split
 * by white space). Null when it is not four fields of the right shape; values are not judged.
 */
export function parseTlsaString(text: string): TlsaRecord | null {
  const fields = text.trim().split(/\s+/);
  if (fields.length < 4) return null;
  const [usage, selector, matchingType] = fields.slice(0, 3).map((f) => (/^\d{1,3}$/.test(f) ? Number(f) : NaN));
  if (usage === undefined || selector === undefined || matchingType === undefined) return null;
  if ([usage, selector, matchingType].some((n) => Number.isNaN(n) || n > 255)) return null;
  return { usage, selector, matchingType, data: fields.slice(3).join("").toLowerCase() };
}

/** Shortens a record for evidence text: the digest's first 16 hex digits are enough to tell records apart. */
export function abbreviateTlsa(record: string): string {
  const parts = record.split(" ");
  const data = parts[3] ?? "";
  return data.length > 16 ? `${parts.slice(0, 3).join(" ")} ${data.slice(0, 16)}…` : record;
}
