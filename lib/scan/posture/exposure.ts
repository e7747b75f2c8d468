/**
 * The flagship verdict: can an on-path attacker strip STARTTLS? Per MX host, protection comes from
 * DANE (authenticated, usable TLSA matching on every reached address; RFC 7672 §2.2) or from an
 * MTA-STS policy in enforce mode that covers the host and whose TLS requirements it meets
 * (RFC 8461 §5). The weakest host decides, because senders fall back to backup MX hosts.
 */
import { makeFinding } from "../findings";
import type { Finding } from "../types";

export type HostProtection = { host: string; dane: boolean; mtaSts: boolean };
export type ExposureVerdict = "protected" | "partial" | "exposed" | "no-inbound-mail" | "inconclusive";

export type ExposureResult = { verdict: ExposureVerdict; sentence: string; hosts: (HostProtection & { protectedFor: string })[]; findings: Finding[] };

function protectedFor(h: HostProtection): string {
  if (h.dane && h.mtaSts) return "all senders (DANE and MTA-STS)";
  if (h.dane) return "DANE-validating senders only";
  if (h.mtaSts) return "MTA-STS senders only (after their first contact)";
  return "no sender";
}

/** Judges the domain from per-host protection; `acceptsMail` false for a null MX. */
export function evaluateExposure(domain: string, hosts: HostProtection[], state: { acceptsMail: boolean; mxKnown: boolean }): ExposureResult {
  const rows = hosts.map((h) => ({ ...h, protectedFor: protectedFor(h) }));
  if (!state.acceptsMail) return { verdict: "no-inbound-mail", sentence: `${domain} accepts no mail (null MX), so there is no inbound mail to protect.`, hosts: rows, findings: [] };
  if (!state.mxKnown || hosts.length === 0) {
    return { verdict: "inconclusive", sentence: `The mail servers of ${domain} could not be determined, so its exposure to STARTTLS stripping is unknown.`, hosts: rows, findings: [] };
  }
  const exposed = hosts.filter((h) => !h.dane && !h.mtaSts);
  if (exposed.length > 0) {
    const names = exposed.map((h) => h.host).join(", ");
    return {
      verdict: "exposed",
      sentence: `Mail to ${domain} can be read or changed by an attacker on the network path: ${names} ${exposed.length === 1 ? "is" : "are"} protected neither by an enforced MTA-STS policy nor by DANE.`,
      hosts: rows,
      findings: [makeFinding("starttls-stripping-exposure", { detail: `Unprotected MX: ${names}. A sender that is downgraded to plaintext on any of them delivers in clear text.` })],
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
      hosts: rows,
      findings: [makeFinding("starttls-stripping-partial", { detail: `Protected ${parts.join("; ")}.` })],
    };
  }
  return { verdict: "protected", sentence: `Mail to ${domain} is protected from STARTTLS stripping by both DANE and an enforced MTA-STS policy on every MX.`, hosts: rows, findings: [] };
}
