/**
 * TLS-RPT aggregate reports (RFC 8460 §4): JSON → `ParsedTlsRpt`. Strict about what must be there
 * (organization, report id, date range, policies, counts) and tolerant about form: both spellings
 * senders use (`mx-host` from the RFC's example and `mx-host-pattern` from its §4.3 text;
 * `additional-information` and `additional-info-uri`), `mx-host` as a string or a list, counts as
 * numbers or numeric strings, result types kept verbatim (senders invent their own), unknown
 * fields ignored. Every string is cleaned for storage (text.ts).
 */
import { INGEST_LIMITS, type IngestLimits } from "./limits";
import { cleanString, decodeText } from "./text";

export type TlsRptFailure = {
  resultType: string;
  sendingMtaIp?: string;
  receivingMxHost?: string;
  receivingMxHelo?: string;
  receivingIp?: string;
  failedSessions: number;
  additionalInfo?: string;
  failureReasonCode?: string;
};

export type TlsRptPolicy = {
  policyType: string;
  policyDomain: string;
  policyStrings: string[];
  mxHosts: string[];
  successCount: number;
  failureCount: number;
  failures: TlsRptFailure[];
};

export type ParsedTlsRpt = {
  orgName: string;
  contactInfo?: string;
  reportId: string;
  rangeStart: Date;
  rangeEnd: Date;
  policies: TlsRptPolicy[];
};

export type TlsRptResult = { ok: true; report: ParsedTlsRpt } | { ok: false; error: string };

type Json = Record<string, unknown>;

/** Thrown inside the parser only; `parseTlsRpt` turns it into `{ ok: false, error }`. */
class ReportError extends Error {}

/** Parses one TLS-RPT JSON document (already inflated) into the stored shape. */
export function parseTlsRpt(json: Buffer | string, limits: IngestLimits = INGEST_LIMITS): TlsRptResult {
  let doc: unknown;
  try {
    doc = JSON.parse(typeof json === "string" ? json : decodeText(json));
  } catch (err) {
    return { ok: false, error: `TLS-RPT report is not valid JSON: ${(err as Error).message}` };
  }
  try {
    return { ok: true, report: readReport(doc, limits) };
  } catch (err) {
    if (err instanceof ReportError) return { ok: false, error: `TLS-RPT report: ${err.message}` };
    throw err;
  }
}

function readReport(doc: unknown, limits: IngestLimits): ParsedTlsRpt {
  const root = object(doc, "the document");
  const range = object(root["date-range"], '"date-range"');
  const rangeStart = date(range["start-datetime"], '"date-range"."start-datetime"');
  const rangeEnd = date(range["end-datetime"], '"date-range"."end-datetime"');
  if (rangeEnd < rangeStart) throw new ReportError('"date-range" ends before it starts');
  const policiesJson = root["policies"];
  if (!Array.isArray(policiesJson)) throw new ReportError('"policies" must be a list');
  let failureBudget = limits.maxFailureDetails;
  const policies = policiesJson.map((entry, i) => {
    const policy = readPolicy(entry, `"policies"[${i}]`, failureBudget);
    failureBudget -= policy.failures.length;
    return policy;
  });
  const contactInfo = optionalString(root["contact-info"], '"contact-info"');
  return {
    orgName: requiredString(root["organization-name"], '"organization-name"'),
    ...(contactInfo !== undefined && { contactInfo }),
    reportId: requiredString(root["report-id"], '"report-id"'),
    rangeStart,
    rangeEnd,
    policies,
  };
}

function readPolicy(entry: unknown, at: string, failureBudget: number): TlsRptPolicy {
  const item = object(entry, at);
  const policy = object(item["policy"], `${at}."policy"`);
  const summary = object(item["summary"], `${at}."summary"`);
  // §4.3 names the field `mx-host-pattern` in its text but `mx-host` in its example and schema;
  // senders use both, as one string or a list.
  const mxField = policy["mx-host"] !== undefined ? "mx-host" : "mx-host-pattern";
  const failuresJson = item["failure-details"] ?? [];
  if (!Array.isArray(failuresJson)) throw new ReportError(`${at}."failure-details" must be a list`);
  if (failuresJson.length > failureBudget) throw new ReportError(`more failure details than the cap allows (${failureBudget} left of the report's limit); rejected`);
  return {
    policyType: requiredString(policy["policy-type"], `${at}."policy"."policy-type"`),
    policyDomain: requiredString(policy["policy-domain"], `${at}."policy"."policy-domain"`),
    policyStrings: stringList(policy["policy-string"], `${at}."policy"."policy-string"`),
    mxHosts: stringList(policy[mxField], `${at}."policy"."${mxField}"`),
    successCount: count(summary["total-successful-session-count"], `${at}."summary"."total-successful-session-count"`),
    failureCount: count(summary["total-failure-session-count"], `${at}."summary"."total-failure-session-count"`),
    failures: failuresJson.map((f, j) => readFailure(f, `${at}."failure-details"[${j}]`)),
  };
}

function readFailure(entry: unknown, at: string): TlsRptFailure {
  const f = object(entry, at);
  const optional = (field: string) => optionalString(f[field], `${at}."${field}"`);
  const fields = {
    sendingMtaIp: optional("sending-mta-ip"),
    receivingMxHost: optional("receiving-mx-hostname"),
    receivingMxHelo: optional("receiving-mx-helo"),
    receivingIp: optional("receiving-ip"),
    // §4.4 text says `additional-information`; the schema's `additional-info-uri` is seen too.
    additionalInfo: optional("additional-information") ?? optional("additional-info-uri"),
    // `failure-error-code` is a spelling some senders use for §4.4's `failure-reason-code`.
    failureReasonCode: optionalCode(f["failure-reason-code"], at) ?? optionalCode(f["failure-error-code"], at),
  };
  return {
    // §4.4: result types are an IANA registry that grows; an unknown one is kept verbatim.
    resultType: requiredString(f["result-type"], `${at}."result-type"`),
    failedSessions: count(f["failed-session-count"], `${at}."failed-session-count"`),
    ...withoutUndefined(fields),
  };
}

function withoutUndefined<T extends Record<string, string | undefined>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function object(value: unknown, at: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ReportError(`${at} must be an object`);
  return value as Json;
}

function requiredString(value: unknown, at: string): string {
  const text = optionalString(value, at);
  if (text === undefined || text.trim() === "") throw new ReportError(`${at} is missing`);
  return text;
}

function optionalString(value: unknown, at: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return cleanString(value);
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  throw new ReportError(`${at} must be a string`);
}

function optionalCode(value: unknown, at: string): string | undefined {
  return optionalString(value, `${at}."failure-reason-code"`);
}

function stringList(value: unknown, at: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return [cleanString(value)];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.map((v: string) => cleanString(v));
  throw new ReportError(`${at} must be a string or a list of strings`);
}

/** A session count: a non-negative integer, as a JSON number or a numeric string ("5326"). */
function count(value: unknown, at: string): number {
  const n = typeof value === "number" ? value : typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw new ReportError(`${at} must be a non-negative whole number`);
  return n;
}

/** RFC 8460 §4.4: RFC 3339 date-times. */
function date(value: unknown, at: string): Date {
  const text = requiredString(value, at);
  const d = new Date(text.trim());
  if (Number.isNaN(d.getTime())) throw new ReportError(`${at} is not a date-time: ${JSON.stringify(text.slice(0, 40))}`);
  return d;
}
