/**
 * The scan report contract (spec "JSON report", schemaVersion 1) as a zod schema, for everything
 * that reads reports it did not produce itself: stored history, the JSON API, the command line's
 * consumers and the acceptance checks. Pure; safe in the browser.
 *
 * Strictness follows the spec: objects the spec fixes field for field (a finding, a certificate,
 * a chain entry, `tls`, `dane`, `tlsa`, an MTA-STS policy, the six `checks` areas) reject unknown
 * keys; containers (the report, an MX host, an endpoint) accept additions and keep them on parse
 * (`scannerVersion`, `exposure`, an endpoint's `detail`, … are declared; anything newer is
 * tolerated); `checks.*` carry their spec fields plus any evidence.
 *
 * Beyond shapes, validateReport checks the rules the spec states across fields: catalogue ids and
 * their exact severities, the implicit MX, `dane` only where TLSA records exist, "Resolver trust",
 * "specific before generic", "no usable DMARC record means no DMARC policy", "records as
 * published" (never "no record" where records is not empty), mx-host-unresolvable replacing
 * mx-unreachable, and starttls-injection resting on an endpoint's `injectedBytes`.
 */
import { z } from "zod";
import { FINDING_CATALOGUE, isFindingId } from "./findings";
import { DANE_HOST_STATES, EXPOSURE_VERDICTS, GRADES, SEVERITIES, STS_PATH_STATES, type ScanReport, type Severity } from "./types";

const CHECK_STATUSES = ["pass", "warn", "fail", "missing", "error", "n/a"] as const;
const DNSSEC_STATES = ["secure", "insecure", "bogus"] as const;
const STARTTLS_STATES = ["ok", "not-offered", "failed", "unreachable", "rate-limited", "blocked", "skipped"] as const;

/** Normalized domain (spec): lower case LDH labels (IDNs as A-labels), at least two, no trailing dot. */
const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
/** An MX or policy host name as reported: lower case, no trailing dot (one label allowed; `_` tolerated). */
const HOST = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;
/** A TLSA record in the report's string form "usage selector matching-type hex" (RFC 6698 §2.2). */
const TLSA_RECORD = /^\d{1,3} \d{1,3} \d{1,3} [0-9a-f]*$/;
/** Hex SHA-256 of a SubjectPublicKeyInfo; empty when the key could not be read. */
const SPKI_SHA256 = /^(?:[0-9a-f]{64})?$/;

const Severity = z.enum(SEVERITIES);
const CheckStatus = z.enum(CHECK_STATUSES);
const DnssecState = z.enum(DNSSEC_STATES);
const HostName = z.string().regex(HOST, "not a lower-case host name without a trailing dot");
const TlsaRecordText = z.string().regex(TLSA_RECORD, 'not a TLSA record of the form "3 1 1 <hex>"');

export const CertificateSchema = z.strictObject({
  subject: z.string(),
  issuer: z.string(),
  san: z.array(z.string()),
  notBefore: z.string().min(1),
  notAfter: z.string().min(1),
  spkiSha256: z.string().regex(SPKI_SHA256, "not a hex SHA-256"),
  keyBits: z.number().int().nonnegative(),
  trusted: z.boolean(),
  nameMatches: z.boolean(),
});

export const EndpointSchema = z.looseObject({
  address: z.union([z.ipv4(), z.ipv6()]),
  starttls: z.enum(STARTTLS_STATES),
  /** Not in the spec's example: why the endpoint ended as it did, in one line. */
  detail: z.string().optional(),
  tls: z.strictObject({ version: z.string().min(1), cipher: z.string().min(1) }).optional(),
  certificate: CertificateSchema.optional(),
  chain: z.array(z.strictObject({ subject: z.string(), spkiSha256: z.string().regex(SPKI_SHA256, "not a hex SHA-256") })).optional(),
  dane: z.strictObject({ matches: z.boolean(), matched: z.array(TlsaRecordText) }).optional(),
  /** Plaintext bytes sent unasked and discarded (starttls-injection); 0 when none. Optional for older reports. */
  injectedBytes: z.number().int().nonnegative().optional(),
  /** When the endpoint's observation was shared from another scan's probe: that probe's time (docs/politeness.md). */
  reusedFrom: z.iso.datetime({ offset: true }).optional(),
});

export const MxHostSchema = z.looseObject({
  host: HostName,
  preference: z.number().int().min(0).max(65_535),
  implicit: z.boolean(),
  dnssec: DnssecState,
  tlsa: z.strictObject({ records: z.array(TlsaRecordText), dnssec: DnssecState, usable: z.boolean() }).optional(),
  endpoints: z.array(EndpointSchema),
});

