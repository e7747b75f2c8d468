/**
 * Does a presented certificate chain build to a trust anchor? Deterministic and socket-free:
 * the anchors are passed in (see net/trust-store.ts for where they come from).
 *
 * Validity dates are ignored on purpose: the spec's `trusted` is about the path only, and
 * expiry is reported separately as cert-expired. This is path *building* (issuer name and key
 * identifiers via OpenSSL's X509_check_issued, signatures, CA flag, server-auth EKU on the
 * leaf), not a full RFC 5280 §6 validation: policies and name constraints are not processed.
 */
import { createHash, X509Certificate } from "node:crypto";
import { CERT_MAX_PATH_DEPTH } from "../../defaults";

export type TrustAnchors = {
  readonly certificates: readonly X509Certificate[];
  /** subject + SPKI digest of every anchor, and their fingerprints, for quick "is this an anchor?" */
  readonly identities: ReadonlySet<string>;
};

const SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
const ANY_EKU = "2.5.29.37.0";

/**
 * Certificates parsed from bytes, by content, most recently used last. Servers present the same
 * certificates over and over (shared MX providers, common intermediates), and OpenSSL 3 takes
 * ~0.1 ms to parse one; X509Certificate objects are immutable, so one object can serve every scan.
 */
const parsedCertificates = new Map<string, X509Certificate>();
const PARSED_CERTIFICATES_MAX = 1_024;

/** `new X509Certificate(der)` through a per-process cache; throws as the constructor does. */
export function parseCertificate(der: Buffer): X509Certificate {
  const key = der.toString("latin1");
  const known = parsedCertificates.get(key);
  if (known) {
    parsedCertificates.delete(key);
    parsedCertificates.set(key, known);
    return known;
  }
  const cert = new X509Certificate(der);
  parsedCertificates.set(key, cert);
  if (parsedCertificates.size > PARSED_CERTIFICATES_MAX) parsedCertificates.delete(parsedCertificates.keys().next().value as string);
  return cert;
}

/** Parses DER or PEM certificates, skipping any that do not parse. */
export function parseCertificates(inputs: Iterable<string | Buffer>): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const input of inputs) {
    try {
      out.push(typeof input === "string" ? new X509Certificate(input) : parseCertificate(input));
    } catch {
      // An unparsable certificate cannot be part of a path; the others still count.
    }
  }
  return out;
}

/** Builds an anchor set from PEM/DER certificates (duplicates dropped). */
export function createTrustAnchors(inputs: Iterable<string | Buffer>): TrustAnchors {
  const identities = new Set<string>();
  const certificates: X509Certificate[] = [];
  for (const cert of parseCertificates(inputs)) {
    if (identities.has(cert.fingerprint256)) continue;
    certificates.push(cert);
    identities.add(cert.fingerprint256);
    const spki = safeSpki(cert);
    if (spki) identities.add(identity(cert, spki));
  }
  return { certificates, identities };
}

/** Splits a PEM bundle (like the file NODE_EXTRA_CA_CERTS names) into single certificates. */
export function splitPemBundle(bundle: string): string[] {
  return bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** Digests already computed, per certificate object (exporting the key costs ~0.1 ms in OpenSSL 3). */
const spkiDigests = new WeakMap<X509Certificate, string>();

/** Hex SHA-256 of the DER SubjectPublicKeyInfo (the TLSA 3 1 1 / 2 1 1 digest, RFC 6698 §2.1). */
export function spkiSha256(cert: X509Certificate): string {
  const known = spkiDigests.get(cert);
  if (known !== undefined) return known;
  const spki = cert.publicKey.export({ type: "spki", format: "der" });
  const digest = createHash("sha256").update(spki).digest("hex");
  spkiDigests.set(cert, digest);
  return digest;
}

function safeSpki(cert: X509Certificate): string | null {
  try {
    return spkiSha256(cert);
  } catch {
    return null;
  }
}

/** Verdicts of isIssuedBy per (child, parent) object pair: a signature check costs ~0.05 ms. */
const issuedVerdicts = new WeakMap<X509Certificate, WeakMap<X509Certificate, boolean>>();

/** `parent` names `child`'s issuer and its key verifies `child`'s signature (false when either cannot be checked). */
export function isIssuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  let verdicts = issuedVerdicts.get(child);
  const known = verdicts?.get(parent);
  if (known !== undefined) return known;
  let verdict: boolean;
  try {
    verdict = child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    // Unsupported key or signature algorithm: not a path we can vouch for.
    verdict = false;
  }
  if (!verdicts) issuedVerdicts.set(child, (verdicts = new WeakMap()));
  verdicts.set(parent, verdict);
  return verdict;
}

/**
 * An anchor "is" a certificate when it is the same certificate, or the same subject with the
 * same key: a cross-signed intermediate stands for the root it was re-issued as (what OpenSSL
 * does by preferring trusted certificates while building, X509_V_FLAG_TRUSTED_FIRST).
 */
function isAnchor(cert: X509Certificate, anchors: TrustAnchors): boolean {
  if (anchors.identities.has(cert.fingerprint256)) return true;
  const spki = safeSpki(cert);
  return spki !== null && anchors.identities.has(identity(cert, spki));
}

function identity(cert: X509Certificate, spki: string): string {
  return `${cert.subject}\n#${spki}`;
}

function allowsServerAuth(leaf: X509Certificate): boolean {
  // RFC 5280 §4.2.1.12: with an EKU extension present, the key is only for the listed purposes.
  const usages = leaf.keyUsage;
  return !usages || usages.length === 0 || usages.includes(SERVER_AUTH) || usages.includes(ANY_EKU);
}

/**
 * True when the leaf (presented[0]) reaches an anchor through presented CA certificates, in any
 * order the server sent them, ignoring validity dates.
 */
export function isChainTrusted(presented: readonly X509Certificate[], anchors: TrustAnchors): boolean {
  const leaf = presented[0];
  if (!leaf || !allowsServerAuth(leaf)) return false;
  const intermediates = presented.slice(1).filter((cert) => cert.ca);

  const reach = (cert: X509Certificate, depth: number, used: Set<string>): boolean => {
    if (isAnchor(cert, anchors)) return true;
    if (depth >= CERT_MAX_PATH_DEPTH) return false;
    if (anchors.certificates.some((anchor) => isIssuedBy(cert, anchor))) return true;
    for (const next of intermediates) {
      if (used.has(next.fingerprint256) || !isIssuedBy(cert, next)) continue;
      used.add(next.fingerprint256);
      if (reach(next, depth + 1, used)) return true;
      used.delete(next.fingerprint256);
    }
    return false;
  };
  return reach(leaf, 0, new Set([leaf.fingerprint256]));
}
