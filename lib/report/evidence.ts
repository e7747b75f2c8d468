/**
 * Typed views of the evidence each check stores in `report.checks` (the spec lists only the core
 * fields; the checks add their full results). Stored reports are JSON from any scanner version,
 * so every field is optional here and read defensively. Pure.
 */
import type { DmarcResult } from "@/lib/scan/checks/dmarc/types";
import type { MtaStsResult } from "@/lib/scan/checks/mta-sts/types";
import type { SpfNode, SpfResult } from "@/lib/scan/checks/spf/types";
import type { TlsRptResult } from "@/lib/scan/checks/tls-rpt/types";
import type { CheckStatus, DnssecState, ScanReport } from "@/lib/scan/types";

type Loose<T> = { [K in keyof T]?: T[K] } & { status: CheckStatus };

export type MtaStsEvidence = Loose<MtaStsResult> & { policyText?: string };
export type TlsRptEvidence = Loose<TlsRptResult>;
export type DmarcEvidence = Loose<DmarcResult>;
export type SpfEvidence = Loose<SpfResult>;
export type DaneEvidence = { status: CheckStatus; dnssec?: DnssecState; resolverValidating?: boolean };
export type StarttlsEvidence = { status: CheckStatus; error?: string };
export type { SpfNode };

/** A check missing from an old or partial report reads as inconclusive rather than crashing the page. */
function checkOf<K extends keyof ScanReport["checks"]>(report: ScanReport, key: K): ScanReport["checks"][K] {
  return (report.checks?.[key] ?? { status: "error" }) as ScanReport["checks"][K];
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const arr = <T>(v: unknown): T[] | undefined => (Array.isArray(v) ? (v as T[]) : undefined);

export function mtaStsEvidence(report: ScanReport): MtaStsEvidence {
  const c = checkOf(report, "mtaSts") as MtaStsEvidence;
  return { ...c, coverage: arr(c.coverage) ?? [], policyText: str(c.policyText) };
}

export function tlsRptEvidence(report: ScanReport): TlsRptEvidence {
  return checkOf(report, "tlsRpt") as TlsRptEvidence;
}

export function dmarcEvidence(report: ScanReport): DmarcEvidence {
  const c = checkOf(report, "dmarc") as DmarcEvidence;
  return { ...c, reportAuthorizations: arr(c.reportAuthorizations) ?? [] };
}

export function spfEvidence(report: ScanReport): SpfEvidence {
  return checkOf(report, "spf") as SpfEvidence;
}

export function daneEvidence(report: ScanReport): DaneEvidence {
  const c = checkOf(report, "dane") as DaneEvidence;
  return { status: c.status, ...(c.dnssec ? { dnssec: c.dnssec } : {}), ...(typeof c.resolverValidating === "boolean" ? { resolverValidating: c.resolverValidating } : {}) };
}

export function starttlsEvidence(report: ScanReport): StarttlsEvidence {
  const c = checkOf(report, "starttls") as StarttlsEvidence;
  const error = str(c.error);
  return error ? { status: c.status, error } : { status: c.status };
}

/** DMARC tags with a one-line meaning each (RFC 7489 §6.3), for the tag table. */
export const DMARC_TAG_MEANING: Record<string, string> = {
  v: "Version; must be DMARC1 and come first",
  p: "Policy for the domain itself",
  sp: "Policy for subdomains (defaults to p)",
  np: "Policy for non-existent subdomains (DMARCbis)",
  pct: "Percentage of failing mail the policy applies to",
  rua: "Where aggregate reports go",
  ruf: "Where failure (forensic) reports go",
  adkim: "DKIM alignment: r relaxed, s strict",
  aspf: "SPF alignment: r relaxed, s strict",
  fo: "When failure reports are generated",
  rf: "Failure report format",
  ri: "Aggregate report interval in seconds",
  psd: "Public suffix domain flag (DMARCbis)",
  t: "Testing flag (DMARCbis)",
};

export const SPF_ALL_MEANING: Record<string, string> = {
  "-": "-all: mail from other servers fails",
  "~": "~all: mail from other servers soft-fails",
  "?": "?all: neutral — other servers are neither allowed nor refused",
  "+": "+all: every server on the Internet is allowed",
};

/** Every node of an SPF include tree, depth-first, with its depth. */
export function flattenSpfTree(root: SpfNode | undefined): { node: SpfNode; depth: number }[] {
  const out: { node: SpfNode; depth: number }[] = [];
  const walk = (n: SpfNode, depth: number) => {
    out.push({ node: n, depth });
    for (const c of n.children ?? []) walk(c, depth + 1);
  };
  if (root) walk(root, 0);
  return out;
}
