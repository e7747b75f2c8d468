import { describe, expect, it } from "vitest";
import { INGEST_LIMITS } from "@/lib/ingest/limits";
import { parseTlsRpt } from "@/lib/ingest/tlsrpt";
import { RFC8460_EXAMPLE, TLSRPT_PATTERN_STRING, TLSRPT_STRINGY } from "@/tests/helpers/ingest-fixtures";

const report = (json: string) => {
  const result = parseTlsRpt(json);
  if (!result.ok) throw new Error(result.error);
  return result.report;
};
const withPolicy = (policy: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    "organization-name": "Org",
    "date-range": { "start-datetime": "2026-12-01T00:00:00Z", "end-datetime": "2026-12-01T23:59:59Z" },
    "report-id": "r1",
    policies: [{ policy: { "policy-type": "sts", "policy-domain": "example.com", ...policy }, summary: { "total-successful-session-count": 1, "total-failure-session-count": 0 }, ...extra }],
  });

describe("parseTlsRpt", () => {
  it("parses the RFC 8460 §4.8 example with its `mx-host` list kept", () => {
    const parsed = report(RFC8460_EXAMPLE);
    expect(parsed).toMatchObject({
      orgName: "Company-X",
      contactInfo: "sts-reporting@company-x.example",
      reportId: "5065427c-23d3-47ca-b6e0-946ea0e8c4be",
      rangeStart: new Date("2016-04-01T00:00:00Z"),
      rangeEnd: new Date("2016-04-01T23:59:59Z"),
    });
    expect(parsed.policies).toHaveLength(1);
    const policy = parsed.policies[0]!;
    expect(policy).toMatchObject({ policyType: "sts", policyDomain: "company-y.example", mxHosts: ["*.mail.company-y.example"], successCount: 5326, failureCount: 303 });
    expect(policy.policyStrings).toEqual(["version: STSv1", "mode: testing", "mx: *.mail.company-y.example", "max_age: 86400"]);
    expect(policy.failures).toEqual([
      { resultType: "certificate-expired", sendingMtaIp: "2001:db8:abcd:0012::1", receivingMxHost: "mx1.mail.company-y.example", failedSessions: 100 },
      {
        resultType: "starttls-not-supported",
        sendingMtaIp: "2001:db8:abcd:0013::1",
        receivingMxHost: "mx2.mail.company-y.example",
        receivingIp: "203.0.113.56",
        failedSessions: 200,
        additionalInfo: "https://reports.company-x.example/report_info?id=5065427c-23d3#StarttlsNotSupported",
      },
      { resultType: "validation-failure", sendingMtaIp: "198.51.100.62", receivingIp: "203.0.113.58", receivingMxHost: "mx-backup.mail.company-y.example", failedSessions: 3, failureReasonCode: "X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED" },
    ]);
  });

  it("accepts `mx-host-pattern` as a bare string and a policy without failure details", () => {
    const policy = report(TLSRPT_PATTERN_STRING).policies[0]!;
    expect(policy).toMatchObject({ mxHosts: ["mx.example.com"], successCount: 42, failureCount: 0, failures: [] });
  });

  it("accepts counts as numeric strings, `additional-info-uri`, and keeps an unknown result type verbatim", () => {
    const policy = report(TLSRPT_STRINGY).policies[0]!;
    expect(policy).toMatchObject({ policyType: "no-policy-found", policyStrings: [], mxHosts: [], successCount: 17, failureCount: 2 });
    expect(policy.failures).toEqual([
      { resultType: "x-vendor-handshake-timeout", receivingMxHost: "mx.example.com", receivingIp: "192.0.2.25", failedSessions: 2, additionalInfo: "https://contoso.example/tlsrpt/why" },
    ]);
  });

  it("keeps hostile text as data: `=HYPERLINK(…)` org names, NUL and lone surrogates replaced for storage", () => {
    const json = JSON.stringify({ ...JSON.parse(RFC8460_EXAMPLE), "organization-name": '=HYPERLINK("http://evil.example","x")\u0000', "report-id": "id-\ud800" });
    const parsed = report(json);
    expect(parsed.orgName).toBe('=HYPERLINK("http://evil.example","x")\uFFFD');
    expect(parsed.reportId).toBe("id-\uFFFD");
    const invalidUtf8 = Buffer.concat([Buffer.from('{"organization-name":"Org'), Buffer.from([0xff, 0xfe]), Buffer.from(RFC8460_EXAMPLE.slice(RFC8460_EXAMPLE.indexOf('",')))]);
    const fromBytes = parseTlsRpt(invalidUtf8);
    expect(fromBytes.ok && fromBytes.report.orgName).toBe("Org\uFFFD\uFFFD");
  });

  it("reads only the document's own fields: a `__proto__` key neither supplies a field nor pollutes", () => {
    const json = withPolicy({}).replace('"report-id":"r1",', '"__proto__":{"report-id":"from-proto","polluted":true},');
    expect(json).toContain('"__proto__"');
    expect(parseTlsRpt(json)).toEqual({ ok: false, error: 'TLS-RPT report: "report-id" is missing' });
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it.each([
    ["not JSON", "{", /not valid JSON/],
    ["a list at the top", "[]", /the document must be an object/],
    ["no organization", JSON.stringify({ ...JSON.parse(RFC8460_EXAMPLE), "organization-name": undefined }), /"organization-name" is missing/],
    ["no report id", JSON.stringify({ ...JSON.parse(RFC8460_EXAMPLE), "report-id": "" }), /"report-id" is missing/],
    ["a bad date", JSON.stringify({ ...JSON.parse(RFC8460_EXAMPLE), "date-range": { "start-datetime": "yesterday", "end-datetime": "2016-04-01T23:59:59Z" } }), /"start-datetime" is not a date-time/],
    ["a range that ends first", JSON.stringify({ ...JSON.parse(RFC8460_EXAMPLE), "date-range": { "start-datetime": "2016-04-02T00:00:00Z", "end-datetime": "2016-04-01T23:59:59Z" } }), /ends before it starts/],
    ["policies not a list", JSON.stringify({ ...JSON.parse(RFC8460_EXAMPLE), policies: {} }), /"policies" must be a list/],
    ["a negative count", withPolicy({}).replace('"total-successful-session-count":1', '"total-successful-session-count":-1'), /must be a non-negative whole number/],
    ["a fractional count", withPolicy({}).replace('"total-successful-session-count":1', '"total-successful-session-count":1.5'), /must be a non-negative whole number/],
    ["a non-numeric count string", withPolicy({}).replace('"total-successful-session-count":1', '"total-successful-session-count":"many"'), /must be a non-negative whole number/],
    ["mx-host of numbers", withPolicy({ "mx-host": [1, 2] }), /"mx-host" must be a string or a list of strings/],
    ["a failure without a result type", withPolicy({}, { "failure-details": [{ "failed-session-count": 1 }] }), /"result-type" is missing/],
  ])("refuses %s with a clear error", (_why, json, message) => {
    const result = parseTlsRpt(json);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });

  it("refuses a report with more failure details than maxFailureDetails, counted over all policies", () => {
    const failures = Array.from({ length: 6 }, () => ({ "result-type": "sts-policy-fetch-error", "failed-session-count": 1 }));
    const doc = JSON.parse(withPolicy({}, { "failure-details": failures }));
    doc.policies.push(doc.policies[0]);
    const limits = { ...INGEST_LIMITS, maxFailureDetails: 10 };
    expect(parseTlsRpt(JSON.stringify({ ...doc, policies: [doc.policies[0]] }), limits).ok).toBe(true);
    const result = parseTlsRpt(JSON.stringify(doc), limits);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/more failure details than the cap allows/) });
  });
});
