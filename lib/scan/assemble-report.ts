/**
 * The report from the areas' results (docs/report-format.md): findings in area order, score and
 * grade, the MX hosts with their endpoints and DANE matches, `checks`, and the files to publish.
 * Pure: scanDomain calls it once every area is done.
 */
import type { DaneCheck } from "./checks/dane";
import type { DmarcResult } from "./checks/dmarc";
import type { MtaStsCheck } from "./checks/mta-sts";
import type { MxObservation } from "./checks/mx/lookup-mx";
import { evaluateMx } from "./checks/mx/evaluate-mx";
import { toReportFindings } from "./checks/shared";
import type { SpfResult } from "./checks/spf";
import type { HostEndpoints, ProbedHost, StarttlsCheck } from "./checks/starttls";
import type { TlsRptResult } from "./checks/tls-rpt";
import { evaluateNotGraded } from "./not-graded";
import type { ExposureResult } from "./posture/exposure";
import { RULESET_VERSION, scoreFindings } from "./score";
import { buildSuggestions, isNoMailSuggestions, suggestInputFromScan } from "./suggest";
import { REPORT_SCHEMA_VERSION, type Finding, type MxHost, type ScanReport } from "./types";

export type ReportParts = {
  domain: string;
  scannerVersion: string;
  startedAt: Date;
  finishedAt: Date;
  /** The scan's clock after probing: certificate dates and the suggested `_mta-sts` id. */
  now: Date;
  mx: MxObservation;
  probed: readonly ProbedHost[];
  hosts: readonly HostEndpoints[];
  starttls: StarttlsCheck;
  dane: DaneCheck;
  resolverValidating: boolean;
  exposure: ExposureResult;
  mtaSts: MtaStsCheck;
  tlsRpt: TlsRptResult;
  dmarc: DmarcResult;
  spf: SpfResult;
  /** Budget limits that were hit (docs/budgets.md), read once every area is done. */
  budgetMessages: readonly string[];
};

/** Why hosts went unprobed and which budget limits were hit: present only when there is something to say. */
function messagesOf(messages: string[]): { messages?: string[] } {
  return messages.length > 0 ? { messages } : {};
}

/** The report's findings, in area order; the score and grade follow from them (docs/scoring.md). */
export function assembleFindings(p: Pick<ReportParts, "domain" | "mx" | "starttls" | "dane" | "exposure" | "mtaSts" | "tlsRpt" | "dmarc" | "spf">): Finding[] {
  // Spec mx-null: a domain that accepts no mail skips the inbound transport checks, and MTA-STS
  // and TLS-RPT are about inbound transport only (RFC 8461 §1, RFC 8460 §1): nothing to protect.
  const acceptsMail = p.mx.kind !== "null-mx";
  return [
    ...evaluateMx(p.domain, p.mx),
    ...p.starttls.findings,
    ...p.dane.dnssec.findings,
    ...p.dane.hosts.flatMap((d) => d.findings),
    ...p.exposure.findings,
    ...(acceptsMail ? toReportFindings(p.mtaSts.findings) : []),
    ...(acceptsMail ? toReportFindings(p.tlsRpt.findings) : []),
    ...toReportFindings(p.dmarc.findings),
    ...toReportFindings(p.spf.findings),
  ];
}

/** Builds the report from the areas' results. */
export function assembleReport(p: ReportParts): ScanReport {
  const { domain, mx, mtaSts, tlsRpt, dmarc, spf, exposure } = p;
  const acceptsMail = mx.kind !== "null-mx";
  const findings = assembleFindings(p);
  const { score, grade } = scoreFindings(findings);
  // grade and score keep their contract meaning; `notGraded` tells every reader not to show them.
  const notGraded = evaluateNotGraded(p);
  // Files to publish, built from what was observed and checked by our own parsers (suggest/*).
  const suggested = buildSuggestions(suggestInputFromScan({ domain, now: p.now, mx, probed: p.probed, mtaSts, tlsRpt, dmarc, spf }));

  const mxHosts = mx.kind === "mx" || mx.kind === "implicit" ? mx.hosts : [];
  const mxReport: MxHost[] = mxHosts.map((h, i) => {
    const d = p.dane.hosts[i]!;
    const endpoints = p.hosts[i]!.endpoints.map((e) => {
      const match = d.endpoints.find((x) => x.address === e.address)?.dane;
      return match ? { ...e, dane: match } : e;
    });
    return { host: h.host, preference: h.preference, implicit: h.implicit, dnssec: h.dnssec, ...(d.tlsa ? { tlsa: d.tlsa } : {}), endpoints };
  });

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    domain,
    startedAt: p.startedAt.toISOString(),
    durationMs: Math.max(0, p.finishedAt.getTime() - p.startedAt.getTime()),
    grade,
    score,
    ...(notGraded !== undefined ? { notGraded } : {}),
    scannerVersion: p.scannerVersion,
    rulesetVersion: RULESET_VERSION,
    exposure: { verdict: exposure.verdict, sentence: exposure.sentence, hosts: exposure.hosts },
    mx: mxReport,
    checks: {
      mtaSts: { ...mtaSts, findings: undefined, ...(acceptsMail ? {} : { status: "n/a" as const }) },
      tlsRpt: { ...tlsRpt, findings: undefined, ...(acceptsMail ? {} : { status: "n/a" as const }) },
      starttls: { ...p.starttls.check, ...messagesOf([...p.starttls.messages, ...p.budgetMessages]) },
      dane: { ...p.dane.dnssec.check, resolverValidating: p.resolverValidating },
      dmarc: { ...dmarc, findings: undefined },
      spf: { ...spf, findings: undefined },
    },
    findings,
    ...(suggested && !isNoMailSuggestions(suggested) ? { suggestions: suggested } : {}),
    // A domain that accepts no mail gets the records that say so everywhere (null MX, SPF -all, DMARC reject).
    ...(suggested && isNoMailSuggestions(suggested) ? { noMailSuggestions: suggested } : {}),
  };
}
