import { describe, expect, it } from "vitest";
import { parseMtaStsRecord } from "@/lib/scan/checks/mta-sts/parse-record";

type Valid = { rfc: string; txt: (string | string[])[]; id: string; extensions?: Record<string, string> };
type Invalid = { rfc: string; txt: (string | string[])[]; code: "no-sts-record" | "multiple-sts-records" | "syntax"; message?: RegExp };

const valid: Valid[] = [
  { rfc: "§3.1 minimal record", txt: ["v=STSv1; id=20260101T000000"], id: "20260101T000000" },
  { rfc: "§3.1 sts-field-delim allows no whitespace", txt: ["v=STSv1;id=abc"], id: "abc" },
  { rfc: "§3.1 optional trailing sts-field-delim", txt: ["v=STSv1; id=abc; "], id: "abc" },
  { rfc: "§3.1 WSP before ';' (ABNF *WSP \";\" *WSP, erratum 6285)", txt: ["v=STSv1 ;\tid=abc"], id: "abc" },
  { rfc: "§3.1 id of exactly 32 alphanumerics", txt: [`v=STSv1; id=${"a".repeat(32)}`], id: "a".repeat(32) },
  { rfc: "§3.1 strings of one TXT record joined without spaces", txt: [["v=STSv1; id=20", "260101"]], id: "20260101" },
  { rfc: "§3.1 unrelated TXT records at the name are discarded", txt: ["v=spf1 -all", "google-site-verification=x", "v=STSv1; id=1"], id: "1" },
  { rfc: "§3.1 sts-extension is accepted and kept", txt: ["v=STSv1; id=1; ext_1.a-b=va:lue"], id: "1", extensions: { "ext_1.a-b": "va:lue" } },
];

const invalid: Invalid[] = [
  { rfc: "§3.1 no record starts with v=STSv1", txt: ["v=spf1 -all"], code: "no-sts-record" },
  { rfc: "§3.1 version is case-sensitive (%s)", txt: ["v=stsv1; id=1"], code: "no-sts-record" },
  { rfc: "§3.1 v=STSv10 is another version", txt: ["v=STSv10; id=1"], code: "no-sts-record" },
  { rfc: "§3.1 leading whitespace: record does not begin with v=STSv1", txt: [" v=STSv1; id=1"], code: "no-sts-record" },
  { rfc: "§3.1 more than one v=STSv1 record", txt: ["v=STSv1; id=1", "v=STSv1; id=2"], code: "multiple-sts-records" },
  { rfc: "§3.1 id is required", txt: ["v=STSv1;"], code: "syntax", message: /id/ },
  { rfc: "§3.1 bare version, no fields", txt: ["v=STSv1"], code: "syntax", message: /id/ },
  { rfc: "§3.1 id longer than 32", txt: [`v=STSv1; id=${"a".repeat(33)}`], code: "syntax", message: /1-32/ },
  { rfc: "§3.1 id with punctuation", txt: ["v=STSv1; id=2026-01-01"], code: "syntax", message: /1-32/ },
  { rfc: "§3.1 empty id", txt: ["v=STSv1; id="], code: "syntax" },
  { rfc: "§3.1 fields need ';' between them (space alone is not a delimiter)", txt: ["v=STSv1 id=abc"], code: "syntax" },
  { rfc: "§3.1 trailing whitespace without ';' is outside the grammar", txt: ["v=STSv1; id=abc "], code: "syntax" },
  { rfc: "§3.1 field name is case-sensitive: ID= is an extension, id missing", txt: ["v=STSv1; ID=abc"], code: "syntax", message: /id/ },
  { rfc: "§3.1 sts-ext-value excludes '='", txt: ["v=STSv1; id=1; foo=a=b"], code: "syntax" },
  { rfc: "§3.1 sts-ext-name starts with a letter or digit", txt: ["v=STSv1; id=1; _foo=bar"], code: "syntax" },
  { rfc: "§3.1 a field must be name=value", txt: ["v=STSv1; id=1; junk"], code: "syntax" },
  { rfc: "§3.1 one policy id per record", txt: ["v=STSv1; id=1; id=2"], code: "syntax", message: /more than once/ },
];

describe("parseMtaStsRecord (RFC 8461 §3.1)", () => {
  it.each(valid)("valid: $rfc", ({ txt, id, extensions }) => {
    const result = parseMtaStsRecord(txt);
    expect(result.valid).toBe(true);
    if (!result.valid) return;
    expect(result.id).toBe(id);
    expect(result.extensions).toEqual(extensions ?? {});
  });

  it.each(invalid)("invalid: $rfc", ({ txt, code, message }) => {
    const result = parseMtaStsRecord(txt);
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.code).toBe(code);
    if (message) expect(result.message).toMatch(message);
  });

  it("reports the broken candidate and the candidates list", () => {
    const result = parseMtaStsRecord(["v=spf1 -all", "v=STSv1; id=a.b"]);
    expect(result).toMatchObject({ valid: false, code: "syntax", record: "v=STSv1; id=a.b", candidates: ["v=STSv1; id=a.b"] });
  });
});