export const FindingSchema = z.strictObject({
  id: z.string().refine(isFindingId, { message: "not an id of the finding catalogue" }),
  severity: Severity,
  title: z.string().min(1),
  detail: z.string(),
  fix: z.string().min(1),
  host: HostName.optional(),
});

/** RFC 8461 §3.2: max_age is 0..31557600 seconds. */
const MtaStsPolicySchema = z.strictObject({
  // Typed string like MtaStsPolicy's, but only STSv1 is a valid policy's version.
  version: z.string().refine((v) => v === "STSv1", { message: "a valid policy has version STSv1" }),
  mode: z.enum(["enforce", "testing", "none"]),
  maxAge: z.number().int().min(0).max(31_557_600),
  mx: z.array(z.string().min(1)),
});

/** Spec "Records as published": every candidate TXT record at the name queried (optional: older stored reports lack it). */
const PublishedRecords = z.array(z.string()).optional();

export const ChecksSchema = z.strictObject({
  mtaSts: z.looseObject({ status: CheckStatus, record: z.string().optional(), records: PublishedRecords, policy: MtaStsPolicySchema.optional() }),
  tlsRpt: z.looseObject({ status: CheckStatus, record: z.string().optional(), records: PublishedRecords }),
  starttls: z.looseObject({ status: CheckStatus }),
  dane: z.looseObject({ status: CheckStatus, dnssec: DnssecState.optional() }),
  dmarc: z.looseObject({
    status: CheckStatus,
    record: z.string().optional(),
    records: PublishedRecords,
    // Typed string like Checks["dmarc"], valued as RFC 7489 §6.3 p.
    policy: z.string().refine((v) => ["none", "quarantine", "reject"].includes(v), { message: "policy is none, quarantine or reject" }).optional(),
    source: HostName.optional(),
  }),
  spf: z.looseObject({ status: CheckStatus, record: z.string().optional(), records: PublishedRecords, lookups: z.number().int().nonnegative().optional() }),
});

/** Spec "suggestions": when present, the four records always and the TLSA records as a list. */
export const SuggestionsSchema = z.looseObject({
  mtaStsPolicy: z.string().regex(/^version: STSv1\r?\n/, "not an MTA-STS policy (must start with version: STSv1)"),
  mtaStsRecord: z.string().regex(/^_mta-sts\.\S+ IN TXT "v=STSv1; id=[A-Za-z0-9]{1,32}"$/, 'not a _mta-sts TXT record ("v=STSv1; id=…")'),
  tlsRptRecord: z.string().regex(/^_smtp\._tls\.\S+ IN TXT "v=TLSRPTv1;.*"$/, "not a _smtp._tls TXT record"),
  dmarcRecord: z.string().regex(/^_dmarc\.\S+ IN TXT "v=DMARC1;.*"$/, "not a _dmarc TXT record"),
  // 3 1 1 for a presented leaf, 2 1 1 for a CA certificate the server sends (RFC 7672 §3.1.2).
  tlsa: z.array(z.string().regex(/^_25\._tcp\.\S+ IN TLSA [23] 1 1 [0-9a-f]{64}$/, "not a _25._tcp TLSA 3 1 1 / 2 1 1 record")),
});

/**
 * Not in the spec's example: for a domain that accepts no mail, instead of `suggestions`, the
 * records that say so everywhere — a null MX (RFC 7505 §3: exactly `0 .`), SPF `-all` and DMARC `reject`.
 */
export const NoMailSuggestionsSchema = z.strictObject({
  kind: z.literal("no-mail"),
  nullMxRecord: z.string().regex(/^\S+ IN MX 0 \.$/, 'not a null MX record ("<domain>. IN MX 0 .")'),
  spfRecord: z.string().regex(/^\S+ IN TXT "v=spf1 -all"$/, 'not an SPF "v=spf1 -all" TXT record'),
  dmarcRecord: z.string().regex(/^_dmarc\.\S+ IN TXT "v=DMARC1;.*"$/, "not a _dmarc TXT record"),
  notes: z.array(z.string()),
});

const ExposureSchema = z.object({
  verdict: z.enum(EXPOSURE_VERDICTS),
  sentence: z.string().min(1),
  hosts: z.array(
    z.object({
      host: HostName,
      dane: z.boolean(),
      mtaSts: z.boolean(),
      protectedFor: z.string(),
      why: z.string(),
      // Optional: reports stored before the structured reasons carry only `why`.
      reasons: z
        .array(
          z.discriminatedUnion("path", [
            z.object({ path: z.literal("dane"), state: z.enum(DANE_HOST_STATES), broken: z.boolean(), text: z.string() }),
            z.object({ path: z.literal("mta-sts"), state: z.enum(STS_PATH_STATES), broken: z.boolean(), text: z.string() }),
          ]),
        )
        .optional(),
    }),
  ),
});

