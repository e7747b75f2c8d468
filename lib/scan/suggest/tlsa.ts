/**
 * Suggested TLSA records (RFC 7672, RFC 7671) for every MX host that presented a certificate,
 * built from the DER chain it sent:
 *
 * - `3 1 1` (DANE-EE, SPKI, SHA-256) of the leaf's key: it keeps matching across certificate
 *   renewals that reuse the key, and senders check neither names nor dates for it (RFC 7672 §3.1.1).
 * - `2 1 1` (DANE-TA) of the CA that issued the leaf, as the rollover partner (RFC 7671 §8): a
 *   new key from the same CA still matches. Only for a CA certificate the server actually sends,
 *   since senders can match DANE-TA only against presented certificates (RFC 7672 §3.1.2), and only
 *   when that record would authenticate the chain today (the chain builds to it, the leaf is for
 *   the MX name and within its dates).
 *
 * Each record is read back by our TLSA parser and matched against the presented chain with the
 * same matchTlsa the DANE check uses; a record that does not match is not offered. Pure.
 */
import { formatTlsaOwnerName } from "../checks/dane/lookup-tlsa";
import { matchTlsa } from "../checks/dane/match-tlsa";
import { classifyTlsaRecord, formatTlsaRecord, parseTlsaString, type TlsaRecord } from "../checks/dane/tlsa-record";
import { isIssuedBy, isSelfIssued, readCertificate, type Certificate } from "../x509";
import type { SuggestedTlsa, SuggestInput } from "./types";
import { absoluteName, readZoneLine } from "./zone-text";

const REJECTION: Record<string, string> = {
  chain: "the chain the server sends does not build from the leaf to it",
  name: "the certificate is not for this MX host name",
  validity: "the certificate is expired or not yet valid",
};

export function formatTlsaLine(host: string, record: TlsaRecord): string {
  return `${absoluteName(formatTlsaOwnerName(host))} IN TLSA ${formatTlsaRecord(record)}`;
}

/** Reads a suggested TLSA line back: owner (no trailing dot) and record, or null. */
export function readTlsaLine(line: string): { owner: string; record: TlsaRecord } | null {
  const read = readZoneLine(line, "TLSA");
  if (!read.ok || read.line === null || read.line.owner === undefined) return null;
  const record = parseTlsaString(read.line.rdata.join(" "));
  return record ? { owner: read.line.owner, record } : null;
}

/** The CA certificate among those sent that issued the leaf (names chain and the signature verifies); none for a self-issued leaf. */
function issuingCa(leaf: Certificate, rest: readonly Buffer[]): Certificate | null {
  if (leaf.x509 === null || isSelfIssued(leaf)) return null;
  for (const der of rest) {
    // Through the per-process cache: the STARTTLS check parsed this chain already.
    const cert = readCertificate(der);
    if (cert.x509?.ca && cert.sha256 !== leaf.sha256 && isIssuedBy(leaf, cert)) return cert;
  }
  return null;
}

/** Whether `line` reads back as `record` at the host's TLSA name and is usable for SMTP (RFC 7672 §3.1.3). */
function readsBack(line: string, host: string, record: TlsaRecord): boolean {
  const read = readTlsaLine(line);
  return (
    read !== null &&
    read.owner === formatTlsaOwnerName(host) &&
    formatTlsaRecord(read.record) === formatTlsaRecord(record) &&
    classifyTlsaRecord(read.record).usable
  );
}

/** `_25._tcp.<mx>. IN TLSA …` lines for every MX host that presented a certificate, deduplicated. */
export function suggestTlsaRecords(input: Pick<SuggestInput, "mx" | "now">): SuggestedTlsa {
  const records: string[] = [];
  const notes: string[] = [];
  const offer = (host: string, record: TlsaRecord): void => {
    const line = formatTlsaLine(host, record);
    if (!records.includes(line) && readsBack(line, host, record)) records.push(line);
  };
  for (const mx of input.mx) {
    const ee: TlsaRecord[] = [];
    const ta: TlsaRecord[] = [];
    for (const chain of mx.chains) {
      const leafDer = chain[0];
      const leaf = leafDer ? readCertificate(leafDer) : null;
      // The SPKI exactly as in the certificate (RFC 6698 §2.1.2), the digest DANE matching compares.
      const eeDigest = leaf?.spkiSha256 ?? null;
      if (!leaf || !leaf.x509 || !eeDigest) {
        notes.push(`${mx.host}: a presented certificate could not be parsed; no TLSA record for it.`);
        continue;
      }
      const options = { mxHost: mx.host, now: input.now };
      const eeRecord: TlsaRecord = { usage: 3, selector: 1, matchingType: 1, data: eeDigest };
      if (matchTlsa([eeRecord], chain, options).matches) ee.push(eeRecord);
      else notes.push(`${mx.host}: the 3 1 1 record did not match the presented certificate; not offered.`);

      const ca = issuingCa(leaf, chain.slice(1));
      const caDigest = ca?.spkiSha256 ?? null;
      if (!ca || !caDigest) {
        notes.push(`${mx.host}: the server sends no certificate of the CA that issued its certificate, so there is no 2 1 1 record (RFC 7672 §3.1.2); publish a 3 1 1 record for the next key before changing it (RFC 7671 §8.1).`);
        continue;
      }
      const taRecord: TlsaRecord = { usage: 2, selector: 1, matchingType: 1, data: caDigest };
      const match = matchTlsa([taRecord], chain, options);
      if (match.matches) ta.push(taRecord);
      else {
        const reason = match.rejected[0]?.reason;
        notes.push(`${mx.host}: no 2 1 1 record for the issuing CA: ${reason ? REJECTION[reason] : "it does not authenticate the chain"}.`);
      }
    }
    for (const record of [...ee, ...ta]) offer(mx.host, record);
  }
  return { records, notes: [...new Set(notes)] };
}
