import { describe, expect, it } from "vitest";
import { parseTlsRptRecord } from "@/lib/scan/checks/tls-rpt/parse-record";
import { parseReportUri } from "@/lib/scan/checks/tls-rpt/uri-syntax";

const valid: { rfc: string; txt: (string | string[])[]; rua: string[]; hosts?: string[] }[] = [
  { rfc: "§3 mailto rua", txt: ["v=TLSRPTv1; rua=mailto:tlsrpt@example.com"], rua: ["mailto:tlsrpt@example.com"], hosts: ["example.com"] },
  { rfc: "§3 https rua", txt: ["v=TLSRPTv1;rua=https://reports.example.net/v1/tlsrpt"], rua: ["https://reports.example.net/v1/tlsrpt"], hosts: ["reports.example.net"] },
  { rfc: "§3 comma-separated rua list with WSP around commas", txt: ["v=TLSRPTv1; rua=mailto:a@example.com , https://r.example.net/x"], rua: ["mailto:a@example.com", "https://r.example.net/x"] },
  { rfc: "§3 optional trailing field-delim", txt: ["v=TLSRPTv1; rua=mailto:a@example.com; "], rua: ["mailto:a@example.com"] },
  { rfc: "§3 WSP before ';' is part of field-delim", txt: ["v=TLSRPTv1 ; rua=mailto:a@example.com"], rua: ["mailto:a@example.com"] },
  { rfc: "§3 extension fields are accepted", txt: ["v=TLSRPTv1; rua=mailto:a@example.com; ext-1=value"], rua: ["mailto:a@example.com"] },
  { rfc: "§3 unrelated TXT records are discarded", txt: ["v=spf1 -all", "v=TLSRPTv1; rua=mailto:a@example.com"], rua: ["mailto:a@example.com"] },
  { rfc: "§3 strings of one TXT record joined without spaces", txt: [["v=TLSRPTv1; rua=mailto:", "a@example.com"]], rua: ["mailto:a@example.com"] },
  { rfc: "§3 percent-encoded comma inside a URI", txt: ["v=TLSRPTv1; rua=https://r.example.net/a%2Cb"], rua: ["https://r.example.net/a%2Cb"] },
];

const invalid: { rfc: string; txt: string[]; code: string; message?: RegExp }[] = [
  { rfc: "§3 no record starts with v=TLSRPTv1", txt: ["v=spf1 -all"], code: "no-tlsrpt-record" },
  { rfc: "§3 version is case-sensitive", txt: ["v=tlsrptv1; rua=mailto:a@example.com"], code: "no-tlsrpt-record" },
  { rfc: "§3 more than one v=TLSRPTv1 record", txt: ["v=TLSRPTv1; rua=mailto:a@example.com", "v=TLSRPTv1; rua=mailto:b@example.com"], code: "multiple-tlsrpt-records" },
  { rfc: "§3 rua is required", txt: ["v=TLSRPTv1;"], code: "syntax", message: /rua/ },
  { rfc: "§3 rua is required (extension only)", txt: ["v=TLSRPTv1; foo=bar"], code: "syntax", message: /rua/ },
  { rfc: "§3 rua scheme must be mailto or https", txt: ["v=TLSRPTv1; rua=http://r.example.net/x"], code: "syntax", message: /neither mailto/ },
  { rfc: "§3 rua URI must be a URI", txt: ["v=TLSRPTv1; rua=tlsrpt@example.com"], code: "syntax", message: /not a URI/ },
  { rfc: "§3 mailto without an address", txt: ["v=TLSRPTv1; rua=mailto:"], code: "syntax" },
  { rfc: "§3 space inside the rua list is not a separator", txt: ["v=TLSRPTv1; rua=mailto:a@example.com mailto:b@example.com"], code: "syntax" },
  { rfc: "§3 empty URI in the list", txt: ["v=TLSRPTv1; rua=mailto:a@example.com,"], code: "syntax" },
  { rfc: "§3 raw '!' must be encoded", txt: ["v=TLSRPTv1; rua=mailto:a@example.com!10m"], code: "syntax" },
  { rfc: "§3 fields need ';' (space alone is not a delimiter)", txt: ["v=TLSRPTv1 rua=mailto:a@example.com"], code: "syntax" },
  { rfc: "§3 field names are case-sensitive: RUA is an extension", txt: ["v=TLSRPTv1; RUA=mailto:a@example.com"], code: "syntax", message: /rua/ },
  { rfc: "§3 https URI without a host", txt: ["v=TLSRPTv1; rua=https:///x"], code: "syntax" },
  { rfc: "§3 one rua field", txt: ["v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com"], code: "syntax", message: /more than once/ },
];

describe("parseTlsRptRecord (RFC 8460 §3)", () => {
  it.each(valid)("valid: $rfc", ({ txt, rua, hosts }) => {
    const result = parseTlsRptRecord(txt);
    expect(result.valid, JSON.stringify(result)).toBe(true);
    if (!result.valid) return;
    expect(result.rua.map((r) => r.uri)).toEqual(rua);
    if (hosts) expect(result.rua.map((r) => r.host)).toEqual(hosts);
  });

  it.each(invalid)("invalid: $rfc", ({ txt, code, message }) => {
    const result = parseTlsRptRecord(txt);
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.code).toBe(code);
    if (message) expect(result.message).toMatch(message);
  });
});

describe("parseReportUri (RFC 3986 §3, RFC 6068, RFC 9110 §4.2.2)", () => {
  const good: [string, string | undefined][] = [
    ["mailto:dmarc@example.com", "example.com"],
    ["MAILTO:Reports@Example.COM", "example.com"],
    ["mailto:a%2Bb@example.com?subject=x", "example.com"],
    ["https://reports.example.net:8443/path?q=1#f", "reports.example.net"],
    ["https://[2001:db8::1]/x", "[2001:db8::1]"],
    ["urn:example:thing", undefined],
  ];
  it.each(good)("accepts %s", (uri, host) => {
    const result = parseReportUri(uri);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.host).toBe(host);
  });

  const bad = ["", "example.com", "mailto:nobody", "mailto:a@localhost", "mailto:a@exa mple.com", "https://", "https://exa_mple.com/", "https://x.example.com/%zz", "mailto:a@b.example#x#y", "1http://x.example/"];
  it.each(bad)("rejects %j", (uri) => {
    expect(parseReportUri(uri).ok).toBe(false);
  });
});
