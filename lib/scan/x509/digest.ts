/**
 * Every digest the scanner computes over certificates and keys. Nothing else in lib/scan hashes a
 * key or a certificate (eslint.config.mjs enforces it), so the report's `spkiSha256`, DANE
 * matching, the suggested TLSA records and the what-if all compare the same bytes: the
 * SubjectPublicKeyInfo as it appears in the certificate (RFC 6698 §2.1.2), never a re-export.
 */
import { createHash } from "node:crypto";

/** Hex SHA-256 of `data` (lower case, as TLSA data and the report's digests are written). */
export function sha256Hex(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Hex SHA-512 of `data`. */
export function sha512Hex(data: Uint8Array): string {
  return createHash("sha512").update(data).digest("hex");
}

/** TLSA matching types (RFC 6698 §2.1.3, IANA "TLSA Matching Types"). */
const MATCHING_FULL = 0;
const MATCHING_SHA256 = 1;
const MATCHING_SHA512 = 2;

/**
 * The association data a TLSA record of `matchingType` would carry for `data` (RFC 6698 §2.1.3):
 * the bytes themselves (0), their SHA-256 (1) or SHA-512 (2), as lower-case hex; null for an
 * unknown matching type.
 */
export function associationDigest(data: Uint8Array, matchingType: number): string | null {
  if (matchingType === MATCHING_SHA256) return sha256Hex(data);
  if (matchingType === MATCHING_SHA512) return sha512Hex(data);
  if (matchingType === MATCHING_FULL) return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("hex");
  return null;
}
