/**
 * DMARC aggregate reports (RFC 7489 Appendix C; RFC 9990's namespace and fields such as `<np>`,
 * `<testing>`, `<discovery_method>` and `<generator>`): XML → `ParsedDmarc`. The XML is read by
 * xml.ts, which refuses any DTD and knows no entities. Elements are matched by local name, so the
 * 2.0 namespace, a prefix or no namespace at all read the same; unknown elements (vendor
 * `<extension>`s, stray schema elements) are ignored; values are kept as received (Yahoo's literal
 * `unused` in a policy field stays `unused`). Records are converted as each one closes, so memory
 * holds the compact rows, not the XML tree of a 200 000-record report.
 */
import { INGEST_LIMITS, type IngestLimits } from "./limits";
import { decodeText } from "./text";
import { parseXml, type XmlElement } from "./xml";

export type DmarcAuthResult = { kind: "dkim" | "spf"; domain: string; result: string; selector?: string };

export type DmarcRecord = {
  sourceIp: string;
  count: number;
  disposition: string;
  dkim: string;
  spf: string;
  headerFrom: string;
  envelopeFrom?: string;
  envelopeTo?: string;
  /** `<reason>` overrides of the evaluated policy (forwarded, mailing_list, local_policy …). */
  reasons?: { type: string; comment?: string }[];
  authResults: DmarcAuthResult[];
};

export type ParsedDmarc = {
  orgName: string;
  email?: string;
  reportId: string;
  rangeStart: Date;
  rangeEnd: Date;
  domain: string;
  /** Every child of `<policy_published>` as received, keyed by element name (p, sp, pct, np, …). */
  policyPublished: Record<string, string>;
  records: DmarcRecord[];
};

export type DmarcResult = { ok: true; report: ParsedDmarc } | { ok: false; error: string };

class ReportError extends Error {}

/** Deep enough for the format (feedback/record/auth_results/dkim/domain is 5), far below a stack risk. */
const MAX_DEPTH = 32;
/** Elements held at once outside the records (metadata, policy, one record being read). */
const MAX_RETAINED_ELEMENTS = 50_000;

/** Parses one DMARC aggregate XML document (already inflated) into the stored shape. */
export function parseDmarcAggregate(xml: Buffer | string, limits: IngestLimits = INGEST_LIMITS): DmarcResult {
  const text = typeof xml === "string" ? decodeText(xml) : decodeText(xml, declaredEncoding(xml));
  const records: DmarcRecord[] = [];
  try {
    const parsed = parseXml(text, {
      maxDepth: MAX_DEPTH,
      maxRetainedElements: MAX_RETAINED_ELEMENTS,
      detach: (element, depth) => {
        if (depth !== 1 || element.name !== "record") return false;
        if (records.length >= limits.maxRecords) throw new ReportError(`more than ${limits.maxRecords} records (the cap); rejected`);
        records.push(readRecord(element, records.length));
        return true;
      },
    });
    if (!parsed.ok) return { ok: false, error: `DMARC report: ${parsed.error}` };
    return { ok: true, report: readFeedback(parsed.root, records) };
  } catch (err) {
    if (err instanceof ReportError) return { ok: false, error: `DMARC report: ${err.message}` };
    throw err;
  }
}

function readFeedback(root: XmlElement, records: DmarcRecord[]): ParsedDmarc {
  if (root.name !== "feedback") throw new ReportError(`root element is <${root.name.slice(0, 40)}>, not <feedback>`);
  const metadata = required(root, "report_metadata");
  const range = required(metadata, "date_range");
  const policy = required(root, "policy_published");
  const policyPublished: Record<string, string> = {};
  for (const child of policy.children) {
    // A repeated element (seen from broken generators) keeps its first value.
    if (!Object.hasOwn(policyPublished, child.name)) policyPublished[child.name] = child.text.trim();
  }
  const email = value(metadata, "email");
  const rangeStart = epoch(range, "begin");
  const rangeEnd = epoch(range, "end");
  if (rangeEnd < rangeStart) throw new ReportError("<date_range> ends before it begins");
  return {
    orgName: requiredValue(metadata, "org_name"),
    ...(email !== undefined && { email }),
    reportId: requiredValue(metadata, "report_id"),
    rangeStart,
    rangeEnd,
    domain: requiredValue(policy, "domain"),
    policyPublished,
    records,
  };
}

