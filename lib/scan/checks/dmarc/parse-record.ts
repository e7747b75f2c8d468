import { parseReportUri } from "../tls-rpt/uri-syntax";
import type { DmarcIssue, DmarcPolicy, DmarcRecord, DmarcUri } from "./types";

// RFC 7489 §6.4: dmarc-version = "v" *WSP "=" *WSP %x44 %x4d %x41 %x52 %x43 %x31 ("DMARC1", case-sensitive;
// the quoted "v" is case-insensitive as all ABNF strings), followed by dmarc-sep or the end.
const VERSION = /^[vV][ \t]*=[ \t]*DMARC1[ \t]*(?:;|$)/;
// RFC 6376 §3.2 tag-spec (DMARC uses the DKIM tag-value syntax, RFC 7489 §6.3): tag-name = ALPHA *ALNUMPUNC.
const TAG = /^([A-Za-z][A-Za-z0-9_]*)[ \t]*=[ \t]*([\x21-\x3a\x3c-\x7e]+(?:[ \t]+[\x21-\x3a\x3c-\x7e]+)*)?$/;
const POLICIES: readonly string[] = ["none", "quarantine", "reject"];
const SIZE = /^[0-9]+[kmgt]?$/i;
const RI_MAX = 4_294_967_295;

/** Whether a TXT record is a DMARC record: it starts with v=DMARC1 (RFC 7489 §6.3 "v", §6.6.3 step 2). */
export function isDmarcCandidate(record: string): boolean {
  // "DMARC1" must match precisely (RFC 7489 §6.3 "v"); the tag name itself is case-insensitive.
  return VERSION.test(record);
}

/** A TXT record that is clearly meant as DMARC but is discarded by receivers (wrong case, leading space, v not first). */
export function isDmarcNearMiss(record: string): boolean {
  return !isDmarcCandidate(record) && /(?:^|;)[ \t]*v[ \t]*=[ \t]*dmarc/i.test(record);
}

function parseUriList(tag: "rua" | "ruf", value: string, issues: DmarcIssue[]): DmarcUri[] {
  const uris: DmarcUri[] = [];
  // dmarc-auri = "rua" *WSP "=" *WSP dmarc-uri *(*WSP "," *WSP dmarc-uri)
  for (const item of value.split(/[ \t]*,[ \t]*/)) {
    // dmarc-uri = URI [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ]; a raw "!" cannot occur in the URI itself.
    const bang = item.indexOf("!");
    const uri = bang === -1 ? item : item.slice(0, bang);
    const size = bang === -1 ? undefined : item.slice(bang + 1);
    if (size !== undefined && !SIZE.test(size)) {
      issues.push({ code: "invalid-uri", tag, message: `${tag} "${item}": size limit "${size}" is not digits with an optional k/m/g/t` });
      continue;
    }
    const parsed = parseReportUri(uri);
    if (!parsed.ok) {
      issues.push({ code: "invalid-uri", tag, message: `${tag} ${parsed.message}` });
      continue;
    }
    uris.push({ ...parsed.value, ...(size !== undefined ? { maxSize: size.toLowerCase() } : {}) });
  }
  return uris;
}

function parsePolicy(tag: "p" | "sp" | "np", value: string | undefined, issues: DmarcIssue[]): DmarcPolicy | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (POLICIES.includes(lower)) return lower as DmarcPolicy; // safe: membership checked
  issues.push({ code: `invalid-${tag}`, tag, message: `${tag}=${value} is not none, quarantine or reject` });
  return undefined;
}

function parseChoice<T extends string>(tag: string, value: string | undefined, allowed: readonly T[], issues: DmarcIssue[]): T | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if ((allowed as readonly string[]).includes(lower)) return lower as T; // safe: membership checked
  issues.push({ code: "invalid-value", tag, message: `${tag}=${value} is not one of ${allowed.join(", ")}` });
  return undefined;
}

function parseColonList(tag: string, value: string | undefined, item: RegExp, issues: DmarcIssue[]): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(/[ \t]*:[ \t]*/);
  if (items.every((i) => item.test(i))) return items.map((i) => i.toLowerCase());
  issues.push({ code: "invalid-value", tag, message: `${tag}=${value} is not a colon-separated list of valid values` });
  return undefined;
}

