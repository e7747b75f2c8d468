/**
 * DANE verdict for one MX host (RFC 7672): its `mx[].tlsa` summary, the `dane` field of each
 * endpoint, the dane-* findings and whether DANE protects it. Pure: the TLSA lookup and the
 * per-endpoint match results (match-tlsa.ts) come in as data.
 *
 * The order mirrors what a DANE sender does (RFC 7672 §2.2): nothing is judged without a
 * validating resolver (spec "Resolver trust"); bogus data is dnssec-bogus (evaluate-dnssec.ts);
 * TLSA records only count when the host's address records are secure (§2.2.3) and the TLSA
 * answer itself is (§2.2); then only usable records count (§3.1.3, RFC 7671 §4.1); and each
 * address reached must present a chain some usable record matches (§3). Unreachable,
 * rate-limited, blocked and skipped endpoints are inconclusive: they neither match nor fail, and
 * a host with none reached is "protected-unverified" (published, match unknown).
 */
import { makeFinding } from "../../findings";
import type { DnsDnssec } from "../../net/dns-types";
import type { DaneHostState, DnssecState, Finding, StarttlsState } from "../../types";
import type { TlsaLookup } from "./lookup-tlsa";
import type { DaneMatch, TaRejection } from "./match-tlsa";
import { abbreviateTlsa, classifyTlsaRecord, formatTlsaRecord, parseTlsaString, TLSA_USAGE } from "./tlsa-record";

export type DaneEndpointInput = {
  address: string;
  starttls: StarttlsState;
  /** matchTlsa() over the chain this endpoint presented; absent when no chain was seen. */
  match?: DaneMatch & { rejected?: readonly TaRejection[] };
};

export type DaneHostInput = {
  host: string;
  /** DNSSEC state of the host's A/AAAA answers (lookup-mx.ts). */
  addressDnssec: DnsDnssec;
  tlsa: TlsaLookup;
  endpoints: readonly DaneEndpointInput[];
  /** Whether the resolver validates (DnsClient.isValidating). */
  resolverValidating: boolean;
};

export type { DaneHostState };

export type DaneHostEvaluation = {
  host: string;
  state: DaneHostState;
  addressDnssec: DnsDnssec;
  /** `mx[].tlsa`; absent when the lookup failed (nothing is known). */
  tlsa?: { records: string[]; dnssec: DnssecState; usable: boolean };
  /** The `dane` field of each endpoint, by address; absent for hosts without TLSA records and for endpoints not reached. */
  endpoints: { address: string; dane?: DaneMatch }[];
  /** How many endpoints were reached (STARTTLS ok, not offered, or failed). */
  endpointsReached: number;
  findings: Finding[];
  /**
   * Severity context (spec): protected, and every address that matched did so with a DANE-EE
   * (3 x x) record, so senders ignore certificate names and dates (RFC 7672 §3.1.1).
   */
  daneEeOnly: boolean;
};

const REACHED: ReadonlySet<StarttlsState> = new Set(["ok", "not-offered", "failed"]);

const usageOf = (record: string): number | undefined => parseTlsaString(record)?.usage;

function endpointDane(e: DaneEndpointInput): DaneMatch | undefined {
  if (e.starttls === "ok") return { matches: e.match?.matches ?? false, matched: [...(e.match?.matched ?? [])] };
  // RFC 7672 §2.2: with usable TLSA records TLS is mandatory, so no handshake is no match.
  if (e.starttls === "not-offered" || e.starttls === "failed") return { matches: false, matched: [] };
  return undefined;
}

function describeEndpoint(e: DaneEndpointInput, dane: DaneMatch): string {
  if (e.starttls === "not-offered") return `${e.address}: STARTTLS not offered`;
  if (e.starttls === "failed") return `${e.address}: STARTTLS or the TLS handshake failed`;
  if (dane.matches) return `${e.address}: matched ${dane.matched.map(abbreviateTlsa).join(", ")}`;
  const why = (e.match?.rejected ?? []).map((r) => `${abbreviateTlsa(r.record)} names a presented CA but ${REJECTION_TEXT[r.reason]}`);
  return `${e.address}: the presented chain matches no record${why.length ? ` (${why.join("; ")})` : ""}`;
}

const REJECTION_TEXT: Record<TaRejection["reason"], string> = {
  chain: "the chain does not build from the leaf to it",
  name: "the leaf certificate is not for this host name",
  validity: "the leaf certificate is expired or not yet valid",
};

/**
 * RFC 7671 §8.1: a key or certificate change keeps DANE working only if a record for the next
 * key (or a DANE-TA record for the issuing CA) is published beforehand. Risk = at least one usable
 * record, every one of them is DANE-EE and matches what is presented now (no spare record).
 * Unknown, so false, when no endpoint presented a chain.
 */
export function hasRolloverRisk(usableRecords: readonly string[], endpointMatches: readonly DaneMatch[]): boolean {
  if (usableRecords.length === 0 || endpointMatches.length === 0) return false;
  const current = new Set(endpointMatches.flatMap((m) => m.matched));
  return usableRecords.every((r) => usageOf(r) === TLSA_USAGE.DANE_EE && current.has(r));
}

