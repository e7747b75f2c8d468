/** Observation and result types of the DMARC check (RFC 7489, tolerant of DMARCbis tags). Pure types. */
import type { FindingId } from "../../findings";
import type { CheckStatus, Severity } from "../../types";
import type { ReportUri } from "../tls-rpt/uri-syntax";

export type DmarcPolicy = "none" | "quarantine" | "reject";

/** A report URI with its optional `!size` limit (RFC 7489 §6.4 dmarc-uri). */
export type DmarcUri = ReportUri & { maxSize?: string };

export type DmarcIssue = {
  code:
    | "tag-syntax"
    | "duplicate-tag"
    | "missing-p"
    | "invalid-p"
    | "invalid-sp"
    | "invalid-np"
    | "invalid-value"
    | "invalid-uri";
  message: string;
  tag?: string;
};

export type DmarcRecord = {
  record: string;
  /** Every well-formed tag, names lower-cased, first occurrence kept. Unknown tags included. */
  tags: Record<string, string>;
  /** p as published when valid. */
  p?: DmarcPolicy;
  sp?: DmarcPolicy;
  /** DMARCbis: policy for non-existent subdomains. */
  np?: DmarcPolicy;
  pct: number;
  adkim: "r" | "s";
  aspf: "r" | "s";
  rua: DmarcUri[];
  ruf: DmarcUri[];
  fo: string[];
  rf: string[];
  ri: number;
  /** DMARCbis. */
  psd?: "y" | "n" | "u";
  /** DMARCbis testing flag. */
  t?: "y" | "n";
  /**
   * RFC 7489 §6.6.3 step 6: whether receivers apply the record at all. A record with an invalid or
   * missing p (or an invalid sp) is applied as p=none when it has a valid rua, else ignored.
   */
  usable: boolean;
  /** The policy receivers apply for the domain itself (after the step 6 fallback). */
  effectiveP?: DmarcPolicy;
  /** The policy receivers apply for subdomains (sp, else p; after the step 6 fallback). */
  effectiveSp?: DmarcPolicy;
  /** True when the step 6 fallback turned the record into p=none. */
  treatedAsNone: boolean;
  /** Everything wrong with the record; non-fatal issues fall back to the tag's default (RFC 7489 §6.3). */
  issues: DmarcIssue[];
};

/** One DNS name's DMARC TXT records: discarded ones are those not starting with v=DMARC1 (RFC 7489 §6.6.3). */
export type DmarcNameLookup = {
  name: string;
  outcome: "ok" | "absent" | "unknown";
  /** Records that start with v=DMARC1. */
  records: string[];
  /** Other TXT records that look like a DMARC attempt (e.g. "v=dmarc1", " v=DMARC1", "p=reject; v=DMARC1"). */
  nearMisses: string[];
  /** Both kinds together, in the order received: what the name publishes as DMARC (evidence). */
  published: string[];
  error?: string;
};

/** Result of policy discovery (RFC 7489 §6.6.3). */
export type DmarcDiscovery = {
  domain: string;
  /** The organizational domain (public suffix list, ICANN section), null when the domain is a public suffix. */
  organizationalDomain: string | null;
  /** The names asked, in order (the domain, then the organizational domain when needed). */
  lookups: DmarcNameLookup[];
  outcome: "found" | "multiple" | "none" | "unknown";
  /** The domain whose record applies (outcome "found" or "multiple"). */
  source?: string;
  inherited: boolean;
  /** The record text (outcome "found"). */
  record?: string;
  /** What the name that decided discovery publishes as DMARC (see `publishedWithoutRecord` in lookup-record.ts). */
  records: string[];
  /** The `_dmarc.` name `records` were received from, when there are any. */
  recordsAt?: string;
  error?: string;
};

/** Whether an external report destination authorized the policy domain (RFC 7489 §7.1). */
export type DmarcReportAuthorization = {
  uri: string;
  tag: "rua" | "ruf";
  host: string;
  /** false when the destination is in the policy domain's own organizational domain. */
  external: boolean;
  /** The name checked: `<source>._report._dmarc.<host>`. */
  name?: string;
  authorized: boolean | "unknown";
  error?: string;
};

export type DmarcObservations = {
  discovery: DmarcDiscovery;
  reportAuthorizations: DmarcReportAuthorization[];
};

/** Ids from the finding catalogue (lib/scan/findings.ts); the type fails to compile if one is not there. */
type CatalogueId<T extends FindingId> = T;

export type DmarcFindingId = CatalogueId<
  | "dmarc-missing"
  | "dmarc-invalid"
  | "dmarc-inherited"
  | "dmarc-policy-none"
  | "dmarc-pct-partial"
  | "dmarc-subdomain-weaker"
  | "dmarc-no-rua"
  | "dmarc-rua-unauthorized">;

export type DmarcFinding = { id: DmarcFindingId; severity: Severity; detail: string };

export type DmarcResult = {
  status: CheckStatus;
  record?: string;
  /**
   * Every DMARC TXT record (v=DMARC1, and near misses receivers discard) published at the name that
   * decided discovery, in the order received: several for "multiple", invalid ones included.
   */
  records: string[];
  /** The `_dmarc.` name `records` were received from (the source's, the domain's or its organizational domain's). */
  recordsAt?: string;
  /** The effective policy for this domain: the record's p, or sp (else p) when inherited. */
  policy?: DmarcPolicy;
  /** The domain the record came from. */
  source?: string;
  inherited: boolean;
  organizationalDomain: string | null;
  parsed?: DmarcRecord;
  reportAuthorizations: DmarcReportAuthorization[];
  error?: string;
  findings: DmarcFinding[];
};
