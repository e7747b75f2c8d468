/**
 * The production wiring of a scan's dependencies: the wire DNS client, the SMTP prober and the
 * MTA-STS policy fetcher, configured from plain values. Callers (services, CLI) read the
 * environment; this module never does.
 */
import { fetchMtaStsPolicy } from "./checks/mta-sts/fetch-policy";
import { createDnsClient, sharedValidationCache } from "./net/dns";
import type { DnsServerAddress } from "./net/dns-types";
import { probeSmtpEndpoint } from "./net/smtp-endpoint";
import type { ScanDeps } from "./scan-domain";
import type { TrustAnchors } from "./x509";

export type ScanConfig = {
  resolvers: DnsServerAddress[];
  anchors: TrustAnchors;
  allowPrivate: boolean;
  httpsPort: number;
};

/** Fresh dependencies for one scan (each scan has its own DNS cache; the resolver-trust verdict is shared per process). */
export function createScanDeps(config: ScanConfig): ScanDeps {
  const dns = createDnsClient({ resolvers: config.resolvers, validationCache: sharedValidationCache });
  const now = () => new Date();
  return {
    dns,
    now,
    anchors: config.anchors,
    // The probe only observes; scanDomain judges its chain against `anchors`.
    probe: (options) => probeSmtpEndpoint(options),
    // The policy host's chain is judged against the same anchors (checks/mta-sts/fetch-policy.ts).
    fetchPolicy: async ({ domain, signal }) =>
      (await fetchMtaStsPolicy({ domain, dns, port: config.httpsPort, allowPrivate: config.allowPrivate, anchors: config.anchors, now: now(), signal })).fetch,
  };
}
