/**
 * "What if I published this?": a draft `mta-sts.txt` or TLSA set, pasted by the user, judged
 * against the MX results of the last scan, without publishing or fetching anything. Pure: the
 * stored report is the only input (plus, optionally, the DER chains the MX hosts presented).
 *
 * What a stored report can and cannot tell:
 * - MTA-STS: everything. The policy is parsed by our parser and judged by evaluateMtaSts as if it
 *   had been fetched (200, text/plain) under a valid `_mta-sts` record, with each MX host's TLS
 *   verdict recomputed from its stored endpoints (evaluateHostTls).
 * - TLSA: the report keeps, per endpoint, the SHA-256 of the leaf's public key
 *   (`certificate.spkiSha256`) and of every presented certificate's key (`chain[].spkiSha256`),
 *   not the certificates. So only `x 1 1` records can be checked from it. A `3 1 1` record is
 *   checked exactly (RFC 7672 §3.1.1: only the leaf key counts). A `2 1 1` record is matched
 *   against the presented CA keys with the leaf's name and dates (RFC 7672 §3.1.2, §3.2), but
 *   whether the chain's signatures build from the leaf up to that CA needs the certificates:
 *   such a match is reported as "match-unverified". Records with selector 0 (whole
 *   certificate) or matching type 0 or 2 (full data, SHA-512) are "not-checkable" from a
 *   report. Given the DER chains, every record is checked with matchTlsa, as the DANE check does.
 *   Both ways compare the same digest: the report's `spkiSha256` and matchTlsa's `x 1 1` both
 *   come from lib/scan/x509, the SHA-256 of the SPKI exactly as it appears in the certificate
 *   (RFC 6698 §2.1.2), so a record that matches one way matches the other.
 */
import { hasRolloverRisk } from "../checks/dane/evaluate-dane";
import { formatTlsaOwnerName } from "../checks/dane/lookup-tlsa";
import { matchTlsa } from "../checks/dane/match-tlsa";
import { classifyTlsaRecord, formatTlsaRecord, parseTlsaString, type TlsaRecord } from "../checks/dane/tlsa-record";
import { evaluateMtaSts } from "../checks/mta-sts/evaluate";
import { parseMtaStsPolicy } from "../checks/mta-sts/parse-policy";
import type { MtaStsFinding, MtaStsPolicyIssue } from "../checks/mta-sts/types";
import { evaluateHostTls } from "../checks/starttls/evaluate-starttls";
import { readZoneLine } from "../suggest/zone-text";
import type { DnssecState, Endpoint, MtaStsPolicy, ScanReport, StarttlsState } from "../types";

export type WhatIfOptions = {
  /** When certificate dates are judged; default the scan's `startedAt` (the endpoints are from then). */
  now?: Date;
};

const normalize = (name: string): string => name.trim().toLowerCase().replace(/\.+$/, "");
const scanTime = (report: ScanReport, options: WhatIfOptions): Date => options.now ?? new Date(report.startedAt);

// ---------------------------------------------------------------------------------------------
// MTA-STS

export type DraftPolicyHost = {
  host: string;
  /** The first pattern of the draft that matches the host (RFC 8461 §4.1). */
  pattern?: string;
  matched: boolean;
  /** evaluateHostTls over the stored endpoints: "unknown" when none was reached. */
  tlsOk: boolean | "unknown";
  reason?: string;
  /** Would a sender deliver to this host under the draft in enforce mode (RFC 8461 §4.1, §4.2)? */
  wouldPass: boolean | "unknown";
};

export type DraftPolicyEvaluation =
  | { valid: false; errors: MtaStsPolicyIssue[]; warnings: MtaStsPolicyIssue[] }
  | {
      valid: true;
      policy: MtaStsPolicy;
      warnings: MtaStsPolicyIssue[];
      hosts: DraftPolicyHost[];
      /** Every MX host of the last scan matches a pattern and passed TLS: switching to (or keeping) enforce loses no mail. */
      safeToEnforce: boolean;
      /** Why it is not safe, one line per MX host (or for the scan as a whole). */
      blockers: string[];
      /** The mta-sts-* findings the draft would raise, were it published under a valid record as text/plain. */
      findings: MtaStsFinding[];
      /** Would the draft count as protection (spec: a valid, announced enforce policy served as text/plain)? */
      countsAsProtection: boolean;
    };