function parseNumber(tag: string, value: string | undefined, pattern: RegExp, max: number, issues: DmarcIssue[]): number | undefined {
  if (value === undefined) return undefined;
  if (pattern.test(value) && Number(value) <= max) return Number(value);
  issues.push({ code: "invalid-value", tag, message: `${tag}=${value} is not an integer in 0..${max}` });
  return undefined;
}

function splitTags(record: string, issues: DmarcIssue[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const segment of record.split(";")) {
    const spec = segment.replace(/^[ \t]+|[ \t]+$/g, "");
    // Empty segments (";;", a trailing ";") carry nothing; receivers skip them.
    if (spec === "") continue;
    const match = TAG.exec(spec);
    if (match === null) {
      issues.push({ code: "tag-syntax", message: `"${spec}" is not a tag=value pair` });
      continue;
    }
    const name = (match[1] as string).toLowerCase();
    if (name in tags) {
      issues.push({ code: "duplicate-tag", tag: name, message: `${name} appears more than once; the first value is used` });
      continue;
    }
    tags[name] = match[2] ?? "";
  }
  return tags;
}

/**
 * Parses one DMARC record (RFC 7489 §6.3-6.4, DMARCbis tags np/psd/t accepted, unknown tags ignored) and
 * applies §6.6.3 step 6 to decide whether receivers use it. Returns null when it does not start with v=DMARC1.
 */
export function parseDmarcRecord(record: string): DmarcRecord | null {
  if (!isDmarcCandidate(record)) return null;
  const issues: DmarcIssue[] = [];
  const tags = splitTags(record, issues);
  const p = parsePolicy("p", tags.p, issues);
  if (tags.p === undefined) issues.push({ code: "missing-p", tag: "p", message: "the required p tag is missing" });
  const sp = parsePolicy("sp", tags.sp, issues);
  const np = parsePolicy("np", tags.np, issues);
  const rua = tags.rua !== undefined ? parseUriList("rua", tags.rua, issues) : [];
  const ruf = tags.ruf !== undefined ? parseUriList("ruf", tags.ruf, issues) : [];
  // RFC 7489 §6.3: "Syntax errors in the remainder of the record SHOULD be discarded in favor of default values".
  const pct = parseNumber("pct", tags.pct, /^[0-9]{1,3}$/, 100, issues) ?? 100;
  const adkim = parseChoice("adkim", tags.adkim, ["r", "s"] as const, issues) ?? "r";
  const aspf = parseChoice("aspf", tags.aspf, ["r", "s"] as const, issues) ?? "r";
  const fo = parseColonList("fo", tags.fo, /^[01ds]$/i, issues) ?? ["0"];
  const rf = parseColonList("rf", tags.rf, /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, issues) ?? ["afrf"];
  const ri = parseNumber("ri", tags.ri, /^[0-9]+$/, RI_MAX, issues) ?? 86_400;
  const psd = parseChoice("psd", tags.psd, ["y", "n", "u"] as const, issues);
  const t = parseChoice("t", tags.t, ["y", "n"] as const, issues);

  // RFC 7489 §6.6.3 step 6: a record without a valid p, or with an invalid sp, is applied as p=none
  // when its rua holds at least one syntactically valid URI; otherwise DMARC is not applied at all.
  const broken = p === undefined || (tags.sp !== undefined && sp === undefined);
  const usable = !broken || rua.length > 0;
  const treatedAsNone = broken && usable;
  const effectiveP = !usable ? undefined : treatedAsNone ? "none" : p;
  const effectiveSp = !usable ? undefined : treatedAsNone ? "none" : (sp ?? p);
  return {
    record,
    tags,
    ...(p !== undefined ? { p } : {}),
    ...(sp !== undefined ? { sp } : {}),
    ...(np !== undefined ? { np } : {}),
    pct,
    adkim,
    aspf,
    rua,
    ruf,
    fo,
    rf,
    ri,
    ...(psd !== undefined ? { psd } : {}),
    ...(t !== undefined ? { t } : {}),
    usable,
    ...(effectiveP !== undefined ? { effectiveP } : {}),
    ...(effectiveSp !== undefined ? { effectiveSp } : {}),
    treatedAsNone,
    issues,
  };
}