const ReportShape = z.looseObject({
  schemaVersion: z.literal(1),
  domain: z.string().regex(DOMAIN, "not a normalized domain (lower case A-labels, no trailing dot)"),
  startedAt: z.iso.datetime(),
  durationMs: z.number().int().nonnegative(),
  grade: z.enum(GRADES),
  score: z.number().int().min(0).max(100),
  /** Not in the spec's example: why the scan has no grade (lib/scan/not-graded.ts). */
  notGraded: z.string().min(1).optional(),
  scannerVersion: z.string().min(1).optional(),
  rulesetVersion: z.number().int().positive().optional(),
  /** Not in the spec's example: the STARTTLS-stripping verdict in words, per MX. */
  exposure: ExposureSchema.optional(),
  mx: z.array(MxHostSchema),
  checks: ChecksSchema,
  findings: z.array(FindingSchema),
  suggestions: SuggestionsSchema.optional(),
  noMailSuggestions: NoMailSuggestionsSchema.optional(),
});

type ReportValue = z.output<typeof ReportShape>;
type Issue = { message: string; path: (string | number)[] };

/** Context severities (spec "Context decides some severities"): certificate findings, and the mta-sts-mx-* pair. */
function allowedSeverities(id: keyof typeof FINDING_CATALOGUE): readonly Severity[] {
  const def = FINDING_CATALOGUE[id];
  if (!def.contextSeverity) return [def.severity];
  // "critical in enforce, medium otherwise" for mta-sts-mx-*; certificates also drop to info under DANE-EE.
  return def.area === "mtaSts" ? [def.severity, "critical"] : [def.severity, "critical", "info"];
}

