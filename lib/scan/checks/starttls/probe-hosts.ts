/**
 * Probes every address of every MX host: all in parallel, but never more than one connection at a
 * time to one address (two MX names may share an address, and servers count concurrent sessions).
 * Every address is classified by the target guard before anything connects to it.
 */
import type { Endpoint } from "../../types";
import type { SmtpProbeOptions, SmtpProbeResult } from "../../net/smtp";
import { guardTarget } from "../../net/target-guard";
import type { TrustAnchors } from "../../x509";
import type { MxHostObservation } from "../mx/lookup-mx";
import { evaluateEndpointCertificate } from "./certificate";

/** Observes one endpoint (net/smtp-endpoint.ts in production): `endpoint` holds only observed fields. */
export type EndpointProbe = (options: SmtpProbeOptions & { signal?: AbortSignal }) => Promise<{ endpoint: Endpoint; probe: SmtpProbeResult }>;

export type ProbedEndpoint = { endpoint: Endpoint; peerChain: Buffer[] };
export type ProbedHost = { host: string; endpoints: ProbedEndpoint[]; blockedAddresses: string[] };

export type ProbeHostsOptions = {
  port: number;
  allowPrivate: boolean;
  ehloName: string;
  /** Trust anchors the presented chains are judged against (`certificate.trusted`). */
  anchors: TrustAnchors;
  signal?: AbortSignal;
  deadlines?: SmtpProbeOptions["deadlines"];
  onEndpoint?: (host: string, endpoint: Endpoint) => void;
};

/** Serializes work per key: the next task for an address starts when the previous one ended. */
function keyedQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    tails.set(key, run.catch(() => undefined));
    return run;
  };
}

export async function probeHosts(hosts: MxHostObservation[], probe: EndpointProbe, options: ProbeHostsOptions): Promise<ProbedHost[]> {
  const perAddress = keyedQueue();
  return Promise.all(
    hosts.map(async (host): Promise<ProbedHost> => {
      const blockedAddresses: string[] = [];
      const endpoints = await Promise.all(
        host.addresses.map(async (address): Promise<ProbedEndpoint> => {
          const verdict = guardTarget(address, { allowPrivate: options.allowPrivate });
          if (!verdict.allowed) {
            blockedAddresses.push(address);
            const endpoint: Endpoint = { address, starttls: "blocked", detail: `not contacted: ${verdict.category} address`, injectedBytes: 0 };
            options.onEndpoint?.(host.host, endpoint);
            return { endpoint, peerChain: [] };
          }
          const result = await perAddress(address, () =>
            probe({ address, port: options.port, host: host.host, ehloName: options.ehloName, signal: options.signal, deadlines: options.deadlines }),
          );
          // The probe observes; the certificate fields are judged here, from the DER it recorded.
          const endpoint = evaluateEndpointCertificate(result.endpoint, result.probe.peerChain, { host: host.host, anchors: options.anchors });
          options.onEndpoint?.(host.host, endpoint);
          return { endpoint, peerChain: result.probe.peerChain };
        }),
      );
      return { host: host.host, endpoints, blockedAddresses };
    }),
  );
}
