/**
 * One scan of one domain: the composition of the areas. It wires the per-scan budget, the stages
 * (progress) and the order the areas run in; each area's work is its `check*` (lib/scan/checks/*),
 * and assembleReport turns their results into the report. Remote misbehaviour never throws: it is data.
 */
import { assembleReport } from "./assemble-report";
import { budgetedDeps, createScanBudget, type ScanBudget, type ScanLimits } from "./budget";
import { checkDane, lookupTlsaSets } from "./checks/dane";
import { checkDmarc } from "./checks/dmarc";
import { checkMtaSts, fetchMtaSts, type PolicyFetcher } from "./checks/mta-sts";
import { lookupMx } from "./checks/mx/lookup-mx";
import { checkSpf } from "./checks/spf";
import { checkStarttls, evaluateMxTls, evaluateProbedHosts, probeStarttls, type EndpointProbe } from "./checks/starttls";
import { checkTlsRpt } from "./checks/tls-rpt";
import type { DnsClient } from "./net/dns-types";
import { evaluateScanExposure } from "./posture/exposure";
import type { ScanProgress, ScanReport, ScanStage } from "./types";
import type { TrustAnchors } from "./x509";

export type { PolicyFetcher };

export const SCANNER_VERSION = "0.2.0";

/** Everything a scan touches the outside world through; tests pass their own. */
export type ScanDeps = {
  dns: DnsClient;
  now: () => Date;
  /** Observes one SMTP endpoint (production: probeSmtpEndpoint); its chain is judged against `anchors`. */
  probe: EndpointProbe;
  /** Fetches the MTA-STS policy (production: fetchMtaStsPolicy). */
  fetchPolicy: PolicyFetcher;
  /** Trust anchors the checks judge presented chains against (`certificate.trusted`). */
  anchors: TrustAnchors;
};

export type ScanOptions = {
  allowPrivate: boolean;
  smtpPort: number;
  /** Our name in EHLO. */
  ehloName?: string;
  onProgress?: (p: ScanProgress) => void;
  signal?: AbortSignal;
  /** The scan's budget (docs/budgets.md); unset limits keep DEFAULT_SCAN_LIMITS. */
  limits?: Partial<ScanLimits>;
};

/**
 * Scans `domain` (already normalized) and returns the report. One budget per scan bounds what it
 * touches (docs/budgets.md): every check gets the DNS client, prober and fetcher through it.
 */
export async function scanDomain(domain: string, deps: ScanDeps, options: ScanOptions): Promise<ScanReport> {
  const budget = createScanBudget(options.limits, options.signal);
  try {
    return await scanWithin(domain, budgetedDeps(deps, budget), { ...options, signal: budget.signal }, budget);
  } finally {
    budget.close();
  }
}

async function scanWithin(domain: string, deps: ScanDeps, options: ScanOptions, budget: ScanBudget): Promise<ScanReport> {
  const startedAt = deps.now();
  const signal = options.signal;
  const emit = (stage: ScanStage, state: "started" | "done") => options.onProgress?.({ stage, state, at: deps.now().toISOString() });
  const stage = async <T>(name: ScanStage, work: () => Promise<T>): Promise<T> => {
    emit(name, "started");
    try {
      return await work();
    } finally {
      emit(name, "done");
    }
  };

  // Policy records do not depend on the MX set: look them up while the transport half runs.
  const dmarcP = stage("dmarc", () => checkDmarc(deps.dns, domain, { signal }));
  const spfP = stage("spf", () => checkSpf(deps.dns, domain, { signal }));
  const tlsRptP = stage("tlsRpt", () => checkTlsRpt(deps.dns, domain, { signal }));
  const stsP = stage("mtaSts", () => fetchMtaSts(deps.dns, deps.fetchPolicy, domain, { signal }));

  const tld = domain.slice(domain.lastIndexOf(".") + 1);
  const validatingP = stage("dns", () => deps.dns.isValidating(tld));
  const mx = await stage("mx", () => lookupMx(deps.dns, domain, signal, budget.limits));
  const mxHosts = mx.kind === "mx" || mx.kind === "implicit" ? mx.hosts : [];
  // TLSA lookups run beside the SMTP probes; matching needs both.
  const tlsaP = lookupTlsaSets(deps.dns, mxHosts, { signal });
  const probed = await stage("starttls", () =>
    probeStarttls(mxHosts, deps.probe, { port: options.smtpPort, allowPrivate: options.allowPrivate, ehloName: options.ehloName ?? "scanner.mailposture.invalid", anchors: deps.anchors, signal }),
  );
  const now = deps.now();
  const resolverValidating = await validatingP;
  const dane = await stage("dane", async () => checkDane({ domain, mx, tlsa: await tlsaP, probed, resolverValidating, now }));
  const hosts = evaluateProbedHosts(probed);
  const mtaSts = checkMtaSts(domain, await stsP, evaluateMxTls(hosts, now));
  const starttls = checkStarttls({ mx, hosts, now, mtaSts, dane: dane.hosts });
  const exposure = evaluateScanExposure({ domain, mx, mtaSts, dane: dane.hosts });
  const [dmarc, spf, tlsRpt] = await Promise.all([dmarcP, spfP, tlsRptP]);

  return stage("score", async () =>
    assembleReport({
      domain,
      scannerVersion: SCANNER_VERSION,
      startedAt,
      finishedAt: deps.now(),
      now,
      mx,
      probed,
      hosts,
      starttls,
      dane,
      resolverValidating,
      exposure,
      mtaSts,
      tlsRpt,
      dmarc,
      spf,
      budgetMessages: budget.messages(),
    }),
  );
}
