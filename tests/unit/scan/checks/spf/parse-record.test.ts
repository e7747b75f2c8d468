import { describe, expect, it } from "vitest";
import { isIp4Network, isIp6Network } from "@/lib/scan/checks/spf/ip";
import { parseDomainSpec, parseMacroString } from "@/lib/scan/checks/spf/macro";
import { parseSpfRecord, parseSpfTxt } from "@/lib/scan/checks/spf/parse-record";
import type { SpfSyntaxError } from "@/lib/scan/checks/spf/types";

type Valid = { rfc: string; record: string; terms?: number; all?: string; redirect?: string; macros?: boolean };
const valid: Valid[] = [
  { rfc: "§4.6 minimal record", record: "v=spf1", terms: 0 },
  { rfc: "§4.6 trailing spaces allowed (*SP)", record: "v=spf1 -all  ", terms: 1, all: "-" },
  { rfc: "§4.6.1 several spaces between terms", record: "v=spf1  mx   -all", terms: 2 },
  { rfc: "§4.6.2 qualifiers + - ~ ?", record: "v=spf1 +a -mx ~ptr ?exists:x.example.com ~all", terms: 5, all: "~" },
  { rfc: "§4.6.1 mechanism names are case-insensitive", record: "v=spf1 MX Include:_spf.example.com -ALL", all: "-" },
  { rfc: "§4.5 v=spf1 is case-insensitive (ABNF)", record: "V=SPF1 -all", all: "-" },
  { rfc: "§5.3 a with domain and dual CIDR", record: "v=spf1 a:mail.example.com/24//64 -all" },
  { rfc: "§5.4 mx with only an IPv6 prefix", record: "v=spf1 mx//64 -all" },
  { rfc: "§5.3 a with only an IPv4 prefix", record: "v=spf1 a/32 -all" },
  { rfc: "§5.6 ip4 with and without prefix", record: "v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.7 -all" },
  { rfc: "§5.6 ip6 forms (RFC 4291 §2.2)", record: "v=spf1 ip6:2001:db8::/32 ip6:::1 ip6:2001:db8:0:0:0:0:0:1 ip6:::ffff:192.0.2.1 -all" },
  { rfc: "§5.6 ip4 prefix 0 and 32", record: "v=spf1 ip4:0.0.0.0/0 ip4:192.0.2.1/32 -all" },
  { rfc: "§5.5 ptr with and without domain", record: "v=spf1 ptr ptr:example.com -all" },
  { rfc: "§6.1 redirect", record: "v=spf1 redirect=_spf.example.com", redirect: "_spf.example.com" },
  { rfc: "§6.2 exp takes a domain-spec, macros allowed", record: "v=spf1 -all exp=explain.%{d}", macros: true },
  { rfc: "§6 unknown modifiers are accepted (and ignored)", record: "v=spf1 foo=bar moo.cow-far_out=man:dog/cat -all" },
  { rfc: "§7.1 macros in domain-spec", record: "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} include:%{d2}.example.com -all", macros: true },
  { rfc: "§7.1 %% %_ %- escapes", record: "v=spf1 exists:a%%b%_c%-d.example.com -all", macros: false },
  { rfc: "§7.1 domain-spec may end in a macro-expand", record: "v=spf1 include:_spf.%{d} -all", macros: true },
  { rfc: "§7.1 domain-end allows a trailing dot", record: "v=spf1 include:_spf.example.com. -all" },
  { rfc: "§7.1 toplabel with a hyphen", record: "v=spf1 include:_spf.example.x-y -all" },
];

