/**
 * A minimal DER walk over RFC 5280 §4.1, enough to cut the SubjectPublicKeyInfo out of a
 * certificate's own bytes: Certificate ::= SEQUENCE { tbsCertificate, ... } and TBSCertificate ::=
 * SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer, validity, subject,
 * subjectPublicKeyInfo, ... }.
 *
 * Why not re-export the key with Node? TLSA selector 1 hashes "the DER-encoded binary structure"
 * of the certificate's SubjectPublicKeyInfo (RFC 6698 §2.1.2, RFC 7671 §5.1): the bytes as they
 * appear in the certificate. A re-export re-encodes them, and for some keys the encoding changes
 * (RSA AlgorithmIdentifier with absent instead of NULL parameters, EC keys with explicit curve
 * parameters or a compressed point), and with it the digest. Our walk also works on certificates
 * OpenSSL refuses to parse.
 */
type Tlv = { tag: number; start: number; contentStart: number; end: number };

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const VERSION_TAG = 0xa0; // [0] EXPLICIT, constructed

/** Reads one tag-length-value at `offset`, not past `limit`; null when malformed or not DER. */
function readTlv(der: Uint8Array, offset: number, limit: number): Tlv | null {
  if (offset + 2 > limit) return null;
  const tag = der[offset]!;
  if ((tag & 0x1f) === 0x1f) return null; // high tag numbers never occur in these fields
  const first = der[offset + 1]!;
  let length: number;
  let contentStart: number;
  if (first < 0x80) {
    length = first;
    contentStart = offset + 2;
  } else {
    const octets = first & 0x7f;
    // 0x80 is the indefinite form, forbidden in DER (X.690 §10.1); more than 4 octets is absurd here.
    if (octets === 0 || octets > 4 || offset + 2 + octets > limit) return null;
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + der[offset + 2 + i]!;
    contentStart = offset + 2 + octets;
  }
  const end = contentStart + length;
  return end <= limit ? { tag, start: offset, contentStart, end } : null;
}

/**
 * The SubjectPublicKeyInfo bytes of a DER certificate exactly as they appear in it (a view into
 * `certDer`, not a copy), or null when the certificate does not have the RFC 5280 shape.
 */
export function extractSpkiDer(certDer: Buffer): Buffer | null {
  const cert = readTlv(certDer, 0, certDer.length);
  if (!cert || cert.tag !== SEQUENCE) return null;
  const tbs = readTlv(certDer, cert.contentStart, cert.end);
  if (!tbs || tbs.tag !== SEQUENCE) return null;
  let at = tbs.contentStart;
  const next = (): Tlv | null => {
    const tlv = readTlv(certDer, at, tbs.end);
    if (tlv) at = tlv.end;
    return tlv;
  };
  let field = next();
  if (field?.tag === VERSION_TAG) field = next();
  if (field?.tag !== INTEGER) return null; // serialNumber
  // signature, issuer, validity, subject: four SEQUENCEs before the key.
  for (let i = 0; i < 4; i++) {
    if (next()?.tag !== SEQUENCE) return null;
  }
  const spki = next();
  if (!spki || spki.tag !== SEQUENCE) return null;
  return certDer.subarray(spki.start, spki.end);
}