/** The spec's rules across fields; each broken rule is one issue at the path concerned. */
function crossFieldIssues(report: ReportValue): Issue[] {
  const issues: Issue[] = [];
  const ids = new Set(report.findings.map((f) => f.id));
  const findingPath = (id: string) => ["findings", report.findings.findIndex((f) => f.id === id)];

  report.findings.forEach((f, i) => {
    if (!isFindingId(f.id)) return;
    const allowed = allowedSeverities(f.id);
    if (!allowed.includes(f.severity)) issues.push({ path: ["findings", i, "severity"], message: `${f.id} has severity ${allowed.join(" or ")}, not ${f.severity}` });
  });

  report.mx.forEach((mx, i) => {
    // Spec: "An implicit MX appears in mx[] with host: <domain>, preference: 0 and implicit: true".
    if (mx.implicit && (mx.host !== report.domain || mx.preference !== 0)) {
      issues.push({ path: ["mx", i], message: `an implicit MX has host ${report.domain} and preference 0` });
    }
    // Spec: tlsa.usable means at least one DNSSEC-authenticated, usable record.
    if (mx.tlsa?.usable && (mx.tlsa.dnssec !== "secure" || mx.tlsa.records.length === 0)) {
      issues.push({ path: ["mx", i, "tlsa", "usable"], message: "usable TLSA records are DNSSEC-authenticated (dnssec: secure) and there is at least one" });
    }
    const records = new Set(mx.tlsa?.records ?? []);
    mx.endpoints.forEach((e, j) => {
      if (!e.dane) return;
      // Spec: "An endpoint of a host without TLSA records has no dane field."
      if (records.size === 0) issues.push({ path: ["mx", i, "endpoints", j, "dane"], message: "an endpoint of a host without TLSA records has no dane field" });
      if (e.dane.matches !== e.dane.matched.length > 0) issues.push({ path: ["mx", i, "endpoints", j, "dane", "matches"], message: "matches is true exactly when some record matched" });
      for (const r of e.dane.matched) {
        if (records.size > 0 && !records.has(r)) issues.push({ path: ["mx", i, "endpoints", j, "dane", "matched"], message: `matched record "${r}" is not among the host's TLSA records` });
      }
    });
  });

  // Spec "Resolver trust": unverifiable means dane error and no other dnssec-*/dane-* finding.
  if (ids.has("dnssec-unverifiable")) {
    if (report.checks.dane.status !== "error") issues.push({ path: ["checks", "dane", "status"], message: "with dnssec-unverifiable, checks.dane.status is error" });
    for (const id of ids) {
      if (id !== "dnssec-unverifiable" && (id.startsWith("dnssec-") || id.startsWith("dane-"))) {
        issues.push({ path: findingPath(id), message: `${id} is not raised beside dnssec-unverifiable` });
      }
    }
  }
  // Spec "Specific before generic".
  for (const [specific, generic] of [
    ["mta-sts-policy-redirect", "mta-sts-policy-unavailable"],
    ["mta-sts-policy-cert-invalid", "mta-sts-policy-unavailable"],
    ["mta-sts-policy-without-record", "mta-sts-missing"],
  ] as const) {
    if (ids.has(specific) && ids.has(generic)) issues.push({ path: findingPath(generic), message: `${generic} is not raised beside ${specific}` });
  }
  // Spec: "No usable DMARC record means no DMARC policy". A record with a flaw can still be usable:
  // RFC 7489 §6.6.3 step 6 applies one with an invalid p= but a valid rua= as p=none, and §6.3 lets
  // bad optional tags fall back to their defaults; then checks.dmarc.policy is set and the policy's
  // own findings stand beside dmarc-invalid.
  const usable = typeof report.checks.dmarc.policy === "string";
  for (const none of ["dmarc-missing", "dmarc-invalid"] as const) {
    if (!ids.has(none) || (none === "dmarc-invalid" && usable)) continue;
    for (const id of ids) {
      if (id.startsWith("dmarc-") && id !== none) issues.push({ path: findingPath(id), message: `${id} is not raised beside ${none}` });
    }
  }
  // Spec "Records as published": never "no record" where records is not empty, and the record
  // that applies is one of those published.
  for (const [area, missing] of [
    ["mtaSts", "mta-sts-missing"],
    ["tlsRpt", "tls-rpt-missing"],
    ["dmarc", "dmarc-missing"],
    ["spf", "spf-missing"],
  ] as const) {
    const check = report.checks[area];
    if (check.records === undefined) continue;
    if (check.records.length > 0 && check.status === "missing") {
      issues.push({ path: ["checks", area, "status"], message: `checks.${area}.status is not missing where records is not empty` });
    }
    if (check.records.length > 0 && ids.has(missing)) issues.push({ path: findingPath(missing), message: `${missing} is not raised where checks.${area}.records is not empty` });
    if (check.record !== undefined && !check.records.includes(check.record)) {
      issues.push({ path: ["checks", area, "record"], message: `checks.${area}.record is one of checks.${area}.records` });
    }
  }
  // Spec starttls-injection: the bytes discarded are the evidence, on an endpoint of that host.
  report.findings.forEach((f, i) => {
    if (f.id !== "starttls-injection") return;
    const evidence = report.mx.find((m) => m.host === f.host)?.endpoints.some((e) => (e.injectedBytes ?? 0) > 0);
    if (!evidence) issues.push({ path: ["findings", i], message: `starttls-injection needs an endpoint of ${f.host ?? "its host"} with injectedBytes above 0` });
  });
  // docs/report-format.md: noMailSuggestions comes instead of suggestions, never beside them.
  if (report.suggestions && report.noMailSuggestions) issues.push({ path: ["noMailSuggestions"], message: "noMailSuggestions is given instead of suggestions, not beside them" });
  // Spec: "mx-host-unresolvable replaces mx-unreachable for that host".
  const unresolvable = new Set(report.findings.filter((f) => f.id === "mx-host-unresolvable").map((f) => f.host));
  report.findings.forEach((f, i) => {
    if (f.id === "mx-unreachable" && unresolvable.has(f.host)) issues.push({ path: ["findings", i], message: `mx-unreachable is not raised for ${f.host}, which is mx-host-unresolvable` });
  });
  return issues;
}

/** The report contract: shape, then the cross-field rules. */
export const ReportSchema = ReportShape.superRefine((report, ctx) => {
  for (const issue of crossFieldIssues(report)) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
});

export type ValidatedReport = z.output<typeof ReportSchema>;

// The scanner's type must fit the contract: a field the scanner declares differently fails to compile here.
type Fits<T, U> = [T] extends [U] ? true : never;
const scanReportFitsSchema: Fits<ScanReport, z.input<typeof ReportSchema>> = true;
void scanReportFitsSchema;

export type ReportValidation = { ok: true } | { ok: false; issues: string[] };

/** Validates a parsed JSON value (or a report object) against the contract; issues read "path: message". */
export function validateReport(value: unknown): ReportValidation {
  const result = ReportSchema.safeParse(value);
  if (result.success) return { ok: true };
  return { ok: false, issues: result.error.issues.map((i) => `${i.path.length > 0 ? i.path.join(".") : "(report)"}: ${i.message}`) };
}
