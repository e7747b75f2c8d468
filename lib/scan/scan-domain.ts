/**
 * One scan of one domain: collect observations over the network (DNS, SMTP, HTTPS), then evaluate
 * them with pure functions into the spec's report. Remote misbehaviour never throws: it is data.
 */
import { evaluateDane, type DaneHostEvaluation } from "./checks/dane/evaluate-dane";
import { lookupTlsa } from "./checks/dane/lookup-tlsa";
import { matchTlsa } from "./checks/dane/match-tlsa";
import { checkDmarc } from "./checks/dmarc";
import { evaluateDnssec } from "./checks/dnssec/evaluate-dnssec";
import { evaluateMtaSts, lookupMtaStsRecord, type MtaStsPolicyFetch, type MtaStsResult } from "./checks/mta-sts";
import { lookupMx, type MxObservation } from "./checks/mx/lookup-mx";
import { evaluateMx } from "./checks/mx/evaluate-mx";
import { checkSpf } from "./checks/spf";
import { evaluateHostStarttls, hostTlsVerdict, starttlsMessages, starttlsStatus, type HostEndpoints } from "./checks/starttls/evaluate-starttls";
import { probeHosts, type EndpointProbe } from "./checks/starttls/probe-hosts";
import { checkTlsRpt } from "./checks/tls-rpt";
import { budgetedDeps, createScanBudget, type ScanBudget, type ScanLimits } from "./budget";
import { makeFinding, type FindingId } from "./findings";
import type { DnsClient } from "./net/dns-types";
import { evaluateExposure } from "./posture/exposure";
import { RULESET_VERSION, scoreFindings } from "./score";
import { buildSuggestions, isNoMailSuggestions, suggestInputFromScan } from "./suggest";
import type { CheckStatus, Finding, MxHost, ScanProgress, ScanReport, ScanStage, Severity } from "./types";
import { REPORT_SCHEMA_VERSION } from "./types";
import type { TrustAnchors } from "./x509";

export const SCANNER_VERSION = "0.2.0";

export type PolicyFetcher = (input: { domain: string; signal?: AbortSignal }) => Promise<MtaStsPolicyFetch>;

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

type Loose = { id: string; severity: Severity; host?: string; detail: string };

/** Checks return catalogue ids with their own detail; the catalogue adds title and fix. */
function toFindings(list: Loose[]): Finding[] {
  return list.map((f) => makeFinding(f.id as FindingId, { detail: f.detail, severity: f.severity, ...(f.host ? { host: f.host } : {}) }));
}

/** Why hosts went unprobed and which budget limits were hit: present only when there is something to say. */
function messagesOf(messages: string[]): { messages?: string[] } {
  return messages.length > 0 ? { messages } : {};
}

