import { isIp4Network, isIp6Network } from "./ip";
import { parseDomainSpec, parseMacroString } from "./macro";
import type { SpfMechanism, SpfMechanismName, SpfModifier, SpfQualifier, SpfRecord, SpfSyntaxError, SpfTerm, SpfTxtSelection } from "./types";

// RFC 7208 §4.5 / §12: version = "v=spf1" (ABNF strings are case-insensitive), then SP or the end.
const VERSION = /^v=spf1(?= |$)/i;
// modifier: name "=" ...; name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )
const MODIFIER = /^([A-Za-z][A-Za-z0-9\-_.]*)=(.*)$/s;
const MECHANISM = /^([+\-~?]?)([A-Za-z][A-Za-z0-9]*)(.*)$/s;
// ip4-cidr-length = "/" ("0" / %x31-39 0*1DIGIT); ip6-cidr-length = "/" ("0" / %x31-39 0*2DIGIT)
const IP4_CIDR = /^(?:0|[1-9][0-9]?)$/;
const IP6_CIDR = /^(?:0|[1-9][0-9]{0,2})$/;
const MECHANISMS: readonly string[] = ["all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"];

type TermResult = { term: SpfTerm } | { error: SpfSyntaxError };

/** Whether a TXT record is an SPF record: exactly "v=spf1" followed by a space or the end (RFC 7208 §4.5). */
export function isSpfRecord(text: string): boolean {
  return VERSION.test(text);
}

/** Selects the SPF record among the TXT records of one name (RFC 7208 §4.5). */
export function parseSpfTxt(txt: readonly (string | readonly string[])[]): SpfTxtSelection {
  // RFC 7208 §3.3: the character-strings of one record are concatenated without spaces.
  const texts = txt.map((t) => (typeof t === "string" ? t : t.join("")));
  const records = texts.filter(isSpfRecord);
  if (records.length === 0) return { kind: "none", others: texts };
  // RFC 7208 §4.5: more than one record is a permerror.
  if (records.length > 1) return { kind: "multiple", records };
  return { kind: "one", record: records[0] as string, records };
}

function fail(code: SpfSyntaxError["code"], term: string, message: string): TermResult {
  return { error: { code, term, message } };
}

function cidrError(term: string, message: string): TermResult {
  return fail("bad-cidr", term, message);
}

/** dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ], at the end of an a/mx argument. */
function splitDualCidr(text: string, arg: string): { spec: string; ip4?: number; ip6?: number } | TermResult {
  const match = /^(.*?)(?:\/([0-9]+))?(?:\/\/([0-9]+))?$/s.exec(arg) as RegExpExecArray; // safe: every string matches
  const [, spec = "", ip4, ip6] = match;
  if (ip4 !== undefined && (!IP4_CIDR.test(ip4) || Number(ip4) > 32)) return cidrError(text, `IPv4 prefix length /${ip4} is not 0-32`);
  if (ip6 !== undefined && (!IP6_CIDR.test(ip6) || Number(ip6) > 128)) return cidrError(text, `IPv6 prefix length //${ip6} is not 0-128`);
  return { spec, ...(ip4 !== undefined ? { ip4: Number(ip4) } : {}), ...(ip6 !== undefined ? { ip6: Number(ip6) } : {}) };
}

