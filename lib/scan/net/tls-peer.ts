/** What a TLS peer presented, read the same way for SMTP and HTTPS: an observation, never judged here. */
import type tls from "node:tls";
import { TLS_MAX_CHAIN_CERTS } from "../defaults";

/**
 * The presented chain as DER, leaf first.
 *
 * getPeerX509Certificate() would give the list as sent for about half the CPU (its
 * `issuerCertificate` links follow the handshake's order), but on Node 20 it holds native memory
 * that garbage collection does not give back: one connection after another, RSS grew ~3.3 MB per
 * 1 000 sessions with it and not at all with getPeerCertificate(true), and a 30 000-domain bulk run
 * grew 22 % past its 10 000-domain mark instead of 11 %. So the chain is read through
 * getPeerCertificate(true), whose objects are plain JavaScript. It follows issuer links through
 * what the peer sent (OpenSSL's SSL_get_peer_cert_chain), so the list is in issuer order and a
 * certificate that issues nothing on the way up is left out (and, a quirk of Node 20's walk, it
 * stops when the issuer it found was the last certificate left, so a root sent before its
 * intermediate is left out too). Its cost is building one object per certificate (fingerprints,
 * key, names), so it is called once per connection and only `raw` is kept; all parsing and judging
 * happens in lib/scan/x509 and checks/, from these bytes.
 *
 * The socket's context must have an empty CA store (`ca: []`): with any store, Node appends a
 * root from it that the server never sent.
 */
export function readPeerChain(socket: tls.TLSSocket): Buffer[] {
  const chain: Buffer[] = [];
  const seen = new Set<string>();
  let cert: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (cert?.raw && chain.length < TLS_MAX_CHAIN_CERTS && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    chain.push(Buffer.from(cert.raw));
    const issuer: tls.DetailedPeerCertificate | undefined = cert.issuerCertificate;
    if (!issuer || issuer === cert) break;
    cert = issuer;
  }
  return chain;
}
