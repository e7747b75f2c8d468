/**
 * Typed views of the evidence each check stores in `report.checks` (the spec lists only the core
 * fields; the checks add their full results). Stored reports are JSON from any scanner version,
 * so every field is optional here and read defensively. Pure.
 */
import type { DmarcResult } from "@/lib/scan/checks/dmarc/types";
import type { MtaStsResult } from "@/lib/scan/checks/mta-sts/types";
import type { SpfNode, SpfResult } from "@/lib/scan/checks/spf/types";
import type { TlsRptResult } from "@/lib/scan/checks/tls-rpt/types";
import type { CheckStatus, DnssecState, MxHost, ScanReport } from "@/lib/scan/types";

type Loose<T> = { [K in keyof T]?: T[K] } & { status: CheckStatus };

export type MtaStsEvidence = Loose<MtaStsResult> & { policyText?: string };
export type TlsRptEvidence = Loose<TlsRptResult>;
export type DmarcEvidence = Loose<DmarcResult>;
export type SpfEvidence = Loose<SpfResult>;
export type DaneEvidence = { status: CheckStatus; dnssec?: DnssecState; resolverValidating?: boolean };
/**
 * `messages`: one line per connection/DNS budget hit and per MX host whose probing ended without an
 * SMTP session (`checks.starttls.messages`, docs/report-format.md); text from the scan, shown inert.
 */
export type StarttlsEvidence = { status: CheckStatus; error?: string; messages?: string[] };
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
  // Older reports lack the list, and a stored report is JSON of any shape: keep only non-empty strings.
  const messages = (arr<unknown>(c.messages) ?? []).filter((m): m is string => typeof m === "string" && m.trim() !== "");
  return { status: c.status, ...(error ? { error } : {}), ...(messages.length > 0 ? { messages } : {}) };
}

/** Whether any address of the report's MX hosts sent plaintext unasked (`injectedBytes` > 0, starttls-injection). */
export function hasInjectedBytes(mx: readonly MxHost[]): boolean {
  return mx.some((h) => h.endpoints.some((e) => typeof e.injectedBytes === "number" && e.injectedBytes > 0));
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

/** One record as published, and whether it is the one that applies (`checks.*.record`). */
export type PublishedRecordView = { value: string; applies: boolean };

/**
 * What an area's evidence says about the TXT records at the name it asked (spec "Records as
 * published"): the records exactly as received, or "could not be checked: <reason>" when the
 * lookup failed (DNSSEC bogus, SERVFAIL, timeout), or — only then — that none is published.
 * A report never says "no record" where records were received, and a check that could not be
 * done never reads as a missing record.
 */
export type RecordsView =
  | { kind: "published"; name: string; records: PublishedRecordView[]; several: boolean }
  | { kind: "unchecked"; message: string }
  | { kind: "none"; message: string };

type RecordsSource = { status: CheckStatus; record?: unknown; records?: unknown; error?: unknown };

/** "could not be checked: <reason>", the one wording for status `error` everywhere. */
export function couldNotCheck(reason: string | undefined): string {
  return `could not be checked: ${reason && reason.trim() !== "" ? reason : "the lookup failed"}`;
}

/** The records received: `records`, else (reports stored before it existed) the single `record`. */
export function receivedRecords(check: { record?: unknown; records?: unknown }): string[] {
  const records = arr<unknown>(check.records)?.filter((r): r is string => typeof r === "string");
  if (records !== undefined && records.length > 0) return records;
  const record = str(check.record);
  return record !== undefined ? [record] : [];
}

function recordsView(check: RecordsSource, name: string, noneMessage: string): RecordsView {
  const records = receivedRecords(check);
  if (records.length > 0) {
    const applies = str(check.record);
    return { kind: "published", name, records: records.map((value) => ({ value, applies: value === applies })), several: records.length > 1 };
  }
  if (check.status === "error") return { kind: "unchecked", message: couldNotCheck(str(check.error)) };
  return { kind: "none", message: noneMessage };
}

export function mtaStsRecordsView(report: ScanReport): RecordsView {
  const name = `_mta-sts.${report.domain}`;
  return recordsView(mtaStsEvidence(report), name, `No v=STSv1 TXT record at ${name}.`);
}

export function tlsRptRecordsView(report: ScanReport): RecordsView {
  const name = `_smtp._tls.${report.domain}`;
  return recordsView(tlsRptEvidence(report), name, `No v=TLSRPTv1 TXT record at ${name}.`);
}

export function spfRecordsView(report: ScanReport): RecordsView {
  return recordsView(spfEvidence(report), report.domain, `No v=spf1 TXT record at ${report.domain}.`);
}

/**
 * DMARC records are those of the name that decided discovery (lib/scan/checks/dmarc/lookup-record.ts):
 * the source's when a record was found there, else the domain's own (near misses), else the
 * organizational domain's.
 */
export function dmarcRecordsView(report: ScanReport): RecordsView {
  const e = dmarcEvidence(report);
  const domain = report.domain;
  const org = e.organizationalDomain && e.organizationalDomain !== domain ? e.organizationalDomain : undefined;
  const name = str(e.recordsAt) ?? `_dmarc.${e.source ?? domain}`;
  return recordsView(e, name, `No v=DMARC1 record at _dmarc.${domain}${org ? ` nor at _dmarc.${org}` : ""}.`);
}

/** How DMARC policy discovery ended (RFC 7489 §6.6.3), in words that match its records and findings. */
export function dmarcDiscoverySentence(report: ScanReport): string {
  const e = dmarcEvidence(report);
  const domain = report.domain;
  if (e.status === "error") return couldNotCheck(str(e.error));
  const records = receivedRecords(e);
  if (e.source !== undefined && e.record === undefined && records.length > 1) {
    return `${records.length} v=DMARC1 records at _dmarc.${e.source}: receivers apply none of them`;
  }
  if (e.inherited) return `no record receivers use at _dmarc.${domain}; the organizational domain's policy applies`;
  if (e.source !== undefined && e.record !== undefined) return e.source === domain ? "record found at the domain itself" : `record found at _dmarc.${e.source}`;
  if (records.length > 0) return "the published records do not start with v=DMARC1, so receivers discard them";
  return "no record found";
}
