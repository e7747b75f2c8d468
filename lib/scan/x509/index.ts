/**
 * The scanner's one X.509 module, pure: parsing (with a per-process cache), the SPKI bytes and
 * every key/certificate digest, RFC 9525 name matching, path building to trust anchors, key
 * sizes. net/ only records the DER a peer presented; checks/ judge it through this module.
 */
export { isSelfIssued, isWithinValidity, pemToDer, readCertificate, spkiSha256Of, splitPemBundle, type Certificate } from "./certificate";
export { createTrustAnchors, isChainTrusted, isIssuedBy, trustAnchorsOf, type TrustAnchors } from "./chain";
export { extractSpkiDer } from "./der";
export { associationDigest, sha256Hex } from "./digest";
export { keyBits } from "./key";
export { dnsIds, matchesAnyDnsId, matchesDnsId, parseSanDnsNames } from "./names";
