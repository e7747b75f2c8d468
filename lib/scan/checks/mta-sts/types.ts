/** Observation and result types of the MTA-STS check (RFC 8461). Pure types. */
import type { FindingId } from "../../findings";
import type { CheckStatus, MtaStsPolicy, Severity } from "../../types";
import type { DnsDnssec } from "../../net/dns-types";

/**
 * What the HTTPS fetch of `https://mta-sts.<domain>/.well-known/mta-sts.txt` observed.
 * Produced by the policy fetcher (lib/scan/checks/mta-sts/fetch-policy.ts), consumed by evaluateMtaSts.
 */
export type MtaStsPolicyFetch =
  /** An HTTP response that is not a redirect; `contentType` is the raw header value, null when absent. */
  | { kind: "ok"; status: number; contentType: string | null; body: string }
  /** A 3xx answer: RFC 8461 §3.3 forbids following it. */
  | { kind: "redirect"; location: string | null }
  /** The TLS handshake succeeded but the certificate is untrusted, expired or for another name. */
  | { kind: "cert-invalid"; reason: string }
  /** No address, refused, timeout, TLS failure other than the certificate, body read error. */
  | { kind: "unavailable"; reason: string }
  /** `mta-sts.<domain>` resolved to a loopback/private/link-local address and was not contacted. */
  | { kind: "blocked-private"; address: string }
  /** The body exceeded MTA_STS_MAX_POLICY_BYTES and was not read to the end. */
  | { kind: "too-large" };

/** Per-MX TLS verdict from the STARTTLS probe: `unknown` when unreachable or rate-limited. */
export type MxTlsVerdict = { host: string; tlsOk: boolean | "unknown"; reason?: string };

/** The `_mta-sts.<domain>` TXT lookup: absent (NXDOMAIN/NODATA) is kept apart from unknown. */
export type MtaStsRecordLookup = {
  name: string;
  outcome: "present" | "absent" | "unknown";
  /** Every TXT record at the name, each record's strings joined without spaces. */
  records: string[];
  dnssec: DnsDnssec;
  cnames: string[];
  error?: string;
};

export type MtaStsRecordParse =
  | { valid: true; record: string; id: string; extensions: Record<string, string> }
  | {
      valid: false;
      code: "no-sts-record" | "multiple-sts-records" | "syntax";
      message: string;
      /** The one STS record that broke the grammar (code "syntax"). */
      record?: string;
      /** The records that start with `v=STSv1`. */
      candidates: string[];
    };

export type MtaStsPolicyIssueCode =
  | "too-large"
  | "malformed-line"
  | "invalid-version"
  | "missing-version"
  | "invalid-mode"
  | "missing-mode"
  | "invalid-max-age"
  | "missing-max-age"
  | "invalid-mx"
  | "missing-mx"
  | "invalid-extension"
  // warnings: the policy stays valid
  | "duplicate-key"
  | "blank-line"
  | "key-case";

export type MtaStsPolicyIssue = { code: MtaStsPolicyIssueCode; message: string; line?: number };

export type MtaStsPolicyParse =
  | { valid: true; policy: MtaStsPolicy; extensions: Record<string, string>; warnings: MtaStsPolicyIssue[] }
  | { valid: false; errors: MtaStsPolicyIssue[]; warnings: MtaStsPolicyIssue[] };

/** Ids from the finding catalogue (lib/scan/findings.ts); the type fails to compile if one is not there. */
type CatalogueId<T extends FindingId> = T;

export type MtaStsFindingId = CatalogueId<
  | "mta-sts-missing"
  | "mta-sts-record-invalid"
  | "mta-sts-policy-unavailable"
  | "mta-sts-policy-redirect"
  | "mta-sts-policy-cert-invalid"
  | "mta-sts-policy-invalid"
  | "mta-sts-policy-content-type"
  | "mta-sts-policy-without-record"
  | "mta-sts-testing"
  | "mta-sts-mode-none"
  | "mta-sts-max-age-short"
  | "mta-sts-mx-mismatch"
  | "mta-sts-mx-tls-invalid"
  /** Catalogue id shared with the MX probe: the policy host resolves to a private address. */
  | "target-private-address">;

export type MtaStsFinding = { id: MtaStsFindingId; severity: Severity; host?: string; detail: string };

/** How one MX host stands against the policy, for the exposure model. */
export type MtaStsMxCoverage = {
  host: string;
  /** The first policy pattern that matches the host, when one does. */
  pattern?: string;
  matched: boolean;
  tlsOk: boolean | "unknown";
  /** Covered by a policy that counts as protection, and TLS not seen failing (unreachable does not count against it). */
  isProtected: boolean;
};

export type MtaStsObservations = {
  domain: string;
  record: MtaStsRecordLookup;
  /** null when the fetch was not attempted. */
  policy: MtaStsPolicyFetch | null;
  mx: MxTlsVerdict[];
};

export type MtaStsResult = {
  status: CheckStatus;
  /** The `v=STSv1` record (the selected one, or the single one that broke the grammar). */
  record?: string;
  /**
   * Every `v=STSv1` TXT record at `_mta-sts.<domain>`, in the order received (spec "Records as
   * published"): several when senders ignore them all (RFC 8461 §3.1), invalid ones included.
   */
  records: string[];
  policy?: MtaStsPolicy;
  findings: MtaStsFinding[];
  recordId?: string;
  recordError?: string;
  policyErrors?: MtaStsPolicyIssue[];
  policyWarnings?: MtaStsPolicyIssue[];
  fetch?: { kind: MtaStsPolicyFetch["kind"]; status?: number; contentType?: string | null; detail?: string };
  /** Why the check could not be completed (status "error"): the record lookup failed, or the policy was not fetched. */
  error?: string;
  /** A valid record, a valid policy served with 200 as text/plain, in enforce mode. */
  countsAsProtection: boolean;
  coverage: MtaStsMxCoverage[];
};
