/**
 * The flagship verdict: can an on-path attacker strip STARTTLS? Per MX host, protection comes from
 * DANE (authenticated, usable TLSA matching on every reached address; RFC 7672 §2.2) or from an
 * MTA-STS policy in enforce mode that covers the host and whose TLS requirements it meets
 * (RFC 8461 §5). Protection is judged from what is published and valid, not from reachability:
 * a broken protection protects nothing. The weakest host decides, because senders fall back to
 * backup MX hosts.
 */
import type { DaneHostState } from "../checks/dane/evaluate-dane";
import { makeFinding } from "../findings";
import type { Finding } from "../types";

/** How the MTA-STS policy stands for one host (from evaluateMtaSts's coverage and result). */
export type StsHostState = {
  /** A valid record and a valid policy served with 200 as text/plain, in enforce mode. */
  enforced: boolean;
  /** An `mx` pattern of the policy matches the host (RFC 8461 §4.1). */
  covered: boolean;
  /** The host's TLS verdict: "unknown" when it could not be reached (does not count against it). */
  tlsOk: boolean | "unknown";
};

export type HostInput = { host: string; dane: DaneHostState; sts: StsHostState };
export type HostProtection = { host: string; dane: boolean; mtaSts: boolean; protectedFor: string; why: string };
export type ExposureVerdict = "protected" | "partial" | "exposed" | "no-inbound-mail" | "inconclusive";
export type Exposure = { verdict: ExposureVerdict; sentence: string; hosts: HostProtection[] };
export type ExposureResult = Exposure & { findings: Finding[] };

const DANE_WHY: Record<DaneHostState, string> = {
  protected: "DANE: TLSA records authenticated, usable and matching",
  mismatch: "DANE broken: the TLSA records match no presented certificate",
  unusable: "DANE: TLSA records present but none usable for SMTP",
  "insecure-tlsa": "DANE: TLSA records not DNSSEC-signed, so senders ignore them",
  "no-tlsa": "DANE: no TLSA records",
  "not-applicable": "DANE: host not DNSSEC-signed",
  "lookup-failed": "DANE: TLSA lookup failed",
  bogus: "DANE: DNSSEC validation fails (bogus)",
  unverifiable: "DANE: not verifiable (resolver does not validate DNSSEC)",
};

function stsWhy(s: StsHostState): string {
  if (!s.enforced) return "MTA-STS: no valid policy in enforce mode";
  if (!s.covered) return "MTA-STS: host not listed in the policy's mx lines";
  if (s.tlsOk === false) return "MTA-STS broken: the host fails the policy's TLS requirements";
  return s.tlsOk === "unknown" ? "MTA-STS: enforced and covered (TLS not verified: host unreachable)" : "MTA-STS: enforced, covered, valid TLS";
}

/** One host's protection paths; each is all-or-nothing. */
export function protectionOf(h: HostInput): HostProtection {
  const dane = h.dane === "protected";
  const mtaSts = h.sts.enforced && h.sts.covered && h.sts.tlsOk !== false;
  const protectedFor = dane && mtaSts ? "all senders (DANE and MTA-STS)" : dane ? "DANE-validating senders only" : mtaSts ? "MTA-STS senders only (after first contact)" : "no sender";
  return { host: h.host, dane, mtaSts, protectedFor, why: `${DANE_WHY[h.dane]}; ${stsWhy(h.sts)}` };
}

/** Judges the domain from per-host protection. */
export function evaluateExposure(domain: string, inputs: HostInput[], state: { acceptsMail: boolean; mxKnown: boolean }): ExposureResult {
  const hosts = inputs.map(protectionOf);
  if (!state.acceptsMail) return { verdict: "no-inbound-mail", sentence: `${domain} accepts no mail (null MX), so there is no inbound mail to protect.`, hosts, findings: [] };
  if (!state.mxKnown || hosts.length === 0) {
    return { verdict: "inconclusive", sentence: `The mail servers of ${domain} could not be determined, so its exposure to STARTTLS stripping is unknown.`, hosts, findings: [] };
  }
  const exposed = hosts.filter((h) => !h.dane && !h.mtaSts);
  if (exposed.length > 0) {
    const names = exposed.map((h) => h.host).join(", ");
    const all = exposed.length === hosts.length;
    return {
      verdict: "exposed",
      sentence: all
        ? `Mail to ${domain} can be read or changed by an attacker on the network path: no MX is protected by an enforced MTA-STS policy or by DANE.`
        : `Mail to ${domain} can be read or changed by an attacker on the network path: ${names} ${exposed.length === 1 ? "is" : "are"} protected neither by an enforced MTA-STS policy nor by DANE, and senders fall back to ${exposed.length === 1 ? "it" : "them"}.`,
      hosts,
      findings: [makeFinding("starttls-stripping-exposure", { detail: exposed.map((h) => `${h.host}: ${h.why}`).join(" | ") })],
    };
  }
  const daneOnly = hosts.filter((h) => h.dane && !h.mtaSts);
  const stsOnly = hosts.filter((h) => h.mtaSts && !h.dane);
  if (daneOnly.length > 0 || stsOnly.length > 0) {
    const parts = [
      daneOnly.length > 0 ? `${daneOnly.map((h) => h.host).join(", ")} only by DANE (senders that only do MTA-STS are exposed)` : "",
      stsOnly.length > 0 ? `${stsOnly.map((h) => h.host).join(", ")} only by MTA-STS (senders that only do DANE are exposed, and first contact is trust-on-first-use)` : "",
    ].filter(Boolean);
    return {
      verdict: "partial",
      sentence: `Mail to ${domain} is protected from STARTTLS stripping for some senders only: ${parts.join("; ")}.`,
      hosts,
      findings: [makeFinding("starttls-stripping-partial", { detail: `Protected ${parts.join("; ")}.` })],
    };
  }
  return { verdict: "protected", sentence: `Mail to ${domain} is protected from STARTTLS stripping on every MX, by both DANE and an enforced MTA-STS policy.`, hosts, findings: [] };
}
