/**
 * Hard caps for everything a sender can hand us (issue: reports from the senders). Reports arrive
 * from the open Internet, so every size is bounded before work is done on it: the raw message,
 * what it inflates to, the rows it carries and the archive members it lists.
 */
export type IngestLimits = {
  /** Raw bytes of one message, upload or POST body, checked before anything is inflated. */
  maxMessageBytes: number;
  /** Inflated bytes of one report, all members of an archive together. */
  maxInflatedBytes: number;
  /** `<record>` elements of one DMARC aggregate report. */
  maxRecords: number;
  /** `failure-details` entries of one TLS-RPT report, all policies together. */
  maxFailureDetails: number;
  /** Central-directory entries of one zip archive (a report zip holds one file). */
  maxZipMembers: number;
};

export const INGEST_LIMITS: IngestLimits = {
  maxMessageBytes: 15 * 1024 * 1024,
  maxInflatedBytes: 20 * 1024 * 1024,
  maxRecords: 200_000,
  maxFailureDetails: 10_000,
  maxZipMembers: 64,
};
