import { describe, expect, it } from "vitest";
import { areaSummary } from "@/lib/report/area-facts";
import { groupFindings, hasSuggestedFix, placeOfFinding } from "@/lib/report/areas";
import { exposureRows, pathReasons } from "@/lib/report/exposure";
import { rfcLinks } from "@/lib/report/rfc";
import { parseTlsaRecord, tlsaMatrix } from "@/lib/report/tlsa";
import { classifyTlsaRecord, parseTlsaString } from "@/lib/scan/checks/dane/tlsa-record";
import { evaluateHostProtection } from "@/lib/scan/posture/exposure";
import type { MxHost } from "@/lib/scan/types";
import { finding, report } from "./report-view-fixtures";

const LEAF = "a".repeat(64);
const NEXT = "b".repeat(64);
const CA = "c".repeat(64);

describe("parseTlsaRecord", () => {
  it("accepts DANE-EE/TA records with digests of the right length", () => {
    expect(parseTlsaRecord(`3 1 1 ${LEAF}`)).toMatchObject({ usable: true, usage: 3, selector: 1, matchingType: 1 });
    expect(parseTlsaRecord(`2 0 2 ${"d".repeat(128)}`).usable).toBe(true);
  });

  it("says why senders ignore a record", () => {
    expect(parseTlsaRecord(`1 1 1 ${LEAF}`).ignoredBecause).toBe("usage 1 (PKIX-EE) is not usable for SMTP (RFC 7672 §3.1.3)");
    expect(parseTlsaRecord(`3 1 1 abcd`).ignoredBecause).toMatch(/matching type 1 needs 32 octets of digest, got 2/);
    expect(parseTlsaRecord(`3 2 1 ${LEAF}`).ignoredBecause).toBe("unknown selector 2 (RFC 7671 §4.1)");
    expect(parseTlsaRecord("garbage").usable).toBe(false);
  });

  // The two used to disagree: the report's own rule took odd-length hex under matching type 0 as usable.
  it.each([
    ["odd-length hex under matching type 0", "3 1 0 abc"],
    ["odd-length hex digest", `3 1 1 ${LEAF}a`],
    ["non-hex data", `3 1 1 ${"z".repeat(64)}`],
    ["empty full data", "3 1 0 "],
    ["usable DANE-EE", `3 1 1 ${LEAF}`],
    ["usable full certificate", "2 0 0 3082"],
    ["unknown matching type", `3 1 3 ${LEAF}`],
  ])("agrees with the scanner's classifyTlsaRecord: %s", (_name, text) => {
    const rec = parseTlsaString(text);
    expect(parseTlsaRecord(text).usable).toBe(rec ? classifyTlsaRecord(rec).usable : false);
  });
});

describe("tlsaMatrix", () => {
  const mx: MxHost = {
    host: "mx1.example.com",
    preference: 10,
    implicit: false,
    dnssec: "secure",
    tlsa: { records: [`3 1 1 ${LEAF}`, `3 1 1 ${NEXT}`, `2 1 1 ${CA.toUpperCase()}`, `1 1 1 ${LEAF}`], dnssec: "secure", usable: true },
    endpoints: [
      { address: "192.0.2.10", starttls: "ok", dane: { matches: true, matched: [`3 1 1 ${LEAF}`, `2 1 1 ${CA}`] } },
      { address: "2001:db8::10", starttls: "unreachable" },
      { address: "192.0.2.11", starttls: "ok" },
    ],
  };

  it("gives each record × address cell a word: match, no match, not reached, not tested", () => {
    const m = tlsaMatrix(mx)!;
    expect(m.name).toBe("_25._tcp.mx1.example.com");
    expect(m.addresses).toEqual(["192.0.2.10", "2001:db8::10", "192.0.2.11"]);
    expect(m.rows.map((r) => r.cells.map((c) => c.word))).toEqual([
      ["matches leaf", "not tested (unreachable)", "not tested (no certificate chain)"],
      ["no match", "not tested (unreachable)", "not tested (no certificate chain)"],
      ["matches issuer", "not tested (unreachable)", "not tested (no certificate chain)"],
      ["no match", "not tested (unreachable)", "not tested (no certificate chain)"],
    ]);
    expect(m.rows[3]!.ignoredBecause).toMatch(/PKIX-EE\) is not usable for SMTP/);
    expect(m.rows[1]!.nextKey).toBe(true);
    expect(m.rows[0]!.nextKey).toBeUndefined();
    expect(m.setIgnoredBecause).toBeUndefined();
  });

  it("says when the whole set is ignored, and is undefined without records", () => {
    expect(tlsaMatrix({ ...mx, tlsa: { records: [`3 1 1 ${LEAF}`], dnssec: "insecure", usable: false } })!.setIgnoredBecause).toMatch(/not DNSSEC-signed/);
    expect(tlsaMatrix({ ...mx, tlsa: { records: [], dnssec: "secure", usable: false } })).toBeUndefined();
  });
});