function readRecord(record: XmlElement, index: number): DmarcRecord {
  const at = `<record> #${index + 1}`;
  const row = required(record, "row", at);
  const evaluated = child(row, "policy_evaluated");
  const identifiers = child(record, "identifiers");
  const auth = child(record, "auth_results");
  const sourceIp = requiredValue(row, "source_ip", at);
  const countText = requiredValue(row, "count", at);
  if (!/^\d+$/.test(countText)) throw new ReportError(`${at}: <count> is not a whole number: ${JSON.stringify(countText.slice(0, 40))}`);
  const count = Number(countText);
  if (!Number.isSafeInteger(count)) throw new ReportError(`${at}: <count> is too large`);
  const authResults: DmarcAuthResult[] = [];
  // A record may carry several <dkim> (one per signature) and several <spf> results.
  for (const result of auth?.children ?? []) {
    if (result.name !== "dkim" && result.name !== "spf") continue;
    const selector = result.name === "dkim" ? value(result, "selector") : undefined;
    authResults.push({
      kind: result.name,
      domain: value(result, "domain") ?? "",
      result: value(result, "result") ?? "",
      ...(selector !== undefined && { selector }),
    });
  }
  const reasons = (evaluated?.children ?? [])
    .filter((c) => c.name === "reason")
    .map((reason) => {
      const comment = value(reason, "comment");
      return { type: value(reason, "type") ?? "", ...(comment !== undefined && { comment }) };
    });
  const envelopeFrom = identifiers ? value(identifiers, "envelope_from") : undefined;
  const envelopeTo = identifiers ? value(identifiers, "envelope_to") : undefined;
  // Missing evaluation fields stay empty strings (not reported) rather than failing the report.
  return {
    sourceIp,
    count,
    disposition: (evaluated && value(evaluated, "disposition")) ?? "",
    dkim: (evaluated && value(evaluated, "dkim")) ?? "",
    spf: (evaluated && value(evaluated, "spf")) ?? "",
    headerFrom: (identifiers && value(identifiers, "header_from")) ?? "",
    ...(envelopeFrom !== undefined && { envelopeFrom }),
    ...(envelopeTo !== undefined && { envelopeTo }),
    ...(reasons.length > 0 && { reasons }),
    authResults,
  };
}

function child(parent: XmlElement, name: string): XmlElement | undefined {
  return parent.children.find((c) => c.name === name);
}

function required(parent: XmlElement, name: string, at?: string): XmlElement {
  const found = child(parent, name);
  if (!found) throw new ReportError(`${at ? `${at}: ` : ""}<${parent.name}> has no <${name}>`);
  return found;
}

/** The trimmed text of a child element; an empty element counts as absent. */
function value(parent: XmlElement, name: string): string | undefined {
  const text = child(parent, name)?.text.trim();
  return text ? text : undefined;
}

function requiredValue(parent: XmlElement, name: string, at?: string): string {
  const text = value(parent, name);
  if (text === undefined) throw new ReportError(`${at ? `${at}: ` : ""}<${parent.name}> has no <${name}> value`);
  return text;
}

/** RFC 7489 Appendix C: `<begin>`/`<end>` are seconds since the epoch (UTC). */
function epoch(range: XmlElement, name: string): Date {
  const text = requiredValue(range, name);
  const seconds = /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : NaN;
  const date = new Date(seconds * 1000);
  if (!Number.isFinite(seconds) || Number.isNaN(date.getTime())) throw new ReportError(`<date_range><${name}> is not a time in epoch seconds: ${JSON.stringify(text.slice(0, 40))}`);
  return date;
}

/** The `encoding` of the XML declaration (XML 1.0 §4.3.3); UTF-8 when there is none. */
function declaredEncoding(bytes: Buffer): string {
  const head = bytes.subarray(0, 200).toString("latin1");
  const declared = /^\s*(?:\u00EF\u00BB\u00BF)?<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1] ?? "utf-8";
  // The declaration was readable as ASCII, so the bytes are not UTF-16/32 whatever it claims.
  return /^(?:utf-?16|utf-?32|ucs-?2|ucs-?4)/i.test(declared) ? "utf-8" : declared;
}
