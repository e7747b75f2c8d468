/**
 * The observed part of one probed address: probeSmtp → the report `Endpoint` fields that are
 * plain observation (state, detail, TLS parameters). The certificate fields are judgement and are
 * added by checks/starttls/certificate.ts from the raw probe result's DER chain, which stays
 * available beside the endpoint (DANE matching, suggestions, tests).
 */
import type { Endpoint } from "../types";
import { probeSmtp, type SmtpProbeOptions, type SmtpProbeResult } from "./smtp";

/** The observed endpoint fields of a probe result; TLS parameters only when TLS completed. */
export function endpointFromProbe(address: string, probe: SmtpProbeResult): Endpoint {
  // Unasked plaintext is evidence whatever the outcome (spec starttls-injection); 0 when none.
  const endpoint: Endpoint = { address, starttls: probe.state, injectedBytes: probe.injectedBytesDiscarded };
  if (probe.detail !== undefined) endpoint.detail = probe.detail;
  if (probe.state !== "ok") return endpoint;
  if (probe.tls) endpoint.tls = { ...probe.tls };
  return endpoint;
}

/** Probes one address and returns both the observed endpoint and the raw probe result. */
export async function probeSmtpEndpoint(options: SmtpProbeOptions): Promise<{ endpoint: Endpoint; probe: SmtpProbeResult }> {
  const probe = await probeSmtp(options);
  return { endpoint: endpointFromProbe(options.address, probe), probe };
}