describe("exposure rows", () => {
  it("words each path from the scanner's structured reasons, a broken path as Broken", () => {
    const h = evaluateHostProtection({ host: "mx1.example.com", dane: "mismatch", sts: { enforced: true, covered: false, tlsOk: true } });
    expect(pathReasons(h)).toEqual({ dane: "Broken: the TLSA records match no presented certificate", mtaSts: "Host not listed in the policy's mx lines" });
  });

  it("shows the why line as written when a host has no reasons (a line no scanner version wrote)", () => {
    expect(pathReasons({ why: "no MTA-STS policy; no TLSA" })).toEqual({ dane: "no MTA-STS policy; no TLSA", mtaSts: "no MTA-STS policy; no TLSA" });
  });

  it("joins exposure hosts with MX preference and judges each row", () => {
    const r = report({
      mx: [
        { host: "mx2.example.com", preference: 20, implicit: false, dnssec: "secure", endpoints: [] },
        { host: "mx1.example.com", preference: 10, implicit: false, dnssec: "secure", endpoints: [{ address: "192.0.2.10", starttls: "ok", dane: { matches: true, matched: [] } }] },
      ],
      exposure: {
        verdict: "partial",
        sentence: "s",
        hosts: [
          evaluateHostProtection({ host: "mx2.example.com", dane: "no-tlsa", sts: { enforced: true, covered: true, tlsOk: true } }),
          evaluateHostProtection({ host: "mx1.example.com", dane: "protected", sts: { enforced: true, covered: true, tlsOk: true } }),
        ],
      },
    });
    const rows = exposureRows(r);
    expect(rows.map((x) => [x.host, x.preference, x.verdict])).toEqual([
      ["mx1.example.com", 10, "protected"],
      ["mx2.example.com", 20, "partial"],
    ]);
    expect(rows[0]!.dane).toMatchObject({ ok: true, matched: 1, reached: 1, why: "TLSA records authenticated, usable and matching" });
    expect(rows[1]!.mtaSts).toEqual({ ok: true, why: "Enforced, covered, valid TLS" });
    expect(rows[1]!.dane).toMatchObject({ ok: false, why: "No TLSA records" });
  });
});

describe("areas and facts", () => {
  it("places findings in their area card, the stripping verdict in the exposure card", () => {
    expect(placeOfFinding("cert-expired")).toBe("starttls");
    expect(placeOfFinding("mx-null")).toBe("starttls");
    expect(placeOfFinding("dnssec-missing")).toBe("dane");
    expect(placeOfFinding("starttls-stripping-partial")).toBe("exposure");
    expect(placeOfFinding("mta-sts-policy-changed-id-unchanged")).toBe("mtaSts");
    expect(placeOfFinding("spf-something-new")).toBe("spf");
    expect(hasSuggestedFix("dmarc-no-rua")).toBe(true);
    expect(hasSuggestedFix("spf-permissive")).toBe(false);
  });

  it("groups findings by id with safe anchors, worst first", () => {
    const groups = groupFindings([
      finding("tls-rpt-missing"),
      finding("mta-sts-mx-mismatch", { host: "mx1.example.com" }),
      finding("mta-sts-mx-mismatch", { host: "mx2.example.com", severity: "critical" }),
      { id: "<img src=x>", severity: "low", title: "t", detail: "d", fix: "f" },
    ]);
    expect(groups.map((g) => [g.id, g.severity, g.anchor, g.items.length])).toEqual([
      ["mta-sts-mx-mismatch", "critical", "finding-mta-sts-mx-mismatch", 2],
      ["tls-rpt-missing", "low", "finding-tls-rpt-missing", 1],
      ["<img src=x>", "low", "finding-other-1", 1],
    ]);
    expect(groups[0]).toMatchObject({ owner: "Policy web host", effort: "minutes", rfc: "RFC 8461 §4.1" });
  });

  it("builds SPF facts with denominators and a verdict from the worst finding", () => {
    const r = report({
      checks: { ...report().checks, spf: { status: "fail", record: "v=spf1 ?all", lookups: 3, voidLookups: 1, all: "?", outcome: "ok" } },
      findings: [finding("spf-permissive")],
    });
    const s = areaSummary(r, "spf", new Date("2026-11-28T12:00:00Z"));
    expect(s.verdict).toBe("SPF record lets any server send (+all, ?all or no all).");
    expect(s.facts).toContainEqual({ label: "DNS lookups", value: "3 / 10" });
    expect(s.facts).toContainEqual({ label: "Void lookups", value: "1 / 2" });
    expect(s.record).toBe("v=spf1 ?all");
  });

  it("links RFC references to the RFC Editor", () => {
    expect(rfcLinks("RFC 8461 §7.2; RFC 8996")).toEqual([
      { label: "RFC 8461 §7.2", href: "https://www.rfc-editor.org/rfc/rfc8461#section-7.2" },
      { label: "RFC 8996", href: "https://www.rfc-editor.org/rfc/rfc8996" },
    ]);
  });
});
