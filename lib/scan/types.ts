/**
 * The scan report contract (schemaVersion 1), field for field as in the spec's "JSON report".
 * Pure types and constants: safe to import from the browser.
 */

export const REPORT_SCHEMA_VERSION = 1 as const;

/** Severities, worst first: the one order every ranking, sort and filter uses. */
export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];
export type CheckStatus = "pass" | "warn" | "fail" | "missing" | "error" | "n/a";
/** Grades, best first: the one order every comparison of grades uses (docs/scoring.md). */
export const GRADES = ["A+", "A", "B", "C", "D", "F"] as const;
export type Grade = (typeof GRADES)[number];

/** 0 for the worst severity (critical), growing towards info. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** 0 for the best grade (A+), growing towards F. */
export function gradeRank(g: Grade): number {
  return GRADES.indexOf(g);
}

export type DnssecState = "secure" | "insecure" | "bogus";

/** The STARTTLS-stripping verdict of a domain (report `exposure.verdict`). */
export const EXPOSURE_VERDICTS = ["protected", "partial", "exposed", "no-inbound-mail", "inconclusive"] as const;
export type ExposureVerdict = (typeof EXPOSURE_VERDICTS)[number];

/**
 * One protection path of one MX host and how it stands (report `exposure.hosts[].reasons`): `text`
 * says it in words without the path's name; `broken` marks a path that is published but fails.
 */
export type ExposureReason =
  | { path: "dane"; state: DaneHostState; broken: boolean; text: string }
  | { path: "mta-sts"; state: StsPathState; broken: boolean; text: string };

/**
 * Per host, what DANE amounts to (RFC 7672 §2.2): "protected" and "protected-unverified" protect
 * (protection is judged from what is published and valid, not from reachability).
 */
export const DANE_HOST_STATES = [
  /** The resolver does not validate: nothing was judged (dnssec-unverifiable). */
  "unverifiable",
  /** The address records or the TLSA answer are bogus (dnssec-bogus, raised by evaluate-dnssec.ts). */
  "bogus",
  /** Address records not secure and no TLSA records: senders do not do DANE for this host. */
  "not-applicable",
  /** Address records secure, no TLSA records (dane-missing). */
  "no-tlsa",
  /** TLSA records exist but senders ignore them: unauthenticated (dane-tlsa-insecure). */
  "insecure-tlsa",
  /** The TLSA lookup failed (servfail, timeout): unknown, not absent. No finding. */
  "lookup-failed",
  /** Authenticated TLSA records, none usable (dane-tlsa-unusable). */
  "unusable",
  /** Usable authenticated records, and a reached address did not match them (dane-tlsa-mismatch). */
  "mismatch",
  /**
   * Usable authenticated records published, but no address was reached (unreachable, rate-limited,
   * blocked, skipped): whether they match is unknown. Counts as published protection, not as pass.
   */
  "protected-unverified",
  /** Usable authenticated records, and every reached address (at least one) matched. */
  "protected",
] as const;
export type DaneHostState = (typeof DANE_HOST_STATES)[number];

/** Per host, what an MTA-STS policy amounts to (RFC 8461 §5): "protected" and "protected-unverified" protect. */
export const STS_PATH_STATES = ["not-enforced", "not-covered", "tls-invalid", "protected-unverified", "protected"] as const;
export type StsPathState = (typeof STS_PATH_STATES)[number];

/** One MX host of the exposure verdict; `why` is `reasons` as one line (kept for older readers). */
export type ExposureHost = { host: string; dane: boolean; mtaSts: boolean; protectedFor: string; why: string; reasons?: ExposureReason[] };

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
  /**
   * Set when this observation was not made for this scan but reused from another scan's probe of the
   * same (MX host, address, port) within the TTL: the ISO time of that probe (docs/politeness.md).
   */
  reusedFrom?: string;
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
  /**
   * Present only when the scan cannot be graded (an addition to the spec's fields): the reason in
   * one sentence — the domain does not exist, or no lookup of its own records succeeded. `grade`
   * and `score` are still written, and nothing shows or counts them (lib/scan/not-graded.ts).
   */
  notGraded?: string;
  /** Version of the scanner that produced the observations. */
  scannerVersion?: string;
  /** Version of the scoring/ruleset table the grade was computed with. */
  rulesetVersion?: number;
  /**
   * The STARTTLS-stripping verdict (an addition to the spec's fields): one sentence a manager can
   * read, and per MX which protection paths hold and which sender classes they protect.
   */
  exposure?: { verdict: ExposureVerdict; sentence: string; hosts: ExposureHost[] };
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