/** Judges a draft MTA-STS policy against the MX hosts and TLS results of `report`. */
export function evaluateDraftPolicy(draftText: string, report: ScanReport, options: WhatIfOptions = {}): DraftPolicyEvaluation {
  const parsed = parseMtaStsPolicy(draftText);
  if (!parsed.valid) return { valid: false, errors: parsed.errors, warnings: parsed.warnings };
  const now = scanTime(report, options);
  const verdicts = report.mx.map((mx) => ({ host: mx.host, ...evaluateHostTls(mx.endpoints, now) }));
  const result = evaluateMtaSts({
    domain: report.domain,
    // A synthetic, valid announcement and a clean fetch: only the draft itself is being judged.
    record: { name: `_mta-sts.${report.domain}`, outcome: "present", records: ["v=STSv1; id=whatif"], dnssec: "insecure", cnames: [] },
    policy: { kind: "ok", status: 200, contentType: "text/plain", body: draftText },
    mx: verdicts,
  });
  const hosts: DraftPolicyHost[] = verdicts.map((v) => {
    const coverage = result.coverage.find((c) => c.host === v.host);
    const matched = coverage?.matched ?? false;
    const wouldPass = !matched || v.tlsOk === false ? false : v.tlsOk === "unknown" ? "unknown" : true;
    return {
      host: v.host,
      ...(coverage?.pattern !== undefined ? { pattern: coverage.pattern } : {}),
      matched,
      tlsOk: v.tlsOk,
      ...(v.reason !== undefined ? { reason: v.reason } : {}),
      wouldPass,
    };
  });
  const blockers: string[] = [];
  if (hosts.length === 0) blockers.push("the last scan found no MX host to check the draft against");
  for (const h of hosts) {
    if (!h.matched) blockers.push(`${h.host} matches no mx line: senders would refuse it under enforce (RFC 8461 §4.1)`);
    else if (h.tlsOk === false) blockers.push(`${h.host} fails TLS (${h.reason ?? "STARTTLS or certificate"}): senders would refuse it under enforce (RFC 8461 §4.2)`);
    else if (h.tlsOk === "unknown") blockers.push(`${h.host} was not reached by the last scan, so its TLS is not known`);
  }
  return {
    valid: true,
    policy: parsed.policy,
    warnings: parsed.warnings,
    hosts,
    safeToEnforce: blockers.length === 0,
    blockers,
    findings: result.findings,
    countsAsProtection: result.countsAsProtection,
  };
}

// ---------------------------------------------------------------------------------------------
// TLSA

export type DraftIssue = { line: number; message: string };

export type DraftTlsaRecord = {
  line: number;
  /** The MX host the owner name names; absent for a bare `3 1 1 <hex>` line, which applies to every MX host. */
  host?: string;
  record: TlsaRecord;
  /** "u s m hex", the report's form. */
  text: string;
  usable: boolean;
  /** Why a sender ignores it (RFC 7672 §3.1.3, RFC 7671 §4.1). */
  unusableReason?: string;
};

export type DraftTlsaParse = { records: DraftTlsaRecord[]; errors: DraftIssue[]; warnings: DraftIssue[] };

/**
 * Reads a pasted TLSA set, one record a line: zone-file form (`_25._tcp.mx.example.com. [ttl] [IN]
 * TLSA 3 1 1 <hex>`) or bare (`3 1 1 <hex>`). Blank lines and `;` comments are skipped.
 */
