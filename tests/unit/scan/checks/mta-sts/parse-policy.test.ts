import { describe, expect, it } from "vitest";
import { parseMtaStsPolicy } from "@/lib/scan/checks/mta-sts/parse-policy";
import type { MtaStsPolicyIssueCode } from "@/lib/scan/checks/mta-sts/types";

const ok = "version: STSv1\nmode: enforce\nmx: mx1.example.com\nmax_age: 604800\n";

type Valid = { rfc: string; body: string; mode?: string; maxAge?: number; mx?: string[]; warnings?: MtaStsPolicyIssueCode[] };
type Invalid = { rfc: string; body: string; errors: MtaStsPolicyIssueCode[] };

const valid: Valid[] = [
  { rfc: "§3.2 LF-separated policy", body: ok, mode: "enforce", maxAge: 604800, mx: ["mx1.example.com"] },
  { rfc: "§3.2 CRLF-separated policy", body: ok.replaceAll("\n", "\r\n"), mode: "enforce" },
  { rfc: "§3.2 final line terminator is optional", body: ok.trimEnd(), maxAge: 604800 },
  { rfc: "§3.2 mx is multi-valued: every mx line counts", body: "version: STSv1\nmode: testing\nmx: a.example.com\nmx: *.example.net\nmax_age: 86400\n", mode: "testing", mx: ["a.example.com", "*.example.net"] },
  { rfc: "§3.2 mode none needs no mx line", body: "version: STSv1\nmode: none\nmax_age: 86400\n", mode: "none", mx: [] },
  { rfc: "§3.2 key order is free", body: "max_age: 0\nmx: mx.example.com\nmode: enforce\nversion: STSv1\n", maxAge: 0 },
  { rfc: "§3.2 max_age upper bound 31557600 is allowed", body: ok.replace("604800", "31557600"), maxAge: 31557600 },
  { rfc: "§3.2 *WSP after ':' and at line end", body: "version:STSv1\nmode:\t enforce  \nmx: mx.example.com\t\nmax_age: 86400\n", mode: "enforce" },
  { rfc: "§3.2 unknown keys are ignored", body: `${ok}x_custom: some value here\n`, mode: "enforce" },
  { rfc: "§3.2 repeated non-mx key: the first one wins", body: "version: STSv1\nmode: testing\nmode: enforce\nmx: mx.example.com\nmax_age: 86400\n", mode: "testing", warnings: ["duplicate-key"] },
  { rfc: "§3.2 repeated key with an invalid later value: the first (valid) one wins", body: `${ok}max_age: banana\n`, maxAge: 604800, warnings: ["duplicate-key"] },
  { rfc: "§3.2 blank line tolerated with a warning", body: "version: STSv1\n\nmode: enforce\nmx: mx.example.com\nmax_age: 86400\n", warnings: ["blank-line"] },
  { rfc: "§3.2 trailing root dot on an mx pattern names the same host", body: ok.replace("mx1.example.com", "mx1.example.com."), mx: ["mx1.example.com."] },
];

const invalid: Invalid[] = [
  { rfc: "§3.2 version must be STSv1", body: ok.replace("STSv1", "STSv2"), errors: ["invalid-version"] },
  { rfc: "§3.2 version value is case-sensitive", body: ok.replace("STSv1", "stsv1"), errors: ["invalid-version"] },
  { rfc: "§3.2 version is required", body: ok.replace("version: STSv1\n", ""), errors: ["missing-version"] },
  { rfc: "§3.2 mode must be enforce|testing|none", body: ok.replace("enforce", "enforcing"), errors: ["invalid-mode"] },
  { rfc: "§3.2 mode value is case-sensitive", body: ok.replace("enforce", "Enforce"), errors: ["invalid-mode"] },
  { rfc: "§3.2 keys are case-sensitive: Mode is unknown, so mode is missing", body: ok.replace("mode:", "Mode:"), errors: ["missing-mode"] },
  { rfc: "§3.2 max_age is required", body: ok.replace("max_age: 604800\n", ""), errors: ["missing-max-age"] },
  { rfc: "§3.2 max_age above 31557600", body: ok.replace("604800", "31557601"), errors: ["invalid-max-age"] },
  { rfc: "§3.2 max_age digits only (no sign)", body: ok.replace("604800", "-1"), errors: ["invalid-max-age"] },
  { rfc: "§3.2 max_age digits only (no decimals)", body: ok.replace("604800", "86400.5"), errors: ["invalid-max-age"] },
  { rfc: "§3.2 max_age is 1*10 DIGIT", body: ok.replace("604800", "00000604800"), errors: ["invalid-max-age"] },
  { rfc: "§3.2 at least one mx unless mode none", body: ok.replace("mx: mx1.example.com\n", ""), errors: ["missing-mx"] },
  { rfc: "§3.2 mx value is [\"*.\"] Domain", body: ok.replace("mx1.example.com", "mx_1.example.com"), errors: ["invalid-mx"] },
  { rfc: "§3.2 wildcard only as the whole leftmost label", body: ok.replace("mx1.example.com", "mx*.example.com"), errors: ["invalid-mx"] },
  { rfc: "§3.2 whitespace before ':' is not in the grammar", body: ok.replace("mode:", "mode :"), errors: ["malformed-line", "missing-mode"] },
  { rfc: "§3.2 leading whitespace is not in the grammar", body: ok.replace("mx:", " mx:"), errors: ["malformed-line", "missing-mx"] },
  { rfc: "§3.2 a line without ':'", body: `${ok}this is not a field\n`, errors: ["malformed-line"] },
  { rfc: "§3.2 an HTML page is not a policy", body: "<html><body>Not found</body></html>", errors: ["malformed-line", "missing-version", "missing-mode", "missing-max-age", "missing-mx"] },
  { rfc: "spec (MTA_STS_MAX_POLICY_BYTES): larger than 64 KiB", body: ok + `x_pad: ${"a".repeat(64 * 1024)}\n`, errors: ["too-large"] },
];

describe("parseMtaStsPolicy (RFC 8461 §3.2)", () => {
  it.each(valid)("valid: $rfc", ({ body, mode, maxAge, mx, warnings }) => {
    const result = parseMtaStsPolicy(body);
    expect(result.valid, JSON.stringify(result)).toBe(true);
    if (!result.valid) return;
    expect(result.policy.version).toBe("STSv1");
    if (mode !== undefined) expect(result.policy.mode).toBe(mode);
    if (maxAge !== undefined) expect(result.policy.maxAge).toBe(maxAge);
    if (mx !== undefined) expect(result.policy.mx).toEqual(mx);
    expect(result.warnings.map((w) => w.code)).toEqual(warnings ?? []);
  });

  it.each(invalid)("invalid: $rfc", ({ body, errors }) => {
    const result = parseMtaStsPolicy(body);
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.errors.map((e) => e.code).sort()).toEqual([...errors].sort());
  });

  it("returns line numbers for line-level errors and keeps extensions", () => {
    const bad = parseMtaStsPolicy("version: STSv1\nmode: bogus\nmx: a.example\nmax_age: 1\n");
    expect(bad.valid).toBe(false);
    if (!bad.valid) expect(bad.errors[0]).toMatchObject({ code: "invalid-mode", line: 2 });
    const good = parseMtaStsPolicy(`${ok}x_note: hello world\n`);
    expect(good.valid && good.extensions).toEqual({ x_note: "hello world" });
  });
});
