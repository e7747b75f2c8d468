import { describe, expect, it } from "vitest";
import { isDmarcCandidate, isDmarcNearMiss, parseDmarcRecord } from "@/lib/scan/checks/dmarc/parse-record";
import type { DmarcRecord } from "@/lib/scan/checks/dmarc/types";

type Valid = { rfc: string; record: string; expect: Partial<DmarcRecord>; issues?: string[] };

const valid: Valid[] = [
  { rfc: "RFC 7489 §6.4 minimal record", record: "v=DMARC1; p=reject", expect: { p: "reject", effectiveP: "reject", effectiveSp: "reject", pct: 100, adkim: "r", aspf: "r", ri: 86400, fo: ["0"], rf: ["afrf"], usable: true, treatedAsNone: false } },
  { rfc: "RFC 7489 §6.4 WSP around '=' and ';'", record: "v = DMARC1 ;p = quarantine ; sp=none;", expect: { p: "quarantine", sp: "none", effectiveSp: "none" } },
  { rfc: "RFC 7489 §6.4 tag names and keyword values are case-insensitive", record: "V=DMARC1; P=Reject; ADKIM=S; Aspf=s", expect: { p: "reject", adkim: "s", aspf: "s" } },
  { rfc: "RFC 7489 §6.4 p need not be the second tag (any order)", record: "v=DMARC1; rua=mailto:d@example.com; p=none", expect: { p: "none" } },
  { rfc: "RFC 7489 §6.3 every registered tag", record: "v=DMARC1; p=reject; sp=quarantine; pct=50; adkim=s; aspf=r; fo=1:d; rf=afrf; ri=3600; rua=mailto:a@example.com!10m, mailto:b@example.net; ruf=mailto:f@example.com", expect: { sp: "quarantine", pct: 50, fo: ["1", "d"], ri: 3600, usable: true } },
  { rfc: "RFC 7489 §6.4 dmarc-uri with !size", record: "v=DMARC1; p=none; rua=mailto:a@example.com!50m", expect: {} },
  { rfc: "RFC 7489 §6.3 unknown tags are ignored (no issue)", record: "v=DMARC1; p=reject; x_future=1", expect: { usable: true, tags: { v: "DMARC1", p: "reject", x_future: "1" } } },
  { rfc: "RFC 6376 §3.2 tag-name is ALPHA *(ALPHA / DIGIT / \"_\"): a hyphen is a syntax error", record: "v=DMARC1; p=reject; x-future=1", expect: { usable: true }, issues: ["tag-syntax"] },
  { rfc: "DMARCbis np/psd/t accepted", record: "v=DMARC1; p=reject; np=reject; psd=n; t=y", expect: { np: "reject", psd: "n", t: "y", usable: true } },
  { rfc: "RFC 7489 §6.3 empty segments carry nothing", record: "v=DMARC1;; p=reject;", expect: { p: "reject" } },
  { rfc: "RFC 7489 §6.3 bad pct falls back to its default (usable, with an issue)", record: "v=DMARC1; p=reject; pct=150", expect: { pct: 100, usable: true }, issues: ["invalid-value"] },
  { rfc: "RFC 7489 §6.3 bad adkim falls back to r", record: "v=DMARC1; p=reject; adkim=x", expect: { adkim: "r", usable: true }, issues: ["invalid-value"] },
  { rfc: "RFC 7489 §6.3 bad fo falls back to 0", record: "v=DMARC1; p=reject; fo=2", expect: { fo: ["0"] }, issues: ["invalid-value"] },
  { rfc: "RFC 7489 §6.3 bad ri falls back to 86400", record: "v=DMARC1; p=reject; ri=1h", expect: { ri: 86400 }, issues: ["invalid-value"] },
  { rfc: "DMARCbis invalid np is ignored", record: "v=DMARC1; p=reject; np=maybe", expect: { usable: true }, issues: ["invalid-np"] },
  { rfc: "RFC 7489 §6.4 invalid URI dropped, the valid one kept", record: "v=DMARC1; p=reject; rua=mailto:a@example.com, reports@example.com", expect: { usable: true }, issues: ["invalid-uri"] },
  { rfc: "RFC 7489 §6.4 bad !size suffix", record: "v=DMARC1; p=reject; rua=mailto:a@example.com!10x", expect: { rua: [] }, issues: ["invalid-uri"] },
  { rfc: "RFC 6376 §3.2 duplicate tag: first kept, reported", record: "v=DMARC1; p=reject; p=none", expect: { p: "reject" }, issues: ["duplicate-tag"] },
  { rfc: "RFC 6376 §3.2 segment without '=' reported and skipped", record: "v=DMARC1; p=reject; junk", expect: { p: "reject" }, issues: ["tag-syntax"] },
  { rfc: "RFC 7489 §6.6.3 step 6: invalid p + valid rua → applied as p=none", record: "v=DMARC1; p=rejectt; rua=mailto:d@example.com", expect: { usable: true, treatedAsNone: true, effectiveP: "none", effectiveSp: "none" }, issues: ["invalid-p"] },
  { rfc: "RFC 7489 §6.6.3 step 6: missing p + valid rua → applied as p=none", record: "v=DMARC1; rua=mailto:d@example.com", expect: { usable: true, treatedAsNone: true, effectiveP: "none" }, issues: ["missing-p"] },
  { rfc: "RFC 7489 §6.6.3 step 6: invalid sp + valid rua → applied as p=none", record: "v=DMARC1; p=reject; sp=bogus; rua=mailto:d@example.com", expect: { usable: true, treatedAsNone: true, effectiveP: "none", p: "reject" }, issues: ["invalid-sp"] },
];

