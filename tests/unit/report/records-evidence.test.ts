/**
 * Evidence never contradicts what was published (spec "Records as published", issue 13 item 3):
 * reports built from the real checks over an in-memory zone are turned into area facts, record
 * views and the rendered evidence, and none of them says "no record" where records were received,
 * or "no"/"none" where the check could not be done.
 */
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { areaSummary } from "@/lib/report/area-facts";
import type { AreaKey } from "@/lib/report/areas";
import {
  dmarcDiscoverySentence,
  dmarcEvidence,
  dmarcRecordsView,
  mtaStsEvidence,
  mtaStsRecordsView,
  spfEvidence,
  spfRecordsView,
  tlsRptEvidence,
  tlsRptRecordsView,
} from "@/lib/report/evidence";
import { checkDmarc } from "@/lib/scan/checks/dmarc";
import { evaluateMtaSts, lookupMtaStsRecord } from "@/lib/scan/checks/mta-sts";
import { checkSpf } from "@/lib/scan/checks/spf";
import { checkTlsRpt } from "@/lib/scan/checks/tls-rpt";
import { validateReport } from "@/lib/scan/report-schema";
import { makeFinding, isFindingId } from "@/lib/scan/findings";
import type { ScanReport } from "@/lib/scan/types";
import { MtaStsEvidenceView } from "@/components/report/evidence/mta-sts";
import { DmarcEvidenceView, SpfEvidenceView, TlsRptEvidenceView } from "@/components/report/evidence/policies";
import { AreaCard } from "@/components/report/area-card";
import { AREAS } from "@/lib/report/areas";
import { zoneResolver, type Zone } from "@/tests/helpers/zone-resolver";
import { report as baseReport } from "./report-view-fixtures";

const NOW = new Date("2026-12-01T00:00:00Z");
const zone: Zone = {
  // Two of each: receivers/senders apply none (RFC 7489 §6.6.3, RFC 7208 §4.5, RFC 8461 §3.1, RFC 8460 §3).
  "_dmarc.two.test": { TXT: ["v=DMARC1; p=reject; rua=mailto:a@two.test", "v=DMARC1; p=none"] },
  "two.test": { TXT: ["v=spf1 mx -all", "v=spf1 ip4:192.0.2.1 -all"] },
  "_mta-sts.two.test": { TXT: ["v=STSv1; id=1", "v=STSv1; id=2"] },
  "_smtp._tls.two.test": { TXT: ["v=TLSRPTv1; rua=mailto:a@two.test", "v=TLSRPTv1; rua=mailto:b@two.test"] },
  // One invalid record each: shown as published.
  "_dmarc.bad.test": { TXT: ["v=dmarc1; p=reject"] },
  "bad.test": { TXT: ["v=spf1 ip4:300.0.0.1 -all"] },
  "_mta-sts.bad.test": { TXT: ["v=STSv1; id=bad-id!"] },
  "_smtp._tls.bad.test": { TXT: ["v=TLSRPTv1; rua=ftp://bad.test/"] },
  // A signed zone whose signatures expired: everything could not be checked.
  "bogus.test": { TXT: ["v=spf1 -all"], bogus: true },
  "_dmarc.bogus.test": { TXT: ["v=DMARC1; p=reject"], bogus: true },
  "_mta-sts.bogus.test": { TXT: ["v=STSv1; id=1"], bogus: true },
  "_smtp._tls.bogus.test": { TXT: ["v=TLSRPTv1; rua=mailto:a@bogus.test"], bogus: true },
  // A near miss at the organizational domain only (RFC 7489 §6.6.3 step 2 discards it).
  "_dmarc.orgnear.test": { TXT: ["v=dmarc1; p=none"] },
  "sub.orgnear.test": { A: ["192.0.2.8"] },
  // Nothing published.
  "empty.test": { A: ["192.0.2.9"] },
};

/** A report whose four policy checks come from the real checks over the zone. */
async function reportFor(domain: string): Promise<ScanReport> {
  const dns = zoneResolver(zone);
  const [dmarc, spf, tlsRpt, stsRecord] = await Promise.all([checkDmarc(dns, domain), checkSpf(dns, domain), checkTlsRpt(dns, domain), lookupMtaStsRecord(dns, domain)]);
  const mtaSts = evaluateMtaSts({ domain, record: stsRecord, policy: { kind: "unavailable", reason: "connection refused" }, mx: [] });
  const base = baseReport({ domain });
  const findings = [...dmarc.findings, ...spf.findings, ...tlsRpt.findings, ...mtaSts.findings].map((f) =>
    makeFinding(f.id as never, { detail: f.detail, severity: f.severity }),
  );
  return {
    ...base,
    mx: [],
    checks: {
      ...base.checks,
      mtaSts: { ...mtaSts, findings: undefined },
      tlsRpt: { ...tlsRpt, findings: undefined },
      dmarc: { ...dmarc, findings: undefined },
      spf: { ...spf, findings: undefined },
    },
    findings: findings.filter((f) => isFindingId(f.id)),
  };
}

const POLICY_AREAS: AreaKey[] = ["mtaSts", "tlsRpt", "dmarc", "spf"];
const text = (el: ReactElement) => renderToStaticMarkup(el).replace(/<[^>]+>/g, " ").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/\s+/g, " ");

function evidenceText(r: ScanReport, key: AreaKey): string {
  switch (key) {
    case "mtaSts":
      return text(createElement(MtaStsEvidenceView, { e: mtaStsEvidence(r), domain: r.domain, mx: r.mx, records: mtaStsRecordsView(r) }));
    case "tlsRpt":
      return text(createElement(TlsRptEvidenceView, { e: tlsRptEvidence(r), records: tlsRptRecordsView(r) }));
    case "dmarc":
      return text(createElement(DmarcEvidenceView, { e: dmarcEvidence(r), domain: r.domain, records: dmarcRecordsView(r), discovery: dmarcDiscoverySentence(r) }));
    default:
      return text(createElement(SpfEvidenceView, { e: spfEvidence(r), records: spfRecordsView(r) }));
  }
}

