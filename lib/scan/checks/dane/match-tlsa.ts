/**
 * Does a presented certificate chain satisfy a TLSA RRset, the way a DANE SMTP client checks it
 * (RFC 7672 §3, RFC 7671 §5, RFC 6698 §2.1)? Pure and socket-free: the chain is the DER the
 * server sent, leaf first. Unusable records (tlsa-record.ts) are ignored.
 *
 * - DANE-EE(3) matches the leaf alone: its full DER (selector 0) or its SubjectPublicKeyInfo
 *   (selector 1), exactly (matching 0) or by SHA-256 (1) / SHA-512 (2). No name, no validity
 *   dates and no chain are checked: RFC 7672 §3.1.1 and RFC 7671 §5.1 tell clients to ignore
 *   them, the record alone vouches for the key.
 * - DANE-TA(2) matches a certificate the server presents as trust anchor: RFC 7672 §3.1.2
 *   requires servers to send the TA certificate in the chain, so a TA that is not presented
 *   does not match (we do not use a bare 2 1 0 key to verify signatures). The leaf may be its
 *   own TA only when it is self-issued (RFC 7671 §5.2.2); otherwise a TA is an issuer, never the
 *   leaf. From the leaf up to that TA the chain must build (signatures, via lib/scan/x509
 *   with the TA as the only anchor); the leaf's DNS-IDs must match the MX host name, the only
 *   reference identifier we use (RFC 7672 §3.2.2–§3.2.3; matched as RFC 9525 does, so a
 *   certificate without DNS-IDs does not match: its CN is not consulted); and the leaf must be
 *   within its validity period at `now`. Only the DANE-EE exemption from date checks exists
 *   (RFC 7672 §3.1.1); the TA itself is an input to path validation, not a path certificate,
 *   so its own dates are not checked (RFC 5280 §6.1.1 (d)). Dates of intermediates below the
 *   TA are not checked either (the path builder does not return the path; a limitation).
 */
import {
  associationDigest,
  dnsIds,
  isChainTrusted,
  isSelfIssued,
  isWithinValidity,
  matchesAnyDnsId,
  readCertificate,
  trustAnchorsOf,
  type Certificate,
} from "../../x509";
import { classifyTlsaRecord, formatTlsaRecord, TLSA_MATCHING, TLSA_SELECTOR, TLSA_USAGE, type TlsaRecord } from "./tlsa-record";

/** The spec's `endpoints[].dane`: whether any record matched, and which ones (spec strings). */
export type DaneMatch = { matches: boolean; matched: string[] };

/** Why a DANE-TA record whose data matched a presented certificate still failed. */
export type TaRejectionReason = "chain" | "name" | "validity";
export type TaRejection = { record: string; reason: TaRejectionReason };

/** DaneMatch plus evidence about DANE-TA records that matched a certificate but were rejected. */
export type TlsaMatchResult = DaneMatch & { rejected: TaRejection[] };

export type MatchTlsaOptions = { mxHost: string; now: Date };

/**
 * RFC 6698 §2.1: the selector picks the bytes (the full DER, or the SubjectPublicKeyInfo exactly
 * as it appears in the certificate, RFC 7671 §5.1), the matching type how they are compared.
 * Digests come from lib/scan/x509, the same ones the report and the suggestions carry.
 */
export function tlsaMatchesCertificate(rec: TlsaRecord, cert: Certificate): boolean {
  const data = rec.selector === TLSA_SELECTOR.CERT ? cert.der : cert.spki;
  if (data === null) return false;
  // The two SHA-256 digests are already computed for every parsed certificate.
  const expected = rec.data.toLowerCase();
  if (rec.matchingType === TLSA_MATCHING.SHA256) return (rec.selector === TLSA_SELECTOR.CERT ? cert.sha256 : cert.spkiSha256) === expected;
  return associationDigest(data, rec.matchingType) === expected;
}

/** Same certificate, or same subject and key: such a "CA" would make the leaf its own anchor. */
function standsForLeaf(cert: Certificate, leaf: Certificate): boolean {
  if (cert.sha256 === leaf.sha256) return true;
  return cert.x509 !== null && leaf.x509 !== null && cert.x509.subject === leaf.x509.subject && cert.spki !== null && leaf.spki !== null && cert.spki.equals(leaf.spki);
}

/** First reason the TA `anchor` fails for this chain, or null when it authenticates the leaf. */
function checkTrustAnchor(anchor: Certificate, presented: Certificate[], options: MatchTlsaOptions): TaRejectionReason | null {
  const leaf = presented[0]!;
  if (!isChainTrusted(presented, trustAnchorsOf([anchor]))) return "chain";
  if (!matchesAnyDnsId(dnsIds(leaf), options.mxHost)) return "name";
  if (!isWithinValidity(leaf, options.now)) return "validity";
  return null;
}

/**
 * Which usable records the chain satisfies. An empty chain matches nothing.
 * `matched` lists records in the order given, as spec strings.
 */
export function matchTlsa(records: readonly TlsaRecord[], presentedChainDer: readonly Buffer[], options: MatchTlsaOptions): TlsaMatchResult {
  const matched: string[] = [];
  const rejected: TaRejection[] = [];
  const leafDer = presentedChainDer[0];
  if (!leafDer) return { matches: false, matched, rejected };
  // DANE-EE needs only the leaf's bytes (our own DER walk), so it works even where OpenSSL
  // refuses the certificate; DANE-TA needs signatures, names and dates, so OpenSSL's parse.
  const leaf = readCertificate(leafDer);
  const presented = [leaf, ...presentedChainDer.slice(1).map((der) => readCertificate(der)).filter((cert) => cert.x509 !== null)];
  // The leaf can be a TA only when self-issued; any other TA candidate is a certificate above it.
  const taCandidates = leaf.x509 === null ? [] : [...(isSelfIssued(leaf) ? [leaf] : []), ...presented.slice(1).filter((cert) => !standsForLeaf(cert, leaf))];

  for (const rec of records) {
    if (!classifyTlsaRecord(rec).usable) continue;
    const text = formatTlsaRecord(rec);
    if (matched.includes(text)) continue;
    if (rec.usage === TLSA_USAGE.DANE_EE) {
      if (tlsaMatchesCertificate(rec, leaf)) matched.push(text);
      continue;
    }
    let firstReason: TaRejectionReason | null = null;
    let ok = false;
    for (const candidate of taCandidates) {
      if (!tlsaMatchesCertificate(rec, candidate)) continue;
      const reason = checkTrustAnchor(candidate, presented, options);
      if (reason === null) {
        ok = true;
        break;
      }
      firstReason ??= reason;
    }
    if (ok) matched.push(text);
    else if (firstReason !== null) rejected.push({ record: text, reason: firstReason });
  }
  return { matches: matched.length > 0, matched, rejected };
}
