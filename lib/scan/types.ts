/**
 * The scan report contract (schemaVersion 1), field for field as in the spec's "JSON report".
 * Pure types and constants: safe to import from the browser.
 */

export const REPORT_SCHEMA_VERSION = 1 as const;

export type Severity = "critical" | "high" | "medium" | "low" | "info";
export type CheckStatus = "pass" | "warn" | "fail" | "missing" | "error" | "n/a";
export type Grade = "A+" | "A" | "B" | "C" | "D" | "F";
export type DnssecState = "secure" | "insecure" | "bogus";
export type StarttlsState =
  | "ok"
  | "not-offered"
  | "failed"
  | "unreachable"
  | "rate-limited"
  | "blocked"
  | "skipped";

export type CertificateSummary = {
  subject: string;
  issuer: string;
  san: string[];
  notBefore: string;
  notAfter: string;
  spkiSha256: string;
  keyBits: number;
  trusted: boolean;
  nameMatches: boolean;
};

export type ChainEntry = { subject: string; spkiSha256: string };

export type Endpoint = {
  address: string;
  starttls: StarttlsState;
  /** Why the endpoint ended as it did, in one line (error text, SMTP reply); absent when ok. */
  detail?: string;
  tls?: { version: string; cipher: string };
  certificate?: CertificateSummary;
  chain?: ChainEntry[];
  dane?: { matches: boolean; matched: string[] };
  /**
   * Plaintext bytes the server sent unasked and the scanner discarded: replies pipelined before
   * EHLO or STARTTLS, or bytes after the 220 to STARTTLS (finding starttls-injection). The scanner
   * always sets it, 0 when none; reports stored before it existed lack it.
   */
  injectedBytes?: number;
};

export type MxHost = {
  host: string;
  preference: number;
  implicit: boolean;
  dnssec: DnssecState;
  tlsa?: { records: string[]; dnssec: DnssecState; usable: boolean };
  endpoints: Endpoint[];
};

export type CheckBase = { status: CheckStatus };

export type MtaStsPolicy = {
  version: string;
  mode: "enforce" | "testing" | "none";
  maxAge: number;
  mx: string[];
};

/**
 * `records` (spec "Records as published"): every candidate TXT record at the name queried, in the
 * order received, also several or invalid ones. Optional: reports stored before it lack it.
 */
export type Checks = {
  mtaSts: CheckBase & { record?: string; records?: string[]; policy?: MtaStsPolicy; [k: string]: unknown };
  tlsRpt: CheckBase & { record?: string; records?: string[]; [k: string]: unknown };
  starttls: CheckBase & { [k: string]: unknown };
  dane: CheckBase & { dnssec?: DnssecState; [k: string]: unknown };
  dmarc: CheckBase & { record?: string; records?: string[]; policy?: string; source?: string; [k: string]: unknown };
  spf: CheckBase & { record?: string; records?: string[]; lookups?: number; [k: string]: unknown };
};

export type Finding = {
  id: string;
  severity: Severity;
  title: string;
  detail: string;
  fix: string;
  host?: string;
};

export type Suggestions = {
  mtaStsPolicy: string;
  mtaStsRecord: string;
  tlsRptRecord: string;
  dmarcRecord: string;
  tlsa: string[];
  [k: string]: unknown;
};

export type ScanReport = {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  domain: string;
  startedAt: string;
  durationMs: number;
  grade: Grade;
  score: number;
  /** Version of the scanner that produced the observations. */
  scannerVersion?: string;
  /** Version of the scoring/ruleset table the grade was computed with. */
  rulesetVersion?: number;
  /**
   * The STARTTLS-stripping verdict (an addition to the spec's fields): one sentence a manager can
   * read, and per MX which protection paths hold and which sender classes they protect.
   */
  exposure?: {
    verdict: "protected" | "partial" | "exposed" | "no-inbound-mail" | "inconclusive";
    sentence: string;
    hosts: { host: string; dane: boolean; mtaSts: boolean; protectedFor: string; why: string }[];
  };
  mx: MxHost[];
  checks: Checks;
  findings: Finding[];
  suggestions?: Suggestions;
  /** For a domain that accepts no mail (an addition to the spec): null MX, SPF `-all` and DMARC `reject` records. */
  noMailSuggestions?: { kind: "no-mail"; nullMxRecord: string; spfRecord: string; dmarcRecord: string; notes: string[] };
};

/** Progress events a scan emits while it runs (areas completing), for live progress displays. */
export type ScanStage = "dns" | "mx" | "starttls" | "dane" | "mtaSts" | "tlsRpt" | "dmarc" | "spf" | "score";
export type ScanProgress = { stage: ScanStage; state: "started" | "done"; at: string };
