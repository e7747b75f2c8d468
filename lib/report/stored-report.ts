/**
 * The one way to read a report back from storage (`Scan.report`): parse, upgrade, or say plainly
 * that it cannot be read. Every reader of stored reports (history, compare, the domain and pinned
 * scan pages, the JSON API, the scan task's previous report) goes through `readStoredReport`, so
 * the code behind it works on a real `ScanReport` instead of defending itself field by field.
 *
 * Stored reports were written by every scanner version since the first, so this reader is more
 * lenient than the contract in lib/scan/report-schema.ts (which checks what the scanner produces
 * today, value formats and cross-field rules included):
 * - it checks types, not formats (a host name, a record's text or a finding's id is a string);
 * - fields added after the first version are optional (`scannerVersion`, `rulesetVersion`,
 *   `exposure`, `noMailSuggestions`, an endpoint's `detail` or `injectedBytes`, a check's
 *   `records`, …) and an `exposure` that does not fit is dropped (it is recomputed from the
 *   findings where it is needed, lib/report/summary.ts);
 * - unknown fields are kept as they are (checks carry their evidence next to the spec's fields);
 * - `upgrade` first rewrites shapes that older scanners wrote differently, keyed on
 *   `schemaVersion` and on what is present.
 * Pure; safe in the browser.
 */
import { z } from "zod";
import { FINDING_CATALOGUE, isFindingId } from "@/lib/scan/findings";
import { DANE_REASON_TEXT, formatExposureWhy, isBrokenPath, STS_REASON_TEXT } from "@/lib/scan/posture/exposure";
import {
  DANE_HOST_STATES,
  EXPOSURE_VERDICTS,
  GRADES,
  REPORT_SCHEMA_VERSION,
  SEVERITIES,
  STS_PATH_STATES,
  type DaneHostState,
  type ExposureReason,
  type ScanReport,
  type StsPathState,
} from "@/lib/scan/types";

const Severity = z.enum(SEVERITIES);
const CheckStatus = z.enum(["pass", "warn", "fail", "missing", "error", "n/a"]);
const DnssecState = z.enum(["secure", "insecure", "bogus"]);

const Certificate = z.looseObject({
  subject: z.string(),
  issuer: z.string(),
  san: z.array(z.string()).default([]),
  notBefore: z.string(),
  notAfter: z.string(),
  spkiSha256: z.string(),
  keyBits: z.number().default(0),
  trusted: z.boolean(),
  nameMatches: z.boolean(),
});

const Endpoint = z.looseObject({
  address: z.string(),
  starttls: z.enum(["ok", "not-offered", "failed", "unreachable", "rate-limited", "blocked", "skipped"]),
  detail: z.string().optional(),
  tls: z.looseObject({ version: z.string(), cipher: z.string() }).optional(),
  certificate: Certificate.optional(),
  chain: z.array(z.looseObject({ subject: z.string(), spkiSha256: z.string() })).optional(),
  dane: z.looseObject({ matches: z.boolean(), matched: z.array(z.string()) }).optional(),
});

const MxHost = z.looseObject({
  host: z.string(),
  preference: z.number(),
  implicit: z.boolean().default(false),
  dnssec: DnssecState,
  tlsa: z.looseObject({ records: z.array(z.string()), dnssec: DnssecState, usable: z.boolean() }).optional(),
  endpoints: z.array(Endpoint).default([]),
});

const Finding = z.looseObject({
  id: z.string(),
  severity: Severity,
  title: z.string(),
  detail: z.string().default(""),
  fix: z.string().default(""),
  host: z.string().optional(),
});

const Checks = z.looseObject({
  mtaSts: z.looseObject({
    status: CheckStatus,
    record: z.string().optional(),
    policy: z.looseObject({ version: z.string(), mode: z.enum(["enforce", "testing", "none"]), maxAge: z.number(), mx: z.array(z.string()) }).optional(),
  }),
  tlsRpt: z.looseObject({ status: CheckStatus, record: z.string().optional() }),
  starttls: z.looseObject({ status: CheckStatus }),
  dane: z.looseObject({ status: CheckStatus, dnssec: DnssecState.optional() }),
  dmarc: z.looseObject({ status: CheckStatus, record: z.string().optional(), policy: z.string().optional(), source: z.string().optional() }),
  spf: z.looseObject({ status: CheckStatus, record: z.string().optional(), lookups: z.number().optional() }),
});

/**
 * Mail suggestions; `upgrade` has filled the fields a generator of the time did not write. A
 * suggestion of another type is read as none: it is advice derived from the observations, and a
 * rescan writes it again.
 */