function parseMechanism(text: string): TermResult {
  const match = MECHANISM.exec(text);
  if (match === null) return fail("bad-term", text, `"${text}" is neither a mechanism nor a modifier`);
  const qualifier = (match[1] || "+") as SpfQualifier; // safe: the regex admits only the four qualifiers
  const name = (match[2] as string).toLowerCase();
  const rest = match[3] as string;
  // RFC 7208 §4.6.1: an unknown mechanism is a syntax error (permerror).
  if (!MECHANISMS.includes(name)) return fail("unknown-mechanism", text, `unknown mechanism "${match[2]}"`);
  const base: SpfMechanism = { kind: "mechanism", name: name as SpfMechanismName, qualifier, text, hasMacros: false };
  const withSpec = (spec: string): TermResult => {
    const check = parseDomainSpec(spec);
    if (!check.ok) return fail(check.code, text, `${text}: ${check.message}`);
    return { term: { ...base, domainSpec: spec, hasMacros: check.hasMacros } };
  };

  switch (name) {
    case "all":
      return rest === "" ? { term: base } : fail("bad-term", text, `"all" takes no argument`);
    case "include":
    case "exists":
      // RFC 7208 §5.2, §5.7: include ":" domain-spec, exists ":" domain-spec (required).
      if (!rest.startsWith(":")) return fail("bad-term", text, `"${name}" needs ":domain"`);
      return withSpec(rest.slice(1));
    case "ptr":
      if (rest === "") return { term: base };
      if (!rest.startsWith(":")) return fail("bad-term", text, `"ptr" takes only ":domain"`);
      return withSpec(rest.slice(1));
    case "a":
    case "mx": {
      // RFC 7208 §5.3, §5.4: [ ":" domain-spec ] [ dual-cidr-length ]
      if (rest !== "" && !rest.startsWith(":") && !rest.startsWith("/")) return fail("bad-term", text, `unexpected "${rest}" after "${name}"`);
      const split = splitDualCidr(text, rest.startsWith(":") ? rest.slice(1) : rest);
      if ("term" in split || "error" in split) return split;
      if (!rest.startsWith(":") && split.spec !== "") return fail("bad-term", text, `unexpected "${split.spec}" after "${name}"`);
      const cidr = { ...(split.ip4 !== undefined ? { ip4Cidr: split.ip4 } : {}), ...(split.ip6 !== undefined ? { ip6Cidr: split.ip6 } : {}) };
      if (!rest.startsWith(":")) return { term: { ...base, ...cidr } };
      const spec = withSpec(split.spec);
      return "term" in spec ? { term: { ...spec.term, ...cidr } as SpfMechanism } : spec;
    }
    default: {
      // ip4 / ip6 (RFC 7208 §5.6): ":" network [ cidr-length ]
      const ip6 = name === "ip6";
      const arg = /^:([^/]*)(?:\/(.*))?$/s.exec(rest);
      if (arg === null) return fail("bad-term", text, `"${name}" needs ":address"`);
      const network = arg[1] as string;
      const isAddress = ip6 ? isIp6Network(network) : isIp4Network(network);
      if (!isAddress) return fail("bad-ip", text, `"${network}" is not an ${ip6 ? "IPv6" : "IPv4"} address`);
      const cidr = arg[2];
      if (cidr !== undefined && !(ip6 ? IP6_CIDR.test(cidr) && Number(cidr) <= 128 : IP4_CIDR.test(cidr) && Number(cidr) <= 32)) {
        return cidrError(text, `prefix length /${cidr} is not valid for ${name}`);
      }
      return { term: { ...base, network, ...(cidr !== undefined ? (ip6 ? { ip6Cidr: Number(cidr) } : { ip4Cidr: Number(cidr) }) : {}) } };
    }
  }
}

function parseModifier(text: string, name: string, value: string): TermResult {
  const lower = name.toLowerCase();
  if (lower === "redirect" || lower === "exp") {
    // RFC 7208 §6.1, §6.2: redirect = "redirect" "=" domain-spec; explanation = "exp" "=" domain-spec.
    const check = parseDomainSpec(value);
    if (!check.ok) return fail(check.code, text, `${text}: ${check.message}`);
    return { term: { kind: "modifier", name: lower, value, text, hasMacros: check.hasMacros } };
  }
  // RFC 7208 §6: unknown-modifier = name "=" macro-string; ignored, but its syntax still counts.
  const check = parseMacroString(value);
  if (!check.ok) return fail("bad-macro", text, `${text}: ${check.message}`);
  return { term: { kind: "modifier", name: lower, value, text, hasMacros: check.hasMacros } };
}

/** Parses one SPF record (RFC 7208 §4.6, §5, §6, §7, §12); any syntax error makes the record invalid (permerror). */
export function parseSpfRecord(record: string): SpfRecord {
  const errors: SpfSyntaxError[] = [];
  const terms: SpfTerm[] = [];
  if (!isSpfRecord(record)) {
    return { record, valid: false, terms, mechanisms: [], errors: [{ code: "bad-version", message: "the record does not start with v=spf1" }] };
  }
  // record = version terms *SP; terms = *( 1*SP ( directive / modifier ) ). Only SP separates terms.
  for (const text of record.slice("v=spf1".length).split(" ")) {
    if (text === "") continue;
    const modifier = MODIFIER.exec(text);
    const result = modifier !== null ? parseModifier(text, modifier[1] as string, modifier[2] as string) : parseMechanism(text);
    if ("error" in result) errors.push(result.error);
    else terms.push(result.term);
  }
  const modifiers = terms.filter((t): t is SpfModifier => t.kind === "modifier");
  for (const name of ["redirect", "exp"]) {
    // RFC 7208 §6: redirect and exp MUST NOT appear more than once each.
    if (modifiers.filter((m) => m.name === name).length > 1) {
      errors.push({ code: "duplicate-modifier", term: name, message: `"${name}" appears more than once` });
    }
  }
  const mechanisms = terms.filter((t): t is SpfMechanism => t.kind === "mechanism");
  const all = mechanisms.find((m) => m.name === "all");
  const redirect = modifiers.find((m) => m.name === "redirect");
  const exp = modifiers.find((m) => m.name === "exp");
  return {
    record,
    valid: errors.length === 0,
    terms,
    mechanisms,
    ...(all !== undefined ? { all: all.qualifier } : {}),
    ...(redirect !== undefined ? { redirect: redirect.value } : {}),
    ...(exp !== undefined ? { exp: exp.value } : {}),
    errors,
  };
}
