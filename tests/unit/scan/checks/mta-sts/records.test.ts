import { describe, expect, it } from "vitest";
import { evaluateMtaSts } from "@/lib/scan/checks/mta-sts/evaluate";
import { lookupMtaStsRecord } from "@/lib/scan/checks/mta-sts/lookup-record";
import type { MtaStsRecordLookup } from "@/lib/scan/checks/mta-sts/types";
import { zoneResolver } from "@/tests/helpers/zone-resolver";

const NAME = "_mta-sts.example.test";
const present = (...records: string[]): MtaStsRecordLookup => ({ name: NAME, outcome: "present", records, dnssec: "insecure", cnames: [] });
const evaluate = (record: MtaStsRecordLookup) =>
  evaluateMtaSts({ domain: "example.test", record, policy: { kind: "unavailable", reason: "refused" }, mx: [] });

// Spec "Records as published": checks.mtaSts.records holds every v=STSv1 record at _mta-sts.<domain>.
describe("checks.mtaSts.records", () => {
  it("two records: both, in the order received, none applies (RFC 8461 §3.1)", () => {
    const r = evaluate(present("v=STSv1; id=1", "other=1", "v=STSv1; id=2"));
    expect(r.records).toEqual(["v=STSv1; id=1", "v=STSv1; id=2"]);
    expect(r.record).toBeUndefined();
    expect(r.findings.map((f) => f.id)).toContain("mta-sts-record-invalid");
  });

  it("one invalid record: its raw text", () => {
    const r = evaluate(present("v=STSv1; id=2026-01-01"));
    expect(r.records).toEqual(["v=STSv1; id=2026-01-01"]);
    expect(r.record).toBe("v=STSv1; id=2026-01-01");
  });

  it("absent and could-not-check: empty", () => {
    expect(evaluate({ name: NAME, outcome: "absent", records: [], dnssec: "insecure", cnames: [] }).records).toEqual([]);
    const unknown = evaluate({ name: NAME, outcome: "unknown", records: [], dnssec: "insecure", cnames: [], error: "timeout" });
    expect(unknown).toMatchObject({ status: "error", records: [] });
  });

  it("over DNS: strings of one record are joined; a bogus zone is could-not-check with no records", async () => {
    const dns = zoneResolver({
      "_mta-sts.split.test": { TXT: [["v=STSv1; ", "id=abc"]] },
      "_mta-sts.bogus.test": { TXT: ["v=STSv1; id=abc"], bogus: true },
    });
    const split = evaluateMtaSts({ domain: "split.test", record: await lookupMtaStsRecord(dns, "split.test"), policy: null, mx: [] });
    expect(split.records).toEqual(["v=STSv1; id=abc"]);
    const bogus = evaluateMtaSts({ domain: "bogus.test", record: await lookupMtaStsRecord(dns, "bogus.test"), policy: null, mx: [] });
    expect(bogus).toMatchObject({ status: "error", records: [] });
  });
});