export function parseTlsaDraft(draftText: string, mxHosts: readonly string[]): DraftTlsaParse {
  const records: DraftTlsaRecord[] = [];
  const errors: DraftIssue[] = [];
  const warnings: DraftIssue[] = [];
  const known = new Set(mxHosts.map(normalize));
  for (const [index, text] of draftText.split(/\r?\n/).entries()) {
    const line = index + 1;
    const read = readZoneLine(text, "TLSA", { allowBare: true });
    if (!read.ok) {
      errors.push({ line, message: read.message });
      continue;
    }
    if (read.line === null) continue;
    let host: string | undefined;
    if (read.line.owner !== undefined) {
      // RFC 7672 §2.2.3 (RFC 6698 §3): SMTP's TLSA records live at _25._tcp.<MX host>.
      if (!read.line.owner.startsWith("_25._tcp.")) {
        errors.push({ line, message: `owner ${read.line.owner} is not _25._tcp.<MX host> (SMTP uses port 25, TCP)` });
        continue;
      }
      host = read.line.owner.slice("_25._tcp.".length);
      if (!known.has(host)) warnings.push({ line, message: `${host} is not an MX host of the last scan: the record is not checked` });
    }
    const record = parseTlsaString(read.line.rdata.join(" "));
    if (record === null) {
      errors.push({ line, message: "expected four fields: usage selector matching-type data (RFC 6698 §2.2)" });
      continue;
    }
    const classification = classifyTlsaRecord(record);
    // Presentation format carries the data as hex (RFC 6698 §2.2): anything else is a typo, not a policy choice.
    if (!classification.usable && classification.reason === "not-hex") {
      errors.push({ line, message: classification.message });
      continue;
    }
    records.push({
      line,
      ...(host !== undefined ? { host } : {}),
      record,
      text: formatTlsaRecord(record),
      usable: classification.usable,
      ...(!classification.usable ? { unusableReason: classification.message } : {}),
    });
  }
  return { records, errors, warnings };
}

export type TlsaCheckOutcome =
  /** The record authenticates what the endpoint presented. */
  | "match"
  /** Stored report: a DANE-TA digest equals a presented CA key, name and dates are fine, the signature path was not re-checked. */
  | "match-unverified"
  | "no-match"
  /** DANE-TA: the data names a presented CA, but the chain, the name or the dates fail (RFC 7672 §3.1.2, §3.2). */
  | "ta-rejected"
  /** Selector 0 or matching type 0/2: the stored report has no data to check it against. */
  | "not-checkable"
  /** Senders ignore the record (RFC 7672 §3.1.3, RFC 7671 §4.1). */
  | "unusable";

export type TlsaRecordCheck = { line: number; record: string; outcome: TlsaCheckOutcome; detail?: string };

export type DraftTlsaEndpoint = {
  address: string;
  starttls: StarttlsState;
  /**
   * pass: a usable record matches; fail: TLS missing or no usable record matches; unknown: no
   * match, but some record could not be checked (or only matched unverified); inconclusive: not reached.
   */
  verdict: "pass" | "fail" | "unknown" | "inconclusive";
  /** Where the verdict comes from: the stored report's digests or the DER chain passed in. */
  method: "stored-report" | "presented-chain";
  checks: TlsaRecordCheck[];
};

export type DraftTlsaHost = {
  host: string;
  dnssec: DnssecState;
  /** The draft's records that apply to this host (its owner name, or bare lines). */
  records: string[];
  usableRecords: string[];
  /**
   * no-records: no usable record applies (nothing changes for DANE senders). ignored: usable
   * records apply, but the host's address records are not DNSSEC-authenticated (or the last
   * scan's resolver did not validate), so senders ignore them (RFC 7672 §2.2.3): that is the
   * host's one verdict; the per-address matches stay as information, never as "would fail".
   */
  verdict: "pass" | "fail" | "unknown" | "no-records" | "ignored";
  endpoints: DraftTlsaEndpoint[];
  /** RFC 7671 §8.1: every usable record pins only what is presented now (dane-rollover-risk). */
  rolloverRisk: boolean;
  notes: string[];
};

export type DraftTlsaEvaluation = DraftTlsaParse & {
  hosts: DraftTlsaHost[];
  /** No parse error, at least one usable record, and every MX host it applies to passes. */
  safeToPublish: boolean;
  blockers: string[];
};

