/** Key size of a certificate's public key, for the report's `keyBits`. */
import type { Certificate } from "./certificate";

/** Key size of named curves (RFC 8422 / SEC 2 names as OpenSSL reports them). */
const CURVE_BITS: Record<string, number> = {
  prime256v1: 256,
  secp256r1: 256,
  secp256k1: 256,
  secp384r1: 384,
  secp521r1: 521,
  secp224r1: 224,
  brainpoolP256r1: 256,
  brainpoolP384r1: 384,
  brainpoolP512r1: 512,
};
const EDWARDS_BITS: Record<string, number> = { ed25519: 256, ed448: 456 };

/** Sizes already read, per certificate object (building the KeyObject costs OpenSSL a decode). */
const known = new WeakMap<Certificate, number>();

/** Modulus length (RSA), curve size (EC, EdDSA); 0 when OpenSSL cannot read the key. */
export function keyBits(cert: Certificate): number {
  const cached = known.get(cert);
  if (cached !== undefined) return cached;
  let bits = 0;
  try {
    const key = cert.x509?.publicKey;
    const details = key?.asymmetricKeyDetails;
    if (details?.modulusLength) bits = details.modulusLength;
    else if (details?.namedCurve) bits = CURVE_BITS[details.namedCurve] ?? 0;
    else bits = EDWARDS_BITS[key?.asymmetricKeyType ?? ""] ?? 0;
  } catch {
    // Unsupported key (explicit EC parameters, unknown algorithm): size unknown.
    bits = 0;
  }
  known.set(cert, bits);
  return bits;
}