type Invalid = { rfc: string; record: string; codes: SpfSyntaxError["code"][] };
const invalid: Invalid[] = [
  { rfc: "§4.6.1 unknown mechanism", record: "v=spf1 foo -all", codes: ["unknown-mechanism"] },
  { rfc: "§4.6.1 unknown mechanism with argument", record: "v=spf1 ip:1.2.3.4 -all", codes: ["unknown-mechanism"] },
  { rfc: "§5.1 all takes no argument", record: "v=spf1 all:foo", codes: ["bad-term"] },
  { rfc: "§5.2 include needs a domain", record: "v=spf1 include -all", codes: ["bad-term"] },
  { rfc: "§5.2 include with an empty domain", record: "v=spf1 include: -all", codes: ["bad-domain-spec"] },
  { rfc: "§7.1 domain-end: a single label is not a domain-spec", record: "v=spf1 include:localhost -all", codes: ["bad-domain-spec"] },
  { rfc: "§7.1 toplabel cannot be all digits", record: "v=spf1 a:host.123 -all", codes: ["bad-domain-spec"] },
  { rfc: "RFC 1035 §2.3.4 (checker decision) empty label in a literal domain", record: "v=spf1 include:_spf..example.com -all", codes: ["bad-domain-spec"] },
  { rfc: "§5.6 ip4 needs an address", record: "v=spf1 ip4 -all", codes: ["bad-term"] },
  { rfc: "§5.6 ip4 octet out of range", record: "v=spf1 ip4:192.0.2.256 -all", codes: ["bad-ip"] },
  { rfc: "§5.6 ip4 leading zero (qnum)", record: "v=spf1 ip4:192.0.2.01 -all", codes: ["bad-ip"] },
  { rfc: "§5.6 ip4 prefix over 32", record: "v=spf1 ip4:192.0.2.0/33 -all", codes: ["bad-cidr"] },
  { rfc: "§5.6 ip4 prefix with a leading zero", record: "v=spf1 ip4:192.0.2.0/024 -all", codes: ["bad-cidr"] },
  { rfc: "§5.6 ip6 prefix over 128", record: "v=spf1 ip6:2001:db8::/129 -all", codes: ["bad-cidr"] },
  { rfc: "§5.6 ip6 with two '::'", record: "v=spf1 ip6:2001::db8::1 -all", codes: ["bad-ip"] },
  { rfc: "§5.6 ip6 with too many groups", record: "v=spf1 ip6:1:2:3:4:5:6:7:8:9 -all", codes: ["bad-ip"] },
  { rfc: "§5.6 an IPv4 address in ip6", record: "v=spf1 ip6:192.0.2.1 -all", codes: ["bad-ip"] },
  { rfc: "§5.3 a IPv4 prefix over 32", record: "v=spf1 a/33 -all", codes: ["bad-cidr"] },
  { rfc: "§5.4 mx IPv6 prefix over 128", record: "v=spf1 mx:example.com//200 -all", codes: ["bad-cidr"] },
  { rfc: "§6 redirect twice", record: "v=spf1 redirect=a.example.com redirect=b.example.com", codes: ["duplicate-modifier"] },
  { rfc: "§6 exp twice", record: "v=spf1 -all exp=a.example.com exp=b.example.com", codes: ["duplicate-modifier"] },
  { rfc: "§6.1 redirect needs a domain-spec", record: "v=spf1 redirect=", codes: ["bad-domain-spec"] },
  { rfc: "§7.1 unterminated macro", record: "v=spf1 exists:%{d.example.com -all", codes: ["bad-macro"] },
  { rfc: "§7.1 unknown macro letter", record: "v=spf1 exists:%{x}.example.com -all", codes: ["bad-macro"] },
  { rfc: "§7.1 lone %", record: "v=spf1 exists:50%.example.com -all", codes: ["bad-macro"] },
  { rfc: "§7.2 c, r and t macros only in exp", record: "v=spf1 exists:%{c}.example.com -all", codes: ["bad-macro"] },
  { rfc: "§7.3 zero digit transformer", record: "v=spf1 exists:%{d0}.example.com -all", codes: ["bad-macro"] },
  { rfc: "§6 unknown-modifier value is a macro-string", record: "v=spf1 foo=%{z} -all", codes: ["bad-macro"] },
  { rfc: "§4.6.1 a qualifier on a modifier makes an unknown mechanism", record: "v=spf1 +redirect=example.com", codes: ["unknown-mechanism"] },
  { rfc: "§12 terms are separated by SP only (tab)", record: "v=spf1 mx\t-all", codes: ["bad-term"] },
  { rfc: "§4.5 not an SPF record", record: "v=spf10 -all", codes: ["bad-version"] },
];

