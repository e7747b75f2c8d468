import { describe, expect, it } from "vitest";
import { checkDmarc } from "@/lib/scan/checks/dmarc";
import { zoneResolver, type Zone } from "@/tests/helpers/zone-resolver";

// Spec "Records as published": checks.dmarc.records holds every DMARC record at the name that decided discovery.
const zone: Zone = {
  "_dmarc.two.test": { TXT: ["v=DMARC1; p=reject; rua=mailto:a@two.test", "unrelated=1", "v=DMARC1; p=none"] },
  "_dmarc.bad.test": { TXT: ["v=DMARC1; p=rejected"] },
  "_dmarc.near.test": { TXT: ["v=dmarc1; p=reject", "v=spf1 -all"] },
  "_dmarc.org.test": { TXT: ["v=DMARC1; p=quarantine; rua=mailto:a@org.test"] },
  "sub.org.test": { A: ["192.0.2.1"] },
  "_dmarc.sub.near.test": { TXT: ["p=reject; v=DMARC1"] },
  "_dmarc.sub.empty.test": { TXT: ["p=reject; v=DMARC1"] },
  "_dmarc.sub.orgnear.test": { A: ["192.0.2.2"] },
  "_dmarc.orgnear.test": { TXT: ["v=dmarc1; p=none"] },
  "_dmarc.sub.mixed.test": { TXT: ["v=DMARC1 p=reject"] },
  "_dmarc.mixed.test": { TXT: ["v=DMARC1; p=reject; rua=mailto:a@mixed.test"] },
  "_dmarc.broken.test": { fail: "servfail" },
  "_dmarc.bogus.test": { TXT: ["v=DMARC1; p=reject"], bogus: true },
  "_dmarc.one.test": { TXT: ["v=DMARC1; p=reject; rua=mailto:a@one.test"] },
};
const dns = () => zoneResolver(zone);

describe("checks.dmarc.records", () => {
  it("two records: both, in the order received, and no record applies (RFC 7489 §6.6.3 step 5)", async () => {
    const r = await checkDmarc(dns(), "two.test");
    expect(r.records).toEqual(["v=DMARC1; p=reject; rua=mailto:a@two.test", "v=DMARC1; p=none"]);
    expect(r.record).toBeUndefined();
    expect(r.status).toBe("fail");
  });

  it("one invalid record: its raw text", async () => {
    const r = await checkDmarc(dns(), "bad.test");
    expect(r.records).toEqual(["v=DMARC1; p=rejected"]);
    expect(r.record).toBe("v=DMARC1; p=rejected");
  });

  it("a near miss receivers discard is shown as published, beside its dmarc-invalid finding", async () => {
    const r = await checkDmarc(dns(), "near.test");
    expect(r.records).toEqual(["v=dmarc1; p=reject"]);
    expect(r.findings.map((f) => f.id)).toEqual(["dmarc-invalid"]);
  });

  it("inherited policy: the organizational domain's record", async () => {
    const r = await checkDmarc(dns(), "sub.org.test");
    expect(r.inherited).toBe(true);
    expect(r.records).toEqual(["v=DMARC1; p=quarantine; rua=mailto:a@org.test"]);
    expect(r.recordsAt).toBe("_dmarc.org.test");
  });

  it("no record applies: near misses at the domain first, else those at the organizational domain", async () => {
    const own = await checkDmarc(dns(), "sub.near.test");
    expect(own.records).toEqual(["p=reject; v=DMARC1"]);
    expect(own.status).toBe("fail");
    expect((await checkDmarc(dns(), "sub.empty.test")).records).toEqual(["p=reject; v=DMARC1"]);
    const org = await checkDmarc(dns(), "sub.orgnear.test");
    expect(org.records).toEqual(["v=dmarc1; p=none"]);
    expect(org.recordsAt).toBe("_dmarc.orgnear.test");
  });

  it("near miss at the domain, valid record at the organizational domain: the record that applies", async () => {
    const r = await checkDmarc(dns(), "sub.mixed.test");
    expect(r.record).toBe("v=DMARC1; p=reject; rua=mailto:a@mixed.test");
    expect(r.records).toEqual([r.record]);
  });

  it("one valid record: records holds exactly the record that applies", async () => {
    const r = await checkDmarc(dns(), "one.test");
    expect(r.records).toEqual([r.record]);
  });

  it("none and could-not-check: empty", async () => {
    const nothing = await checkDmarc(dns(), "nothing.test");
    expect(nothing.records).toEqual([]);
    expect(nothing.recordsAt).toBeUndefined();
    const broken = await checkDmarc(dns(), "broken.test");
    expect(broken.status).toBe("error");
    expect(broken.records).toEqual([]);
    const bogus = await checkDmarc(dns(), "bogus.test");
    expect(bogus).toMatchObject({ status: "error", records: [] });
  });
});