/** DER chains the endpoints presented, leaf first: `chains[host][address]`. */
export type PresentedChains = Readonly<Record<string, Readonly<Record<string, readonly Buffer[]>>>>;

const REACHED: ReadonlySet<StarttlsState> = new Set(["ok", "not-offered", "failed"]);
const TA_REASONS = {
  chain: "the presented chain does not build from the leaf to this CA",
  name: "the leaf certificate is not for this MX host name",
  validity: "the leaf certificate is expired or not yet valid",
} as const;

function withinDates(endpoint: Endpoint, now: Date): boolean {
  const c = endpoint.certificate;
  if (!c) return false;
  return Date.parse(c.notBefore) <= now.getTime() && now.getTime() <= Date.parse(c.notAfter);
}

/** One usable record against one endpoint's stored digests (see the file comment for what is checkable). */
function checkStored(entry: DraftTlsaRecord, endpoint: Endpoint, now: Date): TlsaRecordCheck {
  const base = { line: entry.line, record: entry.text };
  const rec = entry.record;
  if (rec.selector !== 1 || rec.matchingType !== 1) {
    return { ...base, outcome: "not-checkable", detail: "the stored report keeps only SHA-256 digests of public keys (x 1 1); pass the certificates to check this record" };
  }
  const cert = endpoint.certificate;
  if (!cert || cert.spkiSha256 === "") return { ...base, outcome: "not-checkable", detail: "the report has no certificate for this endpoint" };
  const data = rec.data.toLowerCase();
  if (rec.usage === 3) return { ...base, outcome: cert.spkiSha256 === data ? "match" : "no-match" };
  // DANE-TA: a presented certificate other than the leaf, or the leaf itself when self-issued (RFC 7671 §5.2.2).
  const chain = endpoint.chain ?? [];
  const candidates = [...(cert.subject === cert.issuer ? chain.slice(0, 1) : []), ...chain.slice(1).filter((c) => c.spkiSha256 !== cert.spkiSha256)];
  if (!candidates.some((c) => c.spkiSha256 === data)) return { ...base, outcome: "no-match" };
  if (!cert.nameMatches) return { ...base, outcome: "ta-rejected", detail: TA_REASONS.name };
  if (!withinDates(endpoint, now)) return { ...base, outcome: "ta-rejected", detail: TA_REASONS.validity };
  return { ...base, outcome: "match-unverified", detail: "a presented CA has this key; that the chain's signatures lead to it needs the certificates" };
}

function checkChain(entries: readonly DraftTlsaRecord[], chain: readonly Buffer[], host: string, now: Date): TlsaRecordCheck[] {
  const result = matchTlsa(entries.map((e) => e.record), chain, { mxHost: host, now });
  return entries.map((e) => {
    const base = { line: e.line, record: e.text };
    if (result.matched.includes(e.text)) return { ...base, outcome: "match" as const };
    const rejected = result.rejected.find((r) => r.record === e.text);
    return rejected ? { ...base, outcome: "ta-rejected" as const, detail: TA_REASONS[rejected.reason] } : { ...base, outcome: "no-match" as const };
  });
}

function endpointVerdict(endpoint: Endpoint, checks: readonly TlsaRecordCheck[]): DraftTlsaEndpoint["verdict"] {
  if (!REACHED.has(endpoint.starttls)) return "inconclusive";
  // RFC 7672 §2.2: with usable TLSA records a DANE sender requires TLS; no STARTTLS is no delivery.
  if (endpoint.starttls !== "ok") return "fail";
  if (checks.some((c) => c.outcome === "match")) return "pass";
  if (checks.some((c) => c.outcome === "match-unverified" || c.outcome === "not-checkable")) return "unknown";
  return "fail";
}

/**
 * Judges a draft TLSA set against the MX endpoints of `report`: for each MX host and address,
 * which records would match what it presented at the last scan. With `chains` (DER, leaf first,
 * by host and address) every record type is checked; without, see the file comment.
 */