const Suggestions = z.looseObject({
  mtaStsPolicy: z.string().catch(""),
  mtaStsRecord: z.string().catch(""),
  tlsRptRecord: z.string().catch(""),
  dmarcRecord: z.string().catch(""),
  tlsa: z.array(z.string()).catch([]),
});

const NoMailSuggestions = z.looseObject({
  kind: z.literal("no-mail"),
  // Empty is "no suggestion", as for the mail set.
  nullMxRecord: z.string().catch(""),
  spfRecord: z.string().catch(""),
  dmarcRecord: z.string().catch(""),
  notes: z.array(z.string()).catch([]),
});

const Exposure = z.looseObject({
  verdict: z.enum(EXPOSURE_VERDICTS),
  sentence: z.string(),
  hosts: z.array(
    z.looseObject({
      host: z.string(),
      dane: z.boolean(),
      mtaSts: z.boolean(),
      protectedFor: z.string(),
      why: z.string(),
      // Absent in reports stored before the structured reasons; `upgrade` derives them from `why`.
      reasons: z
        .array(
          z.discriminatedUnion("path", [
            z.looseObject({ path: z.literal("dane"), state: z.enum(DANE_HOST_STATES), broken: z.boolean(), text: z.string() }),
            z.looseObject({ path: z.literal("mta-sts"), state: z.enum(STS_PATH_STATES), broken: z.boolean(), text: z.string() }),
          ]),
        )
        .optional(),
    }),
  ),
});

const StoredReportSchema = z.looseObject({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  domain: z.string().min(1),
  startedAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: "not a date" }),
  durationMs: z.number().nonnegative(),
  grade: z.enum(GRADES),
  score: z.number(),
  notGraded: z.string().optional(),
  scannerVersion: z.string().optional(),
  rulesetVersion: z.number().optional(),
  // Derived data: a verdict of a shape we no longer know is recomputed rather than fatal.
  exposure: Exposure.optional().catch(undefined),
  mx: z.array(MxHost),
  checks: Checks,
  findings: z.array(Finding),
  suggestions: Suggestions.optional(),
  noMailSuggestions: NoMailSuggestions.optional(),
});

// What the reader returns must be a ScanReport: a field declared differently fails to compile here.
type Fits<T, U> = [T] extends [U] ? true : never;
const storedFitsScanReport: Fits<z.output<typeof StoredReportSchema>, ScanReport> = true;
void storedFitsScanReport;

/** A stored report that cannot be shown: why, in one sentence, and the parser's issues. */
export type UnreadableReport = { reason: string; issues: string[] };

export type StoredReport =
  | { ok: true; report: ScanReport; /** What `upgrade` changed, in words (empty for a current report). */ upgrades: string[] }
  | { ok: false; unreadable: UnreadableReport };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const stateOfText = <S extends string>(table: Readonly<Record<S, string>>, text: string): S | undefined =>
  (Object.keys(table) as S[]).find((state) => table[state] === text);

/**
 * The structured reasons behind a stored `why` line ("DANE: …; MTA-STS broken: …"), as the
 * scanner wrote it before it stored them; undefined for a line it did not write.
 */
export function parseLegacyExposureWhy(why: string): ExposureReason[] | undefined {
  const m = /^DANE(?: broken)?: (.*); MTA-STS(?: broken)?: (.*)$/.exec(why);
  if (!m) return undefined;
  const dane: DaneHostState | undefined = stateOfText(DANE_REASON_TEXT, m[1]!);
  const sts: StsPathState | undefined = stateOfText(STS_REASON_TEXT, m[2]!);
  if (!dane || !sts) return undefined;
  const reasons: ExposureReason[] = [
    { path: "dane", state: dane, broken: isBrokenPath({ path: "dane", state: dane }), text: DANE_REASON_TEXT[dane] },
    { path: "mta-sts", state: sts, broken: isBrokenPath({ path: "mta-sts", state: sts }), text: STS_REASON_TEXT[sts] },
  ];
  // Only a line that reads back exactly as written counts (a "broken" label on the wrong state does not).
  return formatExposureWhy(reasons) === why ? reasons : undefined;
}

const MAIL_SUGGESTION_STRINGS = ["mtaStsPolicy", "mtaStsRecord", "tlsRptRecord", "dmarcRecord"] as const;

/**
 * Rewrites shapes older scanners stored differently into today's, on a copy. Returns the report
 * and what was changed, or the reason it cannot be upgraded.
 */