const unusable: { rfc: string; record: string; issues: string[] }[] = [
  { rfc: "RFC 7489 §6.6.3 step 6: missing p and no rua", record: "v=DMARC1", issues: ["missing-p"] },
  { rfc: "RFC 7489 §6.6.3 step 6: invalid p and no rua", record: "v=DMARC1; p=block", issues: ["invalid-p"] },
  { rfc: "RFC 7489 §6.6.3 step 6: invalid p and only invalid rua", record: "v=DMARC1; p=block; rua=d@example.com", issues: ["invalid-p", "invalid-uri"] },
  { rfc: "RFC 7489 §6.6.3 step 6: invalid sp and no rua", record: "v=DMARC1; p=reject; sp=all", issues: ["invalid-sp"] },
  { rfc: "RFC 7489 §6.4 empty p value", record: "v=DMARC1; p=", issues: ["invalid-p"] },
];

describe("parseDmarcRecord (RFC 7489 §6.3-6.4, §6.6.3)", () => {
  it.each(valid)("usable: $rfc", ({ record, expect: shape, issues }) => {
    const parsed = parseDmarcRecord(record);
    expect(parsed).not.toBeNull();
    expect(parsed).toMatchObject(shape);
    expect(parsed?.usable).toBe(true);
    expect(parsed?.issues.map((i) => i.code).sort()).toEqual([...(issues ?? [])].sort());
  });

  it.each(unusable)("unusable: $rfc", ({ record, issues }) => {
    const parsed = parseDmarcRecord(record);
    expect(parsed?.usable).toBe(false);
    expect(parsed?.effectiveP).toBeUndefined();
    expect(parsed?.issues.map((i) => i.code).sort()).toEqual([...issues].sort());
  });

  it("parses rua/ruf destinations with their hosts and size limits", () => {
    const parsed = parseDmarcRecord("v=DMARC1; p=none; rua=mailto:agg@Reports.Example.NET!10M,https://r.example.org/d; ruf=mailto:f@example.com");
    expect(parsed?.rua).toEqual([
      { uri: "mailto:agg@Reports.Example.NET", scheme: "mailto", host: "reports.example.net", address: "agg@reports.example.net", maxSize: "10m" },
      { uri: "https://r.example.org/d", scheme: "https", host: "r.example.org" },
    ]);
    expect(parsed?.ruf.map((r) => r.host)).toEqual(["example.com"]);
  });
});

describe("DMARC record selection (RFC 7489 §6.3 v, §6.6.3 step 2)", () => {
  const cases: { rfc: string; text: string; candidate: boolean; nearMiss: boolean }[] = [
    { rfc: "§6.3 v=DMARC1 first", text: "v=DMARC1; p=none", candidate: true, nearMiss: false },
    { rfc: "§6.3 v alone with no other tag", text: "v=DMARC1", candidate: true, nearMiss: false },
    { rfc: "§6.4 the tag name v is case-insensitive", text: "V=DMARC1; p=none", candidate: true, nearMiss: false },
    { rfc: "§6.3 DMARC1 must match precisely (case)", text: "v=dmarc1; p=none", candidate: false, nearMiss: true },
    { rfc: "§6.3 v must be the first tag", text: "p=none; v=DMARC1", candidate: false, nearMiss: true },
    { rfc: "§6.4 no leading whitespace before v", text: " v=DMARC1; p=none", candidate: false, nearMiss: true },
    { rfc: "§6.3 another version", text: "v=DMARC2; p=none", candidate: false, nearMiss: true },
    { rfc: "§6.3 DMARC10 is not DMARC1", text: "v=DMARC10; p=none", candidate: false, nearMiss: true },
    { rfc: "§6.6.3 unrelated TXT is simply discarded", text: "v=spf1 -all", candidate: false, nearMiss: false },
  ];
  it.each(cases)("$rfc: $text", ({ text, candidate, nearMiss }) => {
    expect(isDmarcCandidate(text)).toBe(candidate);
    expect(isDmarcNearMiss(text)).toBe(nearMiss);
    expect(parseDmarcRecord(text) === null).toBe(!candidate);
  });
});
