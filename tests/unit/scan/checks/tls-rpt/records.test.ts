import { describe, expect, it } from "vitest";
import { checkTlsRpt, evaluateTlsRpt } from "@/lib/scan/checks/tls-rpt";
import type { TlsRptLookup } from "@/lib/scan/checks/tls-rpt/types";
import { zoneResolver } from "@/tests/helpers/zone-resolver";

const lookup = (outcome: TlsRptLookup["outcome"], records: string[] = []): TlsRptLookup => ({ name: "_smtp._tls.example.test", outcome, records, dnssec: "insecure" });

// Spec "Records as published": checks.tlsRpt.records holds every v=TLSRPTv1 record at _smtp._tls.<domain>.
describe("checks.tlsRpt.records", () => {
  it("two records: both, in the order received, none applies (RFC 8460 §3)", () => {
    const r = evaluateTlsRpt(lookup("present", ["v=TLSRPTv1; rua=mailto:a@example.test", "other", "v=TLSRPTv1; rua=mailto:b@example.test"]));
    expect(r.records).toEqual(["v=TLSRPTv1; rua=mailto:a@example.test", "v=TLSRPTv1; rua=mailto:b@example.test"]);
    expect(r.record).toBeUndefined();
  });

  it("one invalid record: its raw text, and it is the record", () => {
    const r = evaluateTlsRpt(lookup("present", ["v=TLSRPTv1; rua=ftp://example.test/"]));
    expect(r.records).toEqual(["v=TLSRPTv1; rua=ftp://example.test/"]);
    expect(r.record).toBe("v=TLSRPTv1; rua=ftp://example.test/");
  });

  it("valid record: exactly the record", () => {
    const r = evaluateTlsRpt(lookup("present", ["v=TLSRPTv1; rua=mailto:a@example.test"]));
    expect(r.records).toEqual([r.record]);
  });

  it("absent, unrelated TXT only, and could-not-check: empty", () => {
    expect(evaluateTlsRpt(lookup("absent")).records).toEqual([]);
    expect(evaluateTlsRpt(lookup("present", ["hello"])).records).toEqual([]);
    expect(evaluateTlsRpt(lookup("unknown")).records).toEqual([]);
  });

  it("over DNS: strings of one record are joined, a bogus answer shows nothing", async () => {
    const dns = zoneResolver({
      "_smtp._tls.split.test": { TXT: [["v=TLSRPTv1; ", "rua=mailto:a@split.test"]] },
      "_smtp._tls.bogus.test": { TXT: ["v=TLSRPTv1; rua=mailto:a@bogus.test"], bogus: true },
    });
    expect((await checkTlsRpt(dns, "split.test")).records).toEqual(["v=TLSRPTv1; rua=mailto:a@split.test"]);
    const bogus = await checkTlsRpt(dns, "bogus.test");
    expect(bogus).toMatchObject({ status: "error", records: [] });
  });
});
