/** What a TLS peer presented, read the same way for SMTP and HTTPS. */
import type tls from "node:tls";
import { TLS_MAX_CHAIN_CERTS } from "../defaults";

/**
 * The presented chain as DER, leaf first. The socket's context must have an empty CA store
 * (`ca: []`): with any store, Node appends a root from it that the server never sent.
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
