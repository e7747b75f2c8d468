/**
 * Does a presented certificate chain build to a trust anchor? Deterministic and socket-free: the
 * anchors are passed in (net/trust-store.ts loads them; ScanDeps.anchors carries them to the
 * checks).
 *
 * Validity dates are ignored on purpose: the report's `trusted` is about the path only, and
 * expiry is reported separately as cert-expired. This is path *building* (issuer name and key
 * identifiers via OpenSSL's X509_check_issued, signatures, CA flag, server-auth EKU on the leaf),
 * not a full RFC 5280 §6 validation: policies and name constraints are not processed.
 */
import { CERT_MAX_PATH_DEPTH } from "../defaults";
import { pemToDer, readCertificate, type Certificate } from "./certificate";

export type TrustAnchors = {
  readonly certificates: readonly Certificate[];
  /** DER digest of every anchor, and subject + SPKI digest, for a quick "is this an anchor?" */
  readonly identities: ReadonlySet<string>;
};

const SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
const ANY_EKU = "2.5.29.37.0";

function identity(cert: Certificate): string | null {
  return cert.x509 && cert.spkiSha256 ? `${cert.x509.subject}\n#${cert.spkiSha256}` : null;
}

/** Builds an anchor set from PEM/DER certificates; duplicates and certificates OpenSSL refuses are dropped. */
export function createTrustAnchors(inputs: Iterable<string | Buffer>): TrustAnchors {
  const certificates: Certificate[] = [];
  for (const input of inputs) {
    const der = typeof input === "string" ? pemToDer(input) : input;
    // Anchors live as long as the process: kept out of the LRU of presented certificates.
    if (der) certificates.push(readCertificate(der, { cache: false }));
  }
  return trustAnchorsOf(certificates);
}

/** An anchor set of certificates already parsed (a DANE-TA candidate from a presented chain). */
export function trustAnchorsOf(certs: Iterable<Certificate>): TrustAnchors {
  const identities = new Set<string>();
  const certificates: Certificate[] = [];
  for (const cert of certs) {
    // An anchor must verify signatures, which needs OpenSSL's parse.
    if (!cert.x509 || identities.has(cert.sha256)) continue;
    certificates.push(cert);
    identities.add(cert.sha256);
    const id = identity(cert);
    if (id) identities.add(id);
  }
  return { certificates, identities };
}

/** Verdicts of isIssuedBy per (child, parent) object pair: a signature check costs ~0.05 ms. */
const issuedVerdicts = new WeakMap<Certificate, WeakMap<Certificate, boolean>>();

/** `parent` names `child`'s issuer and its key verifies `child`'s signature (false when either cannot be checked). */
export function isIssuedBy(child: Certificate, parent: Certificate): boolean {
  let verdicts = issuedVerdicts.get(child);
  const known = verdicts?.get(parent);
  if (known !== undefined) return known;
  let verdict = false;
  try {
    verdict = child.x509 !== null && parent.x509 !== null && child.x509.checkIssued(parent.x509) && child.x509.verify(parent.x509.publicKey);
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
function isAnchor(cert: Certificate, anchors: TrustAnchors): boolean {
  if (anchors.identities.has(cert.sha256)) return true;
  const id = identity(cert);
  return id !== null && anchors.identities.has(id);
}

function allowsServerAuth(leaf: Certificate): boolean {
  // RFC 5280 §4.2.1.12: with an EKU extension present, the key is only for the listed purposes.
  const usages = leaf.x509?.keyUsage;
  return !usages || usages.length === 0 || usages.includes(SERVER_AUTH) || usages.includes(ANY_EKU);
}

/**
 * True when the leaf (presented[0]) reaches an anchor through presented CA certificates, in any
 * order the server sent them, ignoring validity dates.
 */
export function isChainTrusted(presented: readonly Certificate[], anchors: TrustAnchors): boolean {
  const leaf = presented[0];
  if (!leaf?.x509 || !allowsServerAuth(leaf)) return false;
  const intermediates = presented.slice(1).filter((cert) => cert.x509?.ca === true);

  const reach = (cert: Certificate, depth: number, used: Set<string>): boolean => {
    if (isAnchor(cert, anchors)) return true;
    if (depth >= CERT_MAX_PATH_DEPTH) return false;
    if (anchors.certificates.some((anchor) => isIssuedBy(cert, anchor))) return true;
    for (const next of intermediates) {
      if (used.has(next.sha256) || !isIssuedBy(cert, next)) continue;
      used.add(next.sha256);
      if (reach(next, depth + 1, used)) return true;
      used.delete(next.sha256);
    }
    return false;
  };
  return reach(leaf, 0, new Set([leaf.sha256]));
}
