/**
 * The report's view of one probed address: probeSmtp + certificate summary → `Endpoint`.
 * Kept apart from probeSmtp so the raw observation (DER chain, EHLO keywords, discarded
 * injection bytes) stays available to DANE matching and to tests.
 */
import type { TrustAnchors } from "../checks/starttls/build-chain";
import type { Endpoint } from "../types";
import { probeSmtp, type SmtpProbeOptions, type SmtpProbeResult } from "./smtp";
import { summarizeCertificateChain } from "./tls-cert";

/** Builds the report endpoint from a probe result; certificate fields only when TLS completed. */
export function endpointFromProbe(address: string, probe: SmtpProbeResult, options: { host: string; anchors: TrustAnchors }): Endpoint {
  const endpoint: Endpoint = { address, starttls: probe.state };
  if (probe.detail !== undefined) endpoint.detail = probe.detail;
  if (probe.state !== "ok") return endpoint;
  if (probe.tls) endpoint.tls = { ...probe.tls };
  const summary = summarizeCertificateChain(probe.peerChain, options);
  if (summary) {
    endpoint.certificate = summary.certificate;
    endpoint.chain = summary.chain;
  }
  return endpoint;
}

/** Probes one address and returns both the report endpoint and the raw probe result. */
export async function probeSmtpEndpoint(
  options: SmtpProbeOptions & { anchors: TrustAnchors },
): Promise<{ endpoint: Endpoint; probe: SmtpProbeResult }> {
  const { anchors, ...probeOptions } = options;
  const probe = await probeSmtp(probeOptions);
  return { endpoint: endpointFromProbe(options.address, probe, { host: options.host, anchors }), probe };
}
