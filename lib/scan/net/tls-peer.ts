/** What a TLS peer presented, read the same way for SMTP and HTTPS: an observation, never judged here. */
import type tls from "node:tls";
import { TLS_MAX_CHAIN_CERTS } from "../defaults";
import { readCertificate, type Certificate } from "../x509";

/**
 * The presented chain as DER, leaf first, then each certificate's issuer among what the peer sent.
 *
 * getPeerX509Certificate() gives the certificates as the peer sent them (the leaf, then each
 * `issuerCertificate` is simply the next one in the handshake's list, OpenSSL's
 * SSL_get_peer_cert_chain). It costs about half of getPeerCertificate(true), which builds an
 * object tree per certificate (three fingerprints, the key, parsed names) that nothing here reads.
 * The list is then put in issuer order the way getPeerCertificate(true) did, so reports keep their
 * meaning: from the leaf, repeatedly the first remaining certificate that names the current one's
 * issuer (X509_check_issued: names, key identifiers, key usage; no signature check), until none
 * does. A certificate that issues nothing on the way up is left out, and one sent twice is kept once.
 * (Node 20's own walk also stopped early when the issuer it found was the last certificate left, so
 * a root sent before its intermediate was dropped; here it is kept.)
 * Parsing goes through lib/scan/x509's cache, where the checks find the same certificates again.
 *
 * The socket's context must have an empty CA store (`ca: []`): with any store, Node could put
 * a certificate from it into what the peer "sent".
 */
export function readPeerChain(socket: tls.TLSSocket): Buffer[] {
  const sent: Buffer[] = [];
  // Each issuerCertificate was built with the leaf; the walk ends at the last certificate sent.
  for (let cert = socket.getPeerX509Certificate(); cert; cert = cert.issuerCertificate) sent.push(cert.raw);
  return inIssuerOrder(sent);
}

/** `sent` (leaf first, as received) reordered and filtered as readPeerChain describes. */
function inIssuerOrder(sent: readonly Buffer[]): Buffer[] {
  const leaf = sent[0];
  if (!leaf) return [];
  if (sent.length === 1) return [leaf];
  const chain: Buffer[] = [leaf];
  const inChain = [readCertificate(leaf)];
  const rest = sent.slice(1).map((der) => ({ der, cert: readCertificate(der) }));
  let current = inChain[0]!;
  while (chain.length < TLS_MAX_CHAIN_CERTS) {
    const i = rest.findIndex(({ cert }) => names(cert, current));
    if (i < 0) break;
    const [next] = rest.splice(i, 1);
    if (inChain.some((c) => c.sha256 === next!.cert.sha256)) break;
    chain.push(next!.der);
    inChain.push(next!.cert);
    current = next!.cert;
  }
  return chain;
}

/** `issuer` is named as `child`'s issuer (OpenSSL's X509_check_issued(issuer, child)). */
function names(issuer: Certificate, child: Certificate): boolean {
  try {
    return issuer.x509 !== null && child.x509 !== null && child.x509.checkIssued(issuer.x509);
  } catch {
    return false;
  }
}