/**
 * True when DANE protects the host: authenticated, usable records and no reached address failed to
 * match — also when no address was reached ("protected-unverified"): protection is judged from
 * what is published and valid, not from reachability (spec, finding catalogue).
 */
export function isProtectedByDane(evaluation: Pick<DaneHostEvaluation, "state">): boolean {
  return evaluation.state === "protected" || evaluation.state === "protected-unverified";
}

export function evaluateDane(input: DaneHostInput): DaneHostEvaluation {
  const { host, addressDnssec, tlsa: lookup } = input;
  const hasRecords = lookup.records.length > 0;
  const usableRecords = lookup.records.filter((r) => classifyTlsaRecord(r).usable).map(formatTlsaRecord);
  const authenticated = lookup.outcome === "present" && lookup.dnssec === "secure" && addressDnssec === "secure";
  const endpoints = input.endpoints.map((e) => {
    const dane = hasRecords ? endpointDane(e) : undefined;
    return dane ? { address: e.address, dane } : { address: e.address };
  });
  const result: DaneHostEvaluation = {
    host,
    state: "not-applicable",
    addressDnssec,
    ...(lookup.outcome === "unknown" ? {} : { tlsa: { records: [...lookup.strings], dnssec: lookup.dnssec, usable: authenticated && usableRecords.length > 0 } }),
    endpoints,
    endpointsReached: input.endpoints.filter((e) => REACHED.has(e.starttls)).length,
    findings: [],
    daneEeOnly: false,
  };
  const done = (state: DaneHostState, findings: Finding[] = []): DaneHostEvaluation => ({ ...result, state, findings });
  const finding = (id: Parameters<typeof makeFinding>[0], detail: string) => makeFinding(id, { host, detail });

  // Spec "Resolver trust": an unvalidated answer never becomes "not signed".
  if (!input.resolverValidating) return done("unverifiable");
  if (addressDnssec === "bogus" || lookup.outcome === "bogus") return done("bogus");
  if (addressDnssec !== "secure") {
    if (lookup.outcome !== "present") return done("not-applicable");
    // RFC 7672 §2.2.3: senders look TLSA up only for hosts whose address records are secure.
    return done("insecure-tlsa", [
      finding("dane-tlsa-insecure", `${lookup.name} has ${lookup.strings.length} TLSA record(s), but the address records of ${host} are not DNSSEC-authenticated, so senders do not use them.`),
    ]);
  }
  if (lookup.outcome === "unknown") return done("lookup-failed");
  if (lookup.outcome === "absent") {
    // A host with no address at all is mx-host-unresolvable; "add TLSA" would be the wrong advice.
    if (input.endpoints.length === 0) return done("no-tlsa");
    return done("no-tlsa", [finding("dane-missing", `The address records of ${host} are DNSSEC-authenticated, but ${lookup.name} has no TLSA records.`)]);
  }
  if (lookup.dnssec !== "secure") {
    return done("insecure-tlsa", [
      finding("dane-tlsa-insecure", `${lookup.name} has ${lookup.strings.length} TLSA record(s), but the answer is not DNSSEC-authenticated${lookup.cnames.length ? ` (reached through ${lookup.cnames.join(" → ")})` : ""}, so senders ignore them.`),
    ]);
  }
  if (usableRecords.length === 0) {
    const reasons = lookup.records.map((r) => {
      const c = classifyTlsaRecord(r);
      return `${abbreviateTlsa(formatTlsaRecord(r))}: ${c.usable ? "usable" : c.message}`;
    });
    return done("unusable", [finding("dane-tlsa-unusable", `No TLSA record at ${lookup.name} is usable for SMTP: ${reasons.join("; ")}.`)]);
  }

  const reached = input.endpoints.filter((e) => REACHED.has(e.starttls));
  // No address reached: the records are published and valid, but nothing was compared with them
  // (RFC 7672 §3 matches against the chain the server presents). Inconclusive, not "protected"
  // (no pass, no "matching" claim) and not "mismatch" (an unreachable MX is never a failure).
  if (reached.length === 0) return done("protected-unverified");
  const judged = reached.map((e) => ({ e, dane: endpointDane(e)! }));
  if (judged.some(({ dane }) => !dane.matches)) {
    const evidence = judged.map(({ e, dane }) => describeEndpoint(e, dane));
    return done("mismatch", [
      finding("dane-tlsa-mismatch", `Usable TLSA records at ${lookup.name}: ${usableRecords.map(abbreviateTlsa).join(", ")}. ${evidence.join("; ")}.`),
    ]);
  }

  const presentedMatches = judged.filter(({ e }) => e.starttls === "ok").map(({ dane }) => dane);
  const findings: Finding[] = [];
  if (hasRolloverRisk(usableRecords, presentedMatches)) {
    findings.push(
      finding("dane-rollover-risk", `Every usable TLSA record at ${lookup.name} (${usableRecords.map(abbreviateTlsa).join(", ")}) matches only the key or certificate presented now: there is no record for a next key and no DANE-TA record for the issuing CA.`),
    );
  }
  const daneEeOnly = presentedMatches.length > 0 && presentedMatches.every((m) => m.matched.some((r) => usageOf(r) === TLSA_USAGE.DANE_EE));
  return { ...done("protected", findings), daneEeOnly };
}