export function evaluateDraftTlsa(draftText: string, report: ScanReport, chains?: PresentedChains, options: WhatIfOptions = {}): DraftTlsaEvaluation {
  const now = scanTime(report, options);
  const parsed = parseTlsaDraft(draftText, report.mx.map((m) => m.host));
  // Spec "Resolver trust": a report whose resolver did not validate proves no host signed.
  const resolverValidated = report.checks?.dane?.resolverValidating !== false;
  const hosts: DraftTlsaHost[] = report.mx.map((mx) => {
    const host = normalize(mx.host);
    const applicable = parsed.records.filter((r) => r.host === undefined || r.host === host);
    const unique = applicable.filter((r, i) => applicable.findIndex((o) => o.text === r.text) === i);
    const usable = unique.filter((r) => r.usable);
    const endpoints: DraftTlsaEndpoint[] = mx.endpoints.map((endpoint) => {
      const chain = chains?.[mx.host]?.[endpoint.address];
      const method = chain && chain.length > 0 ? "presented-chain" : "stored-report";
      const usableChecks =
        endpoint.starttls !== "ok" ? [] : chain && chain.length > 0 ? checkChain(usable, chain, host, now) : usable.map((r) => checkStored(r, endpoint, now));
      const unusableChecks = unique.filter((r) => !r.usable).map((r) => ({ line: r.line, record: r.text, outcome: "unusable" as const, detail: r.unusableReason ?? "" }));
      return { address: endpoint.address, starttls: endpoint.starttls, verdict: endpointVerdict(endpoint, usableChecks), method, checks: [...usableChecks, ...unusableChecks] };
    });
    const reached = endpoints.filter((e) => e.verdict !== "inconclusive");
    // RFC 7672 §2.2.3: senders look TLSA up only for MX hosts whose address records are
    // DNSSEC-authenticated; an unvalidated "secure" is not evidence (spec "Resolver trust").
    const signed = mx.dnssec === "secure" && resolverValidated;
    const verdict: DraftTlsaHost["verdict"] =
      usable.length === 0
        ? "no-records"
        : !signed
          ? "ignored"
          : reached.length === 0
            ? "unknown"
            : reached.some((e) => e.verdict === "fail")
              ? "fail"
              : reached.some((e) => e.verdict === "unknown")
                ? "unknown"
                : "pass";
    const matches = reached.filter((e) => e.verdict === "pass").map((e) => ({ matches: true, matched: e.checks.filter((c) => c.outcome === "match").map((c) => c.record) }));
    const notes: string[] = [];
    // RFC 7672 §2.2.3: senders look TLSA up only for MX hosts whose address records are DNSSEC-authenticated.
    if (verdict === "ignored") {
      notes.push(
        resolverValidated
          ? `the address records of ${host} are not DNSSEC-authenticated (${mx.dnssec}): senders ignore TLSA records at ${formatTlsaOwnerName(host)} until they are`
          : `the last scan's resolver did not validate DNSSEC, so whether senders would use TLSA records at ${formatTlsaOwnerName(host)} is not known; without DNSSEC they ignore them`,
      );
    }
    if (verdict !== "ignored" && reached.length === 0 && usable.length > 0) notes.push(`${host} was not reached by the last scan: nothing could be matched`);
    return {
      host: mx.host,
      dnssec: mx.dnssec,
      records: unique.map((r) => r.text),
      usableRecords: usable.map((r) => r.text),
      verdict,
      endpoints,
      rolloverRisk: verdict === "pass" && hasRolloverRisk(usable.map((r) => r.text), matches),
      notes,
    };
  });
  const blockers: string[] = [];
  if (parsed.errors.length > 0) blockers.push(`${parsed.errors.length} line(s) could not be read; fix them first`);
  if (!hosts.some((h) => h.usableRecords.length > 0)) blockers.push("no usable record applies to an MX host of the last scan");
  for (const h of hosts) {
    if (h.verdict === "fail") blockers.push(`${h.host}: no usable record matches what it presented (or it offered no TLS); DANE senders would not deliver to it (RFC 7672 §3)`);
    if (h.verdict === "unknown") blockers.push(`${h.host}: the match could not be confirmed from the last scan`);
  }
  return { ...parsed, hosts, safeToPublish: blockers.length === 0, blockers };
}
