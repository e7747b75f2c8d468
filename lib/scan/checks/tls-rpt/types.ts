/** Observation and result types of the TLS-RPT check (RFC 8460). Pure types. */
import type { FindingId } from "../../findings";
import type { CheckStatus, Severity } from "../../types";
import type { DnsDnssec } from "../../net/dns-types";
import type { ReportUri } from "./uri-syntax";

/** A `_smtp._tls.<name>` TXT lookup; absent (NXDOMAIN/NODATA) is kept apart from unknown. */
export type TlsRptLookup = {
  name: string;
  outcome: "present" | "absent" | "unknown";
  /** Every TXT record at the name, each record's strings joined without spaces. */
  records: string[];
  dnssec: DnsDnssec;
  error?: string;
};

export type TlsRptRecordParse =
  | { valid: true; record: string; rua: ReportUri[]; extensions: Record<string, string> }
  | {
      valid: false;
      code: "no-tlsrpt-record" | "multiple-tlsrpt-records" | "syntax";
      message: string;
      /** The one TLSRPT record that broke the grammar (code "syntax"). */
      record?: string;
      candidates: string[];
    };

/** Ids from the finding catalogue (lib/scan/findings.ts); the type fails to compile if one is not there. */
type CatalogueId<T extends FindingId> = T;

export type TlsRptFindingId = CatalogueId<"tls-rpt-missing" | "tls-rpt-invalid">;
export type TlsRptFinding = { id: TlsRptFindingId; severity: Severity; detail: string };

export type TlsRptResult = {
  status: CheckStatus;
  record?: string;
  /**
   * Every `v=TLSRPTv1` TXT record at `_smtp._tls.<domain>`, in the order received (spec "Records as
   * published"): several when senders ignore them all (RFC 8460 §3), invalid ones included.
   */
  records: string[];
  rua?: ReportUri[];
  error?: string;
  findings: TlsRptFinding[];
};

/** What `_smtp._tls.<mx>` holds for a DANE MX host (RFC 8460 §3: its Policy Domain is the MX host). Evidence only. */
export type MxTlsRptEvidence = {
  host: string;
  name: string;
  outcome: TlsRptLookup["outcome"];
  record?: string;
  valid?: boolean;
  rua?: string[];
  error?: string;
};
