/**
 * Judges the DER chain a server presented into the report's `certificate` and `chain` fields
 * (docs/report-format.md, certificate fields): trust against the anchors, RFC 9525 name match,
 * dates and digests, all through lib/scan/x509. Used for SMTP endpoints and the MTA-STS policy
 * host alike; net/ only records the chain.
 */
import type { CertificateSummary, ChainEntry, Endpoint } from "../../types";
import { dnsIds, isChainTrusted, keyBits, matchesAnyDnsId, readCertificate, type Certificate, type TrustAnchors } from "../../x509";

export type ChainSummary = { certificate: CertificateSummary; chain: ChainEntry[] };

/** "CN=a\nO=b" (Node's multi-line form) → "CN=a, O=b". */
function oneLine(name: string): string {
  return name.split("\n").filter(Boolean).join(", ");
}

function toIso(text: string): string {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

/**
 * Summarizes a presented chain (leaf first) for `host`; null when OpenSSL cannot parse the leaf.
 * `trusted` ignores validity dates; `nameMatches` is RFC 9525 against `host`. Presented
 * certificates OpenSSL cannot parse are left out of `chain`, as they cannot be part of a path.
 */
export function evaluateCertificateChain(chainDer: readonly Buffer[], options: { host: string; anchors: TrustAnchors }): ChainSummary | null {
  const leafDer = chainDer[0];
  if (!leafDer) return null;
  const leaf = readCertificate(leafDer);
  if (!leaf.x509) return null;
  const presented: Certificate[] = [leaf, ...chainDer.slice(1).map((der) => readCertificate(der)).filter((cert) => cert.x509 !== null)];
  const san = dnsIds(leaf);
  const certificate: CertificateSummary = {
    subject: oneLine(leaf.x509.subject),
    issuer: oneLine(leaf.x509.issuer),
    san,
    notBefore: toIso(leaf.x509.validFrom),
    notAfter: toIso(leaf.x509.validTo),
    spkiSha256: leaf.spkiSha256 ?? "",
    keyBits: keyBits(leaf),
    trusted: isChainTrusted(presented, options.anchors),
    nameMatches: matchesAnyDnsId(san, options.host),
  };
  const chain = presented.map((cert) => ({ subject: oneLine(cert.x509?.subject ?? ""), spkiSha256: cert.spkiSha256 ?? "" }));
  return { certificate, chain };
}

/**
 * The report endpoint with its certificate fields judged from the presented chain (only when TLS
 * completed and a parsable leaf was presented). Field order stays the report's: the observed
 * address, state, detail and TLS parameters, then `certificate` and `chain`, then the rest.
 */
export function evaluateEndpointCertificate(endpoint: Endpoint, peerChain: readonly Buffer[], options: { host: string; anchors: TrustAnchors }): Endpoint {
  if (endpoint.starttls !== "ok") return endpoint;
  const summary = evaluateCertificateChain(peerChain, options);
  if (!summary) return endpoint;
  const { address, starttls, detail, tls, ...later } = endpoint;
  const judged: Endpoint = {
    address,
    starttls,
    ...(detail !== undefined ? { detail } : {}),
    ...(tls ? { tls } : {}),
    certificate: summary.certificate,
    chain: summary.chain,
    ...later,
  };
  // Assigned again in case `later` carried stale ones; assignment keeps the key order above.
  judged.certificate = summary.certificate;
  judged.chain = summary.chain;
  return judged;
}