function upgrade(input: Record<string, unknown>): { value: Record<string, unknown>; upgrades: string[] } | { reason: string } {
  const value: Record<string, unknown> = { ...input };
  const upgrades: string[] = [];

  // schemaVersion: reports are numbered from the first contract on; a newer number means a newer
  // contract this code does not know, which it must not guess at.
  if (value.schemaVersion === undefined) {
    value.schemaVersion = REPORT_SCHEMA_VERSION;
    upgrades.push(`no schemaVersion: read as ${REPORT_SCHEMA_VERSION}`);
  } else if (typeof value.schemaVersion === "number" && value.schemaVersion > REPORT_SCHEMA_VERSION) {
    return { reason: `It was written by a newer scanner (report format ${value.schemaVersion}); this version reads format ${REPORT_SCHEMA_VERSION}.` };
  }

  // The no-mail trio (null MX, SPF -all, DMARC reject) was first stored under `suggestions`,
  // tagged kind "no-mail" (or recognisable by its null MX record); it has its own field now, and
  // `suggestions` is the spec's mail set only.
  const s = value.suggestions;
  if (isRecord(s) && (s.kind === "no-mail" || (typeof s.nullMxRecord === "string" && s.mtaStsPolicy === undefined))) {
    if (value.noMailSuggestions === undefined) value.noMailSuggestions = { ...s, kind: "no-mail" };
    delete value.suggestions;
    upgrades.push("no-mail suggestions moved from suggestions to noMailSuggestions");
  }

  // Mail suggestions written before every generator existed lack some records: an empty value
  // is what the readers take as "no suggestion for this" (lib/report/fix-plan).
  if (isRecord(value.suggestions)) {
    const s: Record<string, unknown> = { ...value.suggestions };
    const filled: string[] = [];
    for (const key of MAIL_SUGGESTION_STRINGS) {
      if (s[key] === undefined) {
        s[key] = "";
        filled.push(key);
      }
    }
    if (s.tlsa === undefined) {
      s.tlsa = [];
      filled.push("tlsa");
    }
    if (filled.length > 0) upgrades.push(`suggestions without ${filled.join(", ")}: read as none`);
    value.suggestions = s;
  }

  // A finding stored without its title (never dropped by a scanner we know of, but cheap to
  // mend): the catalogue's title for that id.
  if (Array.isArray(value.findings)) {
    value.findings = value.findings.map((f: unknown) => {
      if (!isRecord(f) || typeof f.title === "string" || typeof f.id !== "string" || !isFindingId(f.id)) return f;
      upgrades.push(`finding ${f.id} without a title: the catalogue's title`);
      return { ...f, title: FINDING_CATALOGUE[f.id].title };
    });
  }
  // Exposure hosts stored before the structured reasons carry only the joined `why` line: the
  // reasons are read back from it here, the one place that parses that legacy text. A line this
  // scanner never wrote stays without reasons (readers then show `why` as it is).
  if (isRecord(value.exposure) && Array.isArray(value.exposure.hosts)) {
    let derived = 0;
    const hosts = value.exposure.hosts.map((h: unknown) => {
      if (!isRecord(h) || h.reasons !== undefined || typeof h.why !== "string") return h;
      const reasons = parseLegacyExposureWhy(h.why);
      if (!reasons) return h;
      derived += 1;
      return { ...h, reasons };
    });
    if (derived > 0) {
      value.exposure = { ...value.exposure, hosts };
      upgrades.push("exposure reasons read from the hosts' why text");
    }
  }
  return { value, upgrades };
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, 20).map((i) => `${i.path.length > 0 ? i.path.join(".") : "(report)"}: ${i.message}`);
}

/**
 * Reads a report as stored in `Scan.report` (parsed JSON). Never throws: a value that is not a
 * report gives `{ ok: false, unreadable }`, which pages show as "this report cannot be read".
 */
export function readStoredReport(json: unknown): StoredReport {
  if (json === null || json === undefined) return { ok: false, unreadable: { reason: "No report is stored for this scan.", issues: [] } };
  if (!isRecord(json)) return { ok: false, unreadable: { reason: "The stored report is not a JSON object.", issues: [] } };
  const up = upgrade(json);
  if ("reason" in up) return { ok: false, unreadable: { reason: up.reason, issues: [] } };
  const parsed = StoredReportSchema.safeParse(up.value);
  if (!parsed.success) {
    return { ok: false, unreadable: { reason: "The stored report does not have the shape of a scan report, so it cannot be shown.", issues: describeIssues(parsed.error) } };
  }
  return { ok: true, report: parsed.data, upgrades: up.upgrades };
}

/** The report, or null when it cannot be read (for readers that only skip such a scan). */
export function storedReportOrNull(json: unknown): ScanReport | null {
  const r = readStoredReport(json);
  return r.ok ? r.report : null;
}
