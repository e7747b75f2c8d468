/**
 * One parsed certificate: its DER, the digests everything else compares, and Node's parse of it.
 *
 * Servers present the same certificates over and over (shared MX providers, common
 * intermediates), and OpenSSL 3 takes ~0.1 ms to parse one, so parses are kept per process in a
 * small LRU keyed by the SHA-256 of the DER. Certificate objects are immutable: one can serve
 * every scan, and per-object memos (signature verdicts, key sizes) stay valid.
 */
import { X509Certificate } from "node:crypto";
import { extractSpkiDer } from "./der";
import { sha256Hex } from "./digest";

export type Certificate = {
  /** The certificate's DER, as presented. */
  readonly der: Buffer;
  /** Hex SHA-256 of the DER: the certificate's identity (the TLSA `x 0 1` digest, RFC 6698 §2.1.2). */
  readonly sha256: string;
  /** The SubjectPublicKeyInfo bytes as they appear in the certificate; null when the DER walk fails. */
  readonly spki: Buffer | null;
  /** Hex SHA-256 of `spki` (the TLSA `x 1 1` digest and the report's `spkiSha256`); null without `spki`. */
  readonly spkiSha256: string | null;
  /** Node's (OpenSSL's) parse; null when OpenSSL refuses the certificate. */
  readonly x509: X509Certificate | null;
};

const cache = new Map<string, Certificate>();
const CACHE_MAX = 1_024;
/**
 * The same Buffer objects travel from the probe through the summary, DANE matching and the
 * suggestions of one scan: looking them up by identity first skips hashing the DER again.
 */
const byBuffer = new WeakMap<Buffer, Certificate>();

function build(presented: Buffer, sha256: string): Certificate {
  // Our own copy: the caller's Buffer may be reused or changed, a cached certificate may not.
  const der = Buffer.from(presented);
  const spki = extractSpkiDer(der);
  let x509: X509Certificate | null;
  try {
    x509 = new X509Certificate(der);
  } catch {
    // Unsupported or malformed for OpenSSL: digests from our own DER walk still work (DANE-EE).
    x509 = null;
  }
  return Object.freeze({ der, sha256, spki, spkiSha256: spki ? sha256Hex(spki) : null, x509 });
}

/**
 * The certificate in `der`, through the per-process cache; never throws (see `x509` and `spki`
 * for what could be read). `cache: false` for long-lived sets (trust anchors) that would only
 * crowd out presented certificates.
 */
export function readCertificate(der: Buffer, options: { cache?: boolean } = {}): Certificate {
  if (options.cache === false) return build(der, sha256Hex(der));
  const seen = byBuffer.get(der);
  // Identity is only a shortcut: a Buffer is mutable, so its bytes must still be the ones parsed
  // (a comparison costs far less than the hash).
  if (seen?.der.equals(der)) return seen;
  const sha256 = sha256Hex(der);
  let cert = cache.get(sha256);
  if (cert) {
    cache.delete(sha256);
  } else {
    cert = build(der, sha256);
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  }
  cache.set(sha256, cert);
  byBuffer.set(der, cert);
  return cert;
}

/** DER of one PEM "CERTIFICATE" block (RFC 7468 §5); null when there is none. */
export function pemToDer(pem: string): Buffer | null {
  const match = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(pem);
  if (!match) return null;
  const der = Buffer.from(match[1]!.replace(/\s+/g, ""), "base64");
  return der.length > 0 ? der : null;
}

/** Splits a PEM bundle (like the file NODE_EXTRA_CA_CERTS names) into single certificates. */
export function splitPemBundle(bundle: string): string[] {
  return bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** A certificate's SPKI digest from its DER alone (the x 1 1 / report digest); null when the DER walk fails. */
export function spkiSha256Of(der: Buffer): string | null {
  return readCertificate(der).spkiSha256;
}

/** RFC 5280 §3.3: self-issued = subject and issuer are the same name. */
export function isSelfIssued(cert: Certificate): boolean {
  return cert.x509 !== null && cert.x509.subject === cert.x509.issuer;
}

/** RFC 5280 §4.1.2.5: valid from notBefore through notAfter, inclusive. */
export function isWithinValidity(cert: Certificate, now: Date): boolean {
  if (!cert.x509) return false;
  const from = Date.parse(cert.x509.validFrom);
  const to = Date.parse(cert.x509.validTo);
  return Number.isFinite(from) && Number.isFinite(to) && from <= now.getTime() && now.getTime() <= to;
}