describe("parseSpfRecord (RFC 7208 §4.6, §5, §6, §7, §12)", () => {
  it.each(valid)("valid: $rfc", ({ record, terms, all, redirect, macros }) => {
    const parsed = parseSpfRecord(record);
    expect(parsed.errors).toEqual([]);
    expect(parsed.valid).toBe(true);
    if (terms !== undefined) expect(parsed.terms).toHaveLength(terms);
    if (all !== undefined) expect(parsed.all).toBe(all);
    if (redirect !== undefined) expect(parsed.redirect).toBe(redirect);
    if (macros !== undefined) expect(parsed.terms.some((t) => t.hasMacros)).toBe(macros);
  });

  it.each(invalid)("invalid: $rfc", ({ record, codes }) => {
    const parsed = parseSpfRecord(record);
    expect(parsed.valid).toBe(false);
    expect(parsed.errors.map((e) => e.code)).toEqual(codes);
  });

  it("parses mechanism parts", () => {
    const parsed = parseSpfRecord("v=spf1 ~mx:mail.example.com/24//64 ip6:2001:db8::/48 -all");
    expect(parsed.mechanisms[0]).toMatchObject({ name: "mx", qualifier: "~", domainSpec: "mail.example.com", ip4Cidr: 24, ip6Cidr: 64, hasMacros: false });
    expect(parsed.mechanisms[1]).toMatchObject({ name: "ip6", qualifier: "+", network: "2001:db8::", ip6Cidr: 48 });
    expect(parsed.mechanisms[2]).toMatchObject({ name: "all", qualifier: "-" });
  });
});

describe("SPF record selection (RFC 7208 §4.5, §3.3)", () => {
  it.each([
    { rfc: "§4.5 one record among others", txt: ["google-site-verification=x", "v=spf1 -all"], kind: "one" },
    { rfc: "§4.5 v=spf10 is not v=spf1", txt: ["v=spf10 -all"], kind: "none" },
    { rfc: "§4.5 version must be followed by SP or end", txt: ["v=spf1-all"], kind: "none" },
    { rfc: "§4.5 two records → multiple", txt: ["v=spf1 -all", "v=spf1 mx -all"], kind: "multiple" },
    { rfc: "§4.5 no TXT at all", txt: [], kind: "none" },
  ])("$rfc", ({ txt, kind }) => {
    expect(parseSpfTxt(txt).kind).toBe(kind);
  });

  it("§3.3 joins the strings of one record without spaces", () => {
    expect(parseSpfTxt([["v=spf1 ip4:192.0.2.1 ", "include:_spf.example.com -all"]])).toEqual({
      kind: "one",
      record: "v=spf1 ip4:192.0.2.1 include:_spf.example.com -all",
      records: ["v=spf1 ip4:192.0.2.1 include:_spf.example.com -all"],
    });
  });
});

describe("macro and address helpers (RFC 7208 §7.1, §12)", () => {
  it.each(["%{s}", "%{L}", "%{o2r.-}", "%{i}.%{v}.%{h}.%{p}", "%%%_%-", "plain.text"])("macro-string ok: %s", (text) => {
    expect(parseMacroString(text).ok).toBe(true);
  });
  it("exp allows c/r/t", () => {
    expect(parseMacroString("%{c} %{r} %{t}".replaceAll(" ", "."), true).ok).toBe(true);
    expect(parseMacroString("%{c}").ok).toBe(false);
  });
  it.each(["%{d}", "x.%{d}", "_spf.example.com", "example.com."])("domain-spec ok: %s", (spec) => {
    expect(parseDomainSpec(spec).ok).toBe(true);
  });
  it.each(["", "com", "%{d}x", "a.%{d}.1", "a b.com"])("domain-spec bad: %j", (spec) => {
    expect(parseDomainSpec(spec).ok).toBe(false);
  });
  it.each([["192.0.2.1", true], ["255.255.255.255", true], ["1.2.3", false], ["01.2.3.4", false], ["1.2.3.4.5", false]] as const)("ip4 %s → %s", (ip, ok) => {
    expect(isIp4Network(ip)).toBe(ok);
  });
  it.each([["::", true], ["::1", true], ["fe80::1:2", true], ["1:2:3:4:5:6:7:8", true], ["1:2:3:4:5:6:192.0.2.1", true], ["1:2:3:4:5:6:7", false], ["12345::", false], ["1:2:3:4:5:6:7:8::", false], [":1", false]] as const)("ip6 %s → %s", (ip, ok) => {
    expect(isIp6Network(ip)).toBe(ok);
  });
});