function mxHosts(mx: MxObservation) {
  return mx.kind === "mx" || mx.kind === "implicit" ? mx.hosts : [];
}

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
  const stsP = stage("mtaSts", () => Promise.all([lookupMtaStsRecord(deps.dns, domain, { signal }), deps.fetchPolicy({ domain, signal })]));

  const tld = domain.slice(domain.lastIndexOf(".") + 1);
  const validatingP = stage("dns", () => deps.dns.isValidating(tld));
  const mx = await stage("mx", () => lookupMx(deps.dns, domain, signal, budget.limits));
  const hosts = mxHosts(mx);
  // TLSA lookups run beside the SMTP probes; matching needs both.
  const tlsaP = Promise.all(hosts.map((h) => lookupTlsa(deps.dns, h.host, { signal })));
  const probed = await stage("starttls", () =>
    probeHosts(hosts, deps.probe, { port: options.smtpPort, allowPrivate: options.allowPrivate, ehloName: options.ehloName ?? "scanner.mailposture.invalid", anchors: deps.anchors, signal }),
  );
  const now = deps.now();
  const resolverValidating = await validatingP;
  const dane: DaneHostEvaluation[] = await stage("dane", async () => {
    const tlsa = await tlsaP;
    return hosts.map((h, i) => {
      const lookup = tlsa[i]!;
      return evaluateDane({
        host: h.host,
        addressDnssec: h.dnssec,
        tlsa: lookup,
        resolverValidating,
        endpoints: probed[i]!.endpoints.map(({ endpoint, peerChain }) => ({
          address: endpoint.address,
          starttls: endpoint.starttls,
          ...(peerChain.length > 0 && lookup.records.length > 0 ? { match: matchTlsa(lookup.records, peerChain, { mxHost: h.host, now }) } : {}),
        })),
      });
    });
  });
  const dnssec = evaluateDnssec({ domain, resolverValidating, mx: mx.kind, domainDnssec: mx.dnssec, hosts: dane });
  const hostEndpoints: HostEndpoints[] = probed.map((p) => ({ host: p.host, endpoints: p.endpoints.map((e) => e.endpoint), blockedAddresses: p.blockedAddresses }));

  const [stsRecord, stsPolicy] = await stsP;
  // The served body is kept as evidence, and so history can tell a changed policy (RFC 8461 §8.1).
  const policyText = stsPolicy.kind === "ok" && stsPolicy.status === 200 ? stsPolicy.body : undefined;
  const mtaSts: MtaStsResult = evaluateMtaSts({
    domain,
    record: stsRecord,
    policy: stsPolicy,
    mx: hostEndpoints.map((h) => ({ host: h.host, ...hostTlsVerdict(h.endpoints, now) })),
  });
  const [dmarc, spf, tlsRpt] = await Promise.all([dmarcP, spfP, tlsRptP]);
  // Files to publish, built from what was observed and checked by our own parsers (suggest/*).
  const suggested = buildSuggestions(suggestInputFromScan({ domain, now, mx, probed, mtaSts, tlsRpt, dmarc, spf }));
  // Spec mx-null: a domain that accepts no mail skips the inbound transport checks, and MTA-STS
  // and TLS-RPT are about inbound transport only (RFC 8461 §1, RFC 8460 §1): nothing to protect.
  const acceptsMail = mx.kind !== "null-mx";

  const enforced = new Set(mtaSts.countsAsProtection ? mtaSts.coverage.filter((c) => c.matched).map((c) => c.host) : []);
  const daneEeOnly = new Set(dane.filter((d) => d.daneEeOnly).map((d) => d.host));
  // Spec "Context decides some severities": enforce-covered first (senders refuse), then DANE-EE only.
  const starttlsFindings = hostEndpoints.flatMap((h) =>
    evaluateHostStarttls(h, now, enforced.has(h.host) ? "mta-sts-enforce" : daneEeOnly.has(h.host) ? "dane-ee-only" : "default"),
  );

  const exposure = evaluateExposure(
    domain,
    hosts.map((h, i) => {
      const c = mtaSts.coverage.find((x) => x.host === h.host);
      return { host: h.host, dane: dane[i]!.state, sts: { enforced: mtaSts.countsAsProtection, covered: c?.matched ?? false, tlsOk: c?.tlsOk ?? "unknown" } };
    }),
    { acceptsMail: mx.kind !== "null-mx", mxKnown: mx.kind !== "error" },
  );

  const findings: Finding[] = [
    ...evaluateMx(domain, mx),
    ...starttlsFindings,
    ...dnssec.findings,
    ...dane.flatMap((d) => d.findings),
    ...exposure.findings,
    ...(acceptsMail ? toFindings(mtaSts.findings) : []),
    ...(acceptsMail ? toFindings(tlsRpt.findings) : []),
    ...toFindings(dmarc.findings),
    ...toFindings(spf.findings),
  ];
  const { score, grade } = await stage("score", async () => scoreFindings(findings));

  const mxReport: MxHost[] = hosts.map((h, i) => {
    const d = dane[i]!;
    const endpoints = hostEndpoints[i]!.endpoints.map((e) => {
      const match = d.endpoints.find((x) => x.address === e.address)?.dane;
      return match ? { ...e, dane: match } : e;
    });
    return { host: h.host, preference: h.preference, implicit: h.implicit, dnssec: h.dnssec, ...(d.tlsa ? { tlsa: d.tlsa } : {}), endpoints };
  });
  const starttlsState: CheckStatus = mx.kind === "null-mx" ? "n/a" : mx.kind === "error" ? "error" : starttlsStatus(hostEndpoints, starttlsFindings);

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    domain,
    startedAt: startedAt.toISOString(),
    durationMs: Math.max(0, deps.now().getTime() - startedAt.getTime()),
    grade,
    score,
    scannerVersion: SCANNER_VERSION,
    rulesetVersion: RULESET_VERSION,
    exposure: { verdict: exposure.verdict, sentence: exposure.sentence, hosts: exposure.hosts },
    mx: mxReport,
    checks: {
      mtaSts: { ...mtaSts, findings: undefined, ...(acceptsMail ? {} : { status: "n/a" as const }), ...(policyText !== undefined ? { policyText } : {}) },
      tlsRpt: { ...tlsRpt, findings: undefined, ...(acceptsMail ? {} : { status: "n/a" as const }) },
      starttls: { status: starttlsState, ...(mx.kind === "error" ? { error: mx.error } : {}), ...messagesOf([...starttlsMessages(hosts, hostEndpoints), ...budget.messages()]) },
      dane: { ...dnssec.check, resolverValidating },
      dmarc: { ...dmarc, findings: undefined },
      spf: { ...spf, findings: undefined },
    },
    findings,
    ...(suggested && !isNoMailSuggestions(suggested) ? { suggestions: suggested } : {}),
    // A domain that accepts no mail gets the records that say so everywhere (null MX, SPF -all, DMARC reject).
    ...(suggested && isNoMailSuggestions(suggested) ? { noMailSuggestions: suggested } : {}),
  };
}
