import { describe, expect, it } from "vitest";
import { checkSpf } from "@/lib/scan/checks/spf";
import { zoneResolver, type Zone } from "@/tests/helpers/zone-resolver";

// Spec "Records as published": checks.spf.records holds every v=spf1 record at the domain (RFC 7208 §4.5).
const zone: Zone = {
  "two.test": { TXT: ["v=spf1 mx -all", "site-verification=1", ["v=spf1 ip4:192.0.2.1 ", "-all"]] },
  "bad.test": { TXT: ["v=spf1 ip4:300.0.0.1 -all"] },
  "one.test": { TXT: ["other=1", "v=spf1 -all"] },
  "inc.test": { TXT: ["v=spf1 include:t.inc.test -all"] },
  "t.inc.test": { TXT: ["v=spf1 ip4:192.0.2.0/24 -all", "v=spf1 -all"] },
  "none.test": { TXT: ["not spf"] },
  "broken.test": { fail: "servfail" },
  "bogus.test": { TXT: ["v=spf1 -all"], bogus: true },
};
const dns = () => zoneResolver(zone);

describe("checks.spf.records", () => {
  it("two records: both, strings of each joined (RFC 7208 §3.3), in the order received", async () => {
    const r = await checkSpf(dns(), "two.test");
    expect(r.records).toEqual(["v=spf1 mx -all", "v=spf1 ip4:192.0.2.1 -all"]);
    expect(r.record).toBeUndefined();
    expect(r.findings.map((f) => f.id)).toEqual(["spf-multiple"]);
  });

  it("one record among other TXT: just it", async () => {
    const r = await checkSpf(dns(), "one.test");
    expect(r.records).toEqual(["v=spf1 -all"]);
    expect(r.record).toBe("v=spf1 -all");
  });

  it("invalid record: its raw text", async () => {
    const r = await checkSpf(dns(), "bad.test");
    expect(r.records).toEqual(["v=spf1 ip4:300.0.0.1 -all"]);
    expect(r.findings.map((f) => f.id)).toEqual(["spf-invalid"]);
  });

  it("records of include targets are not the domain's records", async () => {
    const r = await checkSpf(dns(), "inc.test");
    expect(r.records).toEqual(["v=spf1 include:t.inc.test -all"]);
  });

  it("none and could-not-check: empty", async () => {
    expect((await checkSpf(dns(), "none.test")).records).toEqual([]);
    const broken = await checkSpf(dns(), "broken.test");
    expect(broken.status).toBe("error");
    expect(broken.records).toEqual([]);
    // DNSSEC bogus: validating receivers see SERVFAIL, so the unchecked data is not shown as published.
    const bogus = await checkSpf(dns(), "bogus.test");
    expect(bogus.status).toBe("error");
    expect(bogus.records).toEqual([]);
  });
});
