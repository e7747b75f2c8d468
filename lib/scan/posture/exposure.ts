/**
 * The flagship verdict: can an on-path attacker strip STARTTLS? Per MX host, protection comes from
 * DANE (authenticated, usable TLSA matching on every reached address; RFC 7672 §2.2) or from an
 * MTA-STS policy in enforce mode that covers the host and whose TLS requirements it meets
 * (RFC 8461 §5). Protection is judged from what is published and valid, not from reachability:
 * a broken protection protects nothing, and a valid one on an unreached host still counts (DANE
 * "protected-unverified", MTA-STS "protected-unverified"), its reason saying it was not checked. The weakest host decides, because senders fall back to
 * backup MX hosts.
 */
import { isProtectedByDane, type DaneHostEvaluation } from "../checks/dane/evaluate-dane";
import type { MtaStsResult } from "../checks/mta-sts/types";
import type { MxObservation } from "../checks/mx/lookup-mx";
import { makeFinding } from "../findings";
import type { DaneHostState, ExposureHost, ExposureReason, ExposureVerdict, Finding, StsPathState } from "../types";

export type { ExposureVerdict };

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
export type HostProtection = ExposureHost & { reasons: ExposureReason[] };
export type Exposure = { verdict: ExposureVerdict; sentence: string; hosts: HostProtection[] };
export type ExposureResult = Exposure & { findings: Finding[] };

/** Each DANE state in words (the reason `text`). */
export const DANE_REASON_TEXT: Readonly<Record<DaneHostState, string>> = {
  // Published and valid but not compared with any certificate: it counts (spec: "protection is
  // judged from what is published and valid, not from reachability"), and says it was not checked.
  "protected-unverified": "TLSA published but not checked (no connection)",
  protected: "TLSA records authenticated, usable and matching",
  mismatch: "the TLSA records match no presented certificate",
  unusable: "TLSA records present but none usable for SMTP",
  "insecure-tlsa": "TLSA records not DNSSEC-signed, so senders ignore them",
  "no-tlsa": "no TLSA records",
  "not-applicable": "host not DNSSEC-signed",
  "lookup-failed": "TLSA lookup failed",
  bogus: "DNSSEC validation fails (bogus)",
  unverifiable: "not verifiable (resolver does not validate DNSSEC)",
};

/** Each MTA-STS state in words (the reason `text`). */
export const STS_REASON_TEXT: Readonly<Record<StsPathState, string>> = {
  "not-enforced": "no valid policy in enforce mode",
  "not-covered": "host not listed in the policy's mx lines",
  "tls-invalid": "the host fails the policy's TLS requirements",
  "protected-unverified": "enforced and covered (TLS not verified: host unreachable)",
  protected: "enforced, covered, valid TLS",
};

/** RFC 8461 §5: enforce mode, an `mx` pattern matching the host, and TLS that meets the policy. */
function stsStateOf(s: StsHostState): StsPathState {
  if (!s.enforced) return "not-enforced";
  if (!s.covered) return "not-covered";
  if (s.tlsOk === false) return "tls-invalid";
  return s.tlsOk === "unknown" ? "protected-unverified" : "protected";
}

/** A path that is published but fails protects nothing and is worse than absent: it is "broken". */
export function isBrokenPath(reason: Pick<ExposureReason, "path" | "state">): boolean {
  return reason.path === "dane" ? reason.state === "mismatch" : reason.state === "tls-invalid";
}

function reasonsOf(dane: DaneHostState, sts: StsPathState): ExposureReason[] {
  return [
    { path: "dane", state: dane, broken: isBrokenPath({ path: "dane", state: dane }), text: DANE_REASON_TEXT[dane] },
    { path: "mta-sts", state: sts, broken: isBrokenPath({ path: "mta-sts", state: sts }), text: STS_REASON_TEXT[sts] },
  ];
}

/** The reasons as the report's one-line `why` ("DANE: …; MTA-STS broken: …"). */
export function formatExposureWhy(reasons: readonly ExposureReason[]): string {
  return reasons.map((r) => `${r.path === "dane" ? "DANE" : "MTA-STS"}${r.broken ? " broken" : ""}: ${r.text}`).join("; ");
}

/** One host's protection paths; each is all-or-nothing. */
export function evaluateHostProtection(h: HostInput): HostProtection {
  const stsState = stsStateOf(h.sts);
  const dane = isProtectedByDane({ state: h.dane });
  const mtaSts = stsState === "protected" || stsState === "protected-unverified";
  const protectedFor = dane && mtaSts ? "all senders (DANE and MTA-STS)" : dane ? "DANE-validating senders only" : mtaSts ? "MTA-STS senders only (after first contact)" : "no sender";
  const reasons = reasonsOf(h.dane, stsState);
  return { host: h.host, dane, mtaSts, protectedFor, why: formatExposureWhy(reasons), reasons };
}

/** Judges the domain from per-host protection. */
export function evaluateExposure(domain: string, inputs: HostInput[], state: { acceptsMail: boolean; mxKnown: boolean }): ExposureResult {
  const hosts = inputs.map(evaluateHostProtection);
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

/** The exposure of a scanned domain: each MX host's DANE state beside the MTA-STS policy's coverage of it. */
export function evaluateScanExposure(input: {
  domain: string;
  mx: MxObservation;
  mtaSts: Pick<MtaStsResult, "countsAsProtection" | "coverage">;
  dane: readonly Pick<DaneHostEvaluation, "host" | "state">[];
}): ExposureResult {
  const { domain, mx, mtaSts } = input;
  const hosts = mx.kind === "mx" || mx.kind === "implicit" ? mx.hosts : [];
  return evaluateExposure(
    domain,
    hosts.map((h, i) => {
      const c = mtaSts.coverage.find((x) => x.host === h.host);
      return { host: h.host, dane: input.dane[i]!.state, sts: { enforced: mtaSts.countsAsProtection, covered: c?.matched ?? false, tlsOk: c?.tlsOk ?? "unknown" } };
    }),
    { acceptsMail: mx.kind !== "null-mx", mxKnown: mx.kind !== "error" },
  );
}
