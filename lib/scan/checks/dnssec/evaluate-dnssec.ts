/**
 * Domain-level DNSSEC findings and the `checks.dane` entry. Pure: the DNS observations and the
 * per-host DANE evaluations (checks/dane/evaluate-dane.ts) come in as data.
 *
 * - dnssec-unverifiable: the resolver does not validate (spec "Resolver trust"). It is then the
 *   only DNSSEC or DANE finding, `checks.dane.status` is "error" and `checks.dane.dnssec` is left
 *   out: without the AD bit of a validating resolver, signed and unsigned answers look alike
 *   (RFC 4035 §3.2.3, §4.9.3).
 * - dnssec-bogus: the domain's answer, or an MX host's address or TLSA answer, failed
 *   validation (RFC 4035 §5.5): validating senders get SERVFAIL. One finding for the domain,
 *   one per MX host concerned (with `host`).
 * - dnssec-missing: the domain's answer is insecure. Only a definite answer (MX records, a null
 *   MX, NODATA) says so; a failed lookup claims nothing, and a name that does not exist has
 *   nothing to sign.
 */
import { makeFinding } from "../../findings";
import type { DnsDnssec } from "../../net/dns-types";
import type { CheckStatus, DnssecState, Finding } from "../../types";
import type { MxObservation } from "../mx/lookup-mx";
import type { DaneHostEvaluation } from "../dane/evaluate-dane";

export type DnssecInput = {
  domain: string;
  resolverValidating: boolean;
  /** What the domain's MX lookup found (lookup-mx.ts). */
  mx: MxObservation["kind"];
  /** DNSSEC state of the domain's MX answer (or its denial). */
  domainDnssec: DnsDnssec;
  /** One evaluation per MX host (implicit MX included); empty for null MX and NXDOMAIN. */
  hosts: readonly DaneHostEvaluation[];
};

/** `dnssec` is the domain's state; absent when it is not known (resolver not validating, MX lookup failed). */
export type DaneCheck = { status: CheckStatus; dnssec?: DnssecState; error?: string };

export type DnssecEvaluation = {
  /** dnssec-* findings; the dane-* ones are on the host evaluations. */
  findings: Finding[];
  /** `checks.dane`. */
  check: DaneCheck;
};

const DEFINITE_ANSWER: ReadonlySet<MxObservation["kind"]> = new Set(["mx", "implicit", "null-mx"]);

function bogusParts(h: DaneHostEvaluation, domainReported: boolean): string[] {
  const parts: string[] = [];
  // The implicit MX is the domain itself: with the domain already bogus, its addresses add nothing.
  if (h.addressDnssec === "bogus" && !domainReported) parts.push(`the address records of ${h.host}`);
  if (h.tlsa?.dnssec === "bogus") parts.push(`the TLSA records at _25._tcp.${h.host}`);
  return parts;
}

/** dnssec-* findings for the domain and its MX hosts. */
export function evaluateDnssecFindings(input: DnssecInput): Finding[] {
  if (!input.resolverValidating) {
    return [makeFinding("dnssec-unverifiable", { detail: `The resolver returned no DNSSEC-authenticated answer for the root or the top-level domain of ${input.domain}, so it does not validate; DNSSEC and DANE were not judged.` })];
  }
  const findings: Finding[] = [];
  if (input.domainDnssec === "bogus") {
    findings.push(makeFinding("dnssec-bogus", { detail: `DNSSEC validation fails for the MX records of ${input.domain}: a validating resolver answers SERVFAIL while a checking-disabled query succeeds.` }));
  } else if (input.domainDnssec === "insecure" && DEFINITE_ANSWER.has(input.mx)) {
    findings.push(makeFinding("dnssec-missing", { detail: `The MX answer for ${input.domain} is not DNSSEC-authenticated (the zone is unsigned or has no DS at its parent).` }));
  }
  for (const h of input.hosts) {
    const parts = bogusParts(h, input.domainDnssec === "bogus" && h.host === input.domain);
    if (parts.length === 0) continue;
    findings.push(makeFinding("dnssec-bogus", { host: h.host, detail: `DNSSEC validation fails for ${parts.join(" and ")}: validating senders get SERVFAIL and cannot deliver to this MX.` }));
  }
  return findings;
}

/**
 * `checks.dane.status`, first rule that applies:
 * 1. error   — the resolver does not validate, or the MX lookup failed (could not test).
 * 2. n/a     — the domain accepts no mail: null MX, NXDOMAIN, or no MX host at all.
 * 3. fail    — DNSSEC is bogus for the domain or any MX host, or an MX host's usable TLSA
 *              records do not match what it presents: validating / DANE senders cannot deliver.
 * 4. pass    — every MX host is protected by DANE (authenticated, usable, matching on every
 *              address reached, and at least one reached).
 * 5. error   — no MX host could be judged, or every judged one is protected but another could not
 *              be: its TLSA lookup failed, or its usable records were never compared with a
 *              certificate because no address was reached ("protected-unverified"). The verdict
 *              hinges on what could not be read or reached, so it is inconclusive, not warn.
 * 6. warn    — DANE is partly there: some host is protected (also unverified), or has
 *              authenticated TLSA records that are all unusable.
 * 7. missing — no MX host is protected and none has authenticated TLSA records (no records,
 *              unauthenticated records, or unsigned address records).
 * Rules 6 and 7 look only at hosts whose TLSA lookup succeeded: a host without DANE already
 * keeps the domain from "pass", whatever the unreadable one holds.
 */
export function evaluateDaneStatus(input: DnssecInput): CheckStatus {
  if (!input.resolverValidating || input.mx === "error") return "error";
  if (input.mx === "null-mx" || input.mx === "nxdomain" || input.hosts.length === 0) return "n/a";
  const states = input.hosts.map((h) => h.state);
  if (input.domainDnssec === "bogus" || states.includes("bogus") || states.includes("mismatch")) return "fail";
  if (states.every((s) => s === "protected")) return "pass";
  const judged = states.filter((s) => s !== "lookup-failed" && s !== "protected-unverified");
  if (judged.length === 0 || judged.every((s) => s === "protected")) return "error";
  if (states.some((s) => s === "protected" || s === "protected-unverified" || s === "unusable")) return "warn";
  return "missing";
}

/** The domain's DNSSEC findings and `checks.dane` (`dnssec` = the domain's own state). */
export function evaluateDnssec(input: DnssecInput): DnssecEvaluation {
  const known = input.resolverValidating && input.mx !== "error";
  return { findings: evaluateDnssecFindings(input), check: { status: evaluateDaneStatus(input), ...(known ? { dnssec: input.domainDnssec } : {}) } };
}
