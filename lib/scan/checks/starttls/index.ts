/**
 * STARTTLS (RFC 3207) and the MX certificates: probe every MX endpoint, then judge it. The probe is
 * its own stage because DANE and MTA-STS judge the same observations, and STARTTLS findings take
 * their severity from what those two decide (spec "Context decides some severities").
 */
import type { CheckStatus, Finding } from "../../types";
import type { DaneHostEvaluation } from "../dane/evaluate-dane";
import type { MtaStsResult, MxTlsVerdict } from "../mta-sts/types";
import type { MxObservation } from "../mx/lookup-mx";
import type { SeverityContext } from "./evaluate-endpoint";
import { evaluateHostStarttls, evaluateHostTls, evaluateStarttlsMessages, evaluateStarttlsStatus, type HostEndpoints } from "./evaluate-starttls";
import type { ProbedHost } from "./probe-hosts";

export { probeHosts as probeStarttls, type EndpointProbe, type ProbedEndpoint, type ProbedHost, type ProbeHostsOptions } from "./probe-hosts";
export { evaluateHostTls, type HostEndpoints } from "./evaluate-starttls";
export type { SeverityContext } from "./evaluate-endpoint";

/** The endpoints of each probed host, without the raw peer chains (those are for DANE and suggestions). */
export function evaluateProbedHosts(probed: readonly ProbedHost[]): HostEndpoints[] {
  return probed.map((p) => ({ host: p.host, endpoints: p.endpoints.map((e) => e.endpoint), blockedAddresses: p.blockedAddresses }));
}

/** Each MX host's TLS verdict as MTA-STS needs it (RFC 8461 §4.2). */
export function evaluateMxTls(hosts: readonly HostEndpoints[], now: Date): MxTlsVerdict[] {
  return hosts.map((h) => ({ host: h.host, ...evaluateHostTls(h.endpoints, now) }));
}

export type StarttlsCheckInput = {
  mx: MxObservation;
  /** evaluateProbedHosts of the probe, one per MX host in `mx` order. */
  hosts: readonly HostEndpoints[];
  now: Date;
  /** For the severity context: which hosts an enforced policy covers … */
  mtaSts: Pick<MtaStsResult, "countsAsProtection" | "coverage">;
  /** … and which are pinned by DANE-EE records only. */
  dane: readonly Pick<DaneHostEvaluation, "host" | "daneEeOnly">[];
};

/** `checks.starttls` (without the budget's messages, which the report adds last) and the findings. */
export type StarttlsCheck = { check: { status: CheckStatus; error?: string }; messages: string[]; findings: Finding[] };

/** Judges the probed endpoints of every MX host. */
export function checkStarttls(input: StarttlsCheckInput): StarttlsCheck {
  const { mx, hosts, now } = input;
  const enforced = new Set(input.mtaSts.countsAsProtection ? input.mtaSts.coverage.filter((c) => c.matched).map((c) => c.host) : []);
  const daneEeOnly = new Set(input.dane.filter((d) => d.daneEeOnly).map((d) => d.host));
  // Spec "Context decides some severities": enforce-covered first (senders refuse), then DANE-EE only.
  const contextOf = (host: string): SeverityContext => (enforced.has(host) ? "mta-sts-enforce" : daneEeOnly.has(host) ? "dane-ee-only" : "default");
  const findings = hosts.flatMap((h) => evaluateHostStarttls(h, now, contextOf(h.host)));
  const status: CheckStatus = mx.kind === "null-mx" ? "n/a" : mx.kind === "error" ? "error" : evaluateStarttlsStatus(hosts, findings);
  const mxHosts = mx.kind === "mx" || mx.kind === "implicit" ? mx.hosts : [];
  return { check: { status, ...(mx.kind === "error" ? { error: mx.error } : {}) }, messages: evaluateStarttlsMessages(mxHosts, hosts), findings };
}
