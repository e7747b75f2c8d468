import { describe, expect, it } from "vitest";
import { checkTlsRpt, evaluateTlsRpt, lookupMxTlsRpt, lookupTlsRpt } from "@/lib/scan/checks/tls-rpt";
import type { TlsRptLookup } from "@/lib/scan/checks/tls-rpt/types";
import { zoneResolver } from "@/tests/helpers/zone-resolver";

const lookup = (outcome: TlsRptLookup["outcome"], records: string[] = []): TlsRptLookup => ({ name: "_smtp._tls.example.test", outcome, records, dnssec: "insecure" });

describe("evaluateTlsRpt (RFC 8460 §3)", () => {
  it("valid record: pass, no finding", () => {
    const result = evaluateTlsRpt(lookup("present", ["v=TLSRPTv1; rua=mailto:tlsrpt@example.test"]));
    expect(result).toMatchObject({ status: "pass", record: "v=TLSRPTv1; rua=mailto:tlsrpt@example.test", findings: [] });
    expect(result.rua?.[0]).toMatchObject({ scheme: "mailto", address: "tlsrpt@example.test" });
  });

  const rows: { name: string; lookup: TlsRptLookup; ids: string[]; status: string }[] = [
    { name: "§3 absent record → tls-rpt-missing", lookup: lookup("absent"), ids: ["tls-rpt-missing"], status: "missing" },
    { name: "§3 no v=TLSRPTv1 among TXT → tls-rpt-invalid", lookup: lookup("present", ["hello"]), ids: ["tls-rpt-invalid"], status: "warn" },
    { name: "§3 two records → tls-rpt-invalid", lookup: lookup("present", ["v=TLSRPTv1; rua=mailto:a@example.test", "v=TLSRPTv1; rua=mailto:b@example.test"]), ids: ["tls-rpt-invalid"], status: "warn" },
    { name: "§3 no rua → tls-rpt-invalid", lookup: lookup("present", ["v=TLSRPTv1"]), ids: ["tls-rpt-invalid"], status: "warn" },
    { name: "§3 ftp rua → tls-rpt-invalid", lookup: lookup("present", ["v=TLSRPTv1; rua=ftp://example.test/"]), ids: ["tls-rpt-invalid"], status: "warn" },
    { name: "docs/architecture.md rule 8: servfail → error, no finding (unknown is not absent)", lookup: lookup("unknown"), ids: [], status: "error" },
  ];
  it.each(rows)("$name", ({ lookup: l, ids, status }) => {
    const result = evaluateTlsRpt(l);
    expect(result.findings.map((f) => f.id)).toEqual(ids);
    expect(result.findings.every((f) => f.severity === "low")).toBe(true);
    expect(result.status).toBe(status);
  });
});

describe("lookupTlsRpt / checkTlsRpt / lookupMxTlsRpt", () => {
  const dns = zoneResolver(
    {
      "_smtp._tls.example.test": { TXT: ["v=TLSRPTv1; rua=mailto:tlsrpt@example.test"] },
      "_smtp._tls.broken.test": { fail: "timeout" },
      "_smtp._tls.mx1.example.test": { TXT: { records: ["v=TLSRPTv1; rua=https://r.example.net/tlsrpt"], authenticated: true } },
      "_smtp._tls.mx2.example.test": { TXT: ["v=TLSRPTv1"] },
      "mx3.example.test": { A: ["192.0.2.3"] },
    },
    { authenticated: false },
  );

  it("checks the domain's record, keeping absent and unknown apart", async () => {
    expect(await checkTlsRpt(dns, "example.test")).toMatchObject({ status: "pass" });
    expect((await checkTlsRpt(dns, "none.test")).findings.map((f) => f.id)).toEqual(["tls-rpt-missing"]);
    expect(await checkTlsRpt(dns, "broken.test")).toMatchObject({ status: "error", findings: [] });
    expect(await lookupTlsRpt(dns, "mx1.example.test")).toMatchObject({ outcome: "present", dnssec: "secure" });
  });

  it("reports what _smtp._tls.<mx> holds for DANE MX hosts (RFC 8460 §3 Policy Domain = MX host)", async () => {
    const evidence = await lookupMxTlsRpt(dns, ["mx1.example.test", "mx2.example.test", "mx3.example.test"]);
    expect(evidence).toEqual([
      { host: "mx1.example.test", name: "_smtp._tls.mx1.example.test", outcome: "present", record: "v=TLSRPTv1; rua=https://r.example.net/tlsrpt", valid: true, rua: ["https://r.example.net/tlsrpt"] },
      { host: "mx2.example.test", name: "_smtp._tls.mx2.example.test", outcome: "present", record: "v=TLSRPTv1", valid: false, error: "the required rua field is missing" },
      { host: "mx3.example.test", name: "_smtp._tls.mx3.example.test", outcome: "absent" },
    ]);
  });
});