/** Everything a reader sees for one area: the card (verdict, facts, record) and its evidence. */
function areaText(r: ScanReport, key: AreaKey): string {
  const meta = AREAS.find((a) => a.key === key)!;
  const card = text(createElement(AreaCard, { meta, summary: areaSummary(r, key, NOW), groups: [], evidence: null }));
  return `${card} ${evidenceText(r, key)}`;
}

const NO_RECORD = /No v=|none published|no record|Record id no\b|none found/i;

describe("records as published: several records", () => {
  it("every record of every policy area is shown, and nothing says there is none", async () => {
    const r = await reportFor("two.test");
    expect(validateReport(r)).toEqual({ ok: true });
    const expected: Record<string, string[]> = {
      mtaSts: ["v=STSv1; id=1", "v=STSv1; id=2"],
      tlsRpt: ["v=TLSRPTv1; rua=mailto:a@two.test", "v=TLSRPTv1; rua=mailto:b@two.test"],
      dmarc: ["v=DMARC1; p=reject; rua=mailto:a@two.test", "v=DMARC1; p=none"],
      spf: ["v=spf1 mx -all", "v=spf1 ip4:192.0.2.1 -all"],
    };
    for (const key of POLICY_AREAS) {
      const shown = areaText(r, key);
      for (const record of expected[key]!) expect(shown, key).toContain(record);
      expect(shown, key).not.toMatch(NO_RECORD);
      expect(shown, key).toContain("2 records published");
    }
    expect(dmarcDiscoverySentence(r)).toBe("2 v=DMARC1 records at _dmarc.two.test: receivers apply none of them");
    expect(areaText(r, "dmarc")).not.toContain("record found at the domain itself");
  });
});

describe("records as published: one invalid record", () => {
  it("its raw text is shown in each area", async () => {
    const r = await reportFor("bad.test");
    const raw: Record<string, string> = { mtaSts: "v=STSv1; id=bad-id!", tlsRpt: "v=TLSRPTv1; rua=ftp://bad.test/", dmarc: "v=dmarc1; p=reject", spf: "v=spf1 ip4:300.0.0.1 -all" };
    for (const key of POLICY_AREAS) {
      const shown = areaText(r, key);
      expect(shown, key).toContain(raw[key]);
      expect(shown, key).not.toMatch(NO_RECORD);
    }
  });
});

describe("could not be checked (DNSSEC bogus)", () => {
  it("reads as could not be checked, with the reason; never no record, no or fail", async () => {
    const r = await reportFor("bogus.test");
    for (const key of POLICY_AREAS) {
      expect(r.checks[key].status, key).toBe("error");
      const shown = areaText(r, key);
      expect(shown, key).toMatch(/could not be checked: .*DNSSEC validation failed \(bogus\)/);
      expect(shown, key).not.toMatch(NO_RECORD);
      expect(shown, key).not.toMatch(/Policy in force no\b|Evaluates to (temperror|permerror)/i);
    }
    expect(mtaStsRecordsView(r)).toEqual({ kind: "unchecked", message: "could not be checked: _mta-sts.bogus.test: DNSSEC validation failed (bogus)" });
  });
});

describe("DMARC records come from the name that decided discovery", () => {
  it("a near miss at the organizational domain is shown at that name", async () => {
    const r = await reportFor("sub.orgnear.test");
    expect(dmarcRecordsView(r)).toEqual({ kind: "published", name: "_dmarc.orgnear.test", records: [{ value: "v=dmarc1; p=none", applies: false }], several: false });
    const shown = areaText(r, "dmarc");
    expect(shown).not.toMatch(NO_RECORD);
    expect(shown).toContain("receivers discard");
  });
});

describe("nothing published", () => {
  it("says so, once per area, naming the name asked", async () => {
    const r = await reportFor("empty.test");
    expect(evidenceText(r, "mtaSts")).toContain("No v=STSv1 TXT record at _mta-sts.empty.test.");
    expect(evidenceText(r, "tlsRpt")).toContain("No v=TLSRPTv1 TXT record at _smtp._tls.empty.test.");
    expect(evidenceText(r, "spf")).toContain("No v=spf1 TXT record at empty.test.");
    expect(evidenceText(r, "dmarc")).toContain("No v=DMARC1 record at _dmarc.empty.test.");
  });

  it("a report stored before records existed still shows its one record", () => {
    const r = baseReport({ checks: { ...baseReport().checks, spf: { status: "pass", record: "v=spf1 -all" } } });
    expect(spfRecordsView(r)).toEqual({ kind: "published", name: "example.com", records: [{ value: "v=spf1 -all", applies: true }], several: false });
  });
});

describe("report contract: never 'no record' where records is not empty", () => {
  it("rejects a missing status or a *-missing finding beside records, and a record outside records", () => {
    const r = baseReport({
      checks: { ...baseReport().checks, spf: { status: "missing", records: ["v=spf1 -all"] }, dmarc: { status: "fail", record: "v=DMARC1; p=none", records: ["v=DMARC1; p=reject"] } },
      findings: [makeFinding("spf-missing", { detail: "no v=spf1 TXT record at example.com" })],
    });
    const result = validateReport(r);
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    expect(issues).toContain("checks.spf.status: checks.spf.status is not missing where records is not empty");
    expect(issues).toContain("findings.0: spf-missing is not raised where checks.spf.records is not empty");
    expect(issues).toContain("checks.dmarc.record: checks.dmarc.record is one of checks.dmarc.records");
  });
});
