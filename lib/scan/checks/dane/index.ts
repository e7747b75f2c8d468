/**
 * DANE for SMTP (RFC 7672) and the DNSSEC it stands on: TLSA lookups per MX host, matching against
 * the chains the STARTTLS probe saw, and the `checks.dane` area with its dnssec-* and dane-* findings.
 */
import type { DnsClient } from "../../net/dns-types";
import { evaluateDnssec, type DnssecEvaluation } from "../dnssec/evaluate-dnssec";
import type { MxHostObservation, MxObservation } from "../mx/lookup-mx";
import type { ProbedHost } from "../starttls/probe-hosts";
import { evaluateDane, type DaneHostEvaluation } from "./evaluate-dane";
import { lookupTlsa, type TlsaLookup } from "./lookup-tlsa";
import { matchTlsa } from "./match-tlsa";

export { evaluateDane, isProtectedByDane, type DaneHostEvaluation, type DaneHostState } from "./evaluate-dane";
export { lookupTlsa, type TlsaLookup } from "./lookup-tlsa";

/** The TLSA set of every MX host (`_25._tcp.<host>`, RFC 7672 §2.2), in host order. */
export function lookupTlsaSets(dns: DnsClient, hosts: readonly MxHostObservation[], options: { signal?: AbortSignal } = {}): Promise<TlsaLookup[]> {
  return Promise.all(hosts.map((h) => lookupTlsa(dns, h.host, options)));
}

export type DaneCheckInput = {
  domain: string;
  mx: MxObservation;
  /** lookupTlsaSets, one per MX host in `mx` order. */
  tlsa: readonly TlsaLookup[];
  /** The STARTTLS probe, one per MX host in `mx` order: the chains the records are matched against. */
  probed: readonly ProbedHost[];
  /** Whether the resolver validates DNSSEC (DnsClient.isValidating): without it nothing is judged. */
  resolverValidating: boolean;
  now: Date;
};

/** Per MX host DANE, and the domain's `checks.dane` with the dnssec-* findings. */
export type DaneCheck = { hosts: DaneHostEvaluation[]; dnssec: DnssecEvaluation };

/** Judges DANE per MX host from its TLSA set and the presented chains, then the DNSSEC it relies on. */
export function checkDane(input: DaneCheckInput): DaneCheck {
  const { mx, tlsa, probed, resolverValidating, now } = input;
  const mxHosts = mx.kind === "mx" || mx.kind === "implicit" ? mx.hosts : [];
  const hosts = mxHosts.map((h, i) => {
    const lookup = tlsa[i]!;
    return evaluateDane({
      host: h.host,
      addressDnssec: h.dnssec,
      tlsa: lookup,
      resolverValidating,
      endpoints: probed[i]!.endpoints.map(({ endpoint, peerChain }) => ({
        address: endpoint.address,
        starttls: endpoint.starttls,
        ...(peerChain.length > 0 && lookup.records.length > 0 ? { match: matchTlsa(lookup.records, peerChain, { mxHost: h.host, now }) } : {}),
      })),
    });
  });
  const dnssec = evaluateDnssec({ domain: input.domain, resolverValidating, mx: mx.kind, domainDnssec: mx.dnssec, hosts });
  // An inconclusive area says why (`checks.dane.error`, like the other areas): usable records
  // that were never compared with a certificate because no connection succeeded (RFC 7672 §3).
  const unverified = hosts.filter((h) => h.state === "protected-unverified").map((h) => h.host);
  if (dnssec.check.status === "error" && resolverValidating && unverified.length > 0) {
    const error = `no connection to ${unverified.join(", ")} succeeded, so the TLSA records were not compared with a presented certificate`;
    return { hosts, dnssec: { ...dnssec, check: { ...dnssec.check, error } } };
  }
  return { hosts, dnssec };
}
