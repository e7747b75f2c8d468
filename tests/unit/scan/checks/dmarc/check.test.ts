import { describe, expect, it } from "vitest";
import { checkDmarc, evaluateDmarc, lookupDmarc } from "@/lib/scan/checks/dmarc";
import { zoneResolver, type Zone } from "@/tests/helpers/zone-resolver";

const RUA = "rua=mailto:dmarc@example.test";
const zone: Zone = {
  "_dmarc.example.test": { TXT: [`v=DMARC1; p=reject; ${RUA}`] },
  "_dmarc.none.test": { TXT: [`v=DMARC1; p=none; ${RUA.replace("example.test", "none.test")}`] },
  "_dmarc.pct.test": { TXT: ["v=DMARC1; p=quarantine; pct=25; rua=mailto:d@pct.test"] },
  "_dmarc.norua.test": { TXT: ["v=DMARC1; p=reject"] },
  "_dmarc.multi.test": { TXT: ["v=DMARC1; p=reject; rua=mailto:d@multi.test", "v=DMARC1; p=none"] },
  "_dmarc.badp.test": { TXT: ["v=DMARC1; p=rejected"] },
  "_dmarc.badp-rua.test": { TXT: ["v=DMARC1; p=rejected; rua=mailto:d@badp-rua.test"] },
  "_dmarc.soft.test": { TXT: ["v=DMARC1; p=reject; pct=abc; rua=mailto:d@soft.test"] },
  "_dmarc.nearmiss.test": { TXT: ["v=dmarc1; p=reject", "v=spf1 -all"] },
  "_dmarc.unrelated.test": { TXT: ["some-verification=abc"] },
  "_dmarc.broken.test": { fail: "servfail" },
  "_dmarc.sp.test": { TXT: ["v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@sp.test"] },
  "_dmarc.spnone.test": { TXT: ["v=DMARC1; p=reject; sp=none; rua=mailto:d@spnone.test"] },
  "_dmarc.orgfail.test": { fail: "timeout" },
  "_dmarc.bis.test": { TXT: ["v=DMARC1; p=reject; np=reject; psd=n; t=n; rua=mailto:d@bis.test"] },
  // external report destinations (RFC 7489 §7.1)
  "_dmarc.ext-ok.test": { TXT: ["v=DMARC1; p=reject; rua=mailto:agg@dmarc.vendor.test; ruf=mailto:f@reports.ext-ok.test"] },
  "ext-ok.test._report._dmarc.dmarc.vendor.test": { TXT: ["v=DMARC1"] },
  "_dmarc.ext-no.test": { TXT: ["v=DMARC1; p=reject; rua=mailto:agg@dmarc.vendor.test"] },
  "_dmarc.ext-wrong.test": { TXT: ["v=DMARC1; p=reject; rua=mailto:agg@dmarc.vendor.test"] },
  "ext-wrong.test._report._dmarc.dmarc.vendor.test": { TXT: ["not a dmarc record"] },
  "_dmarc.ext-fail.test": { TXT: ["v=DMARC1; p=reject; rua=mailto:agg@flaky.vendor.test"] },
  "ext-fail.test._report._dmarc.flaky.vendor.test": { fail: "servfail" },
  "*._report._dmarc.wild.vendor.test": { TXT: ["v=DMARC1;"] },
  "_dmarc.ext-wild.test": { TXT: ["v=DMARC1; p=reject; rua=mailto:a@wild.vendor.test"] },
  "_dmarc.inh-ext.test": { TXT: ["v=DMARC1; p=reject; rua=mailto:agg@dmarc.vendor.test"] },
  "inh-ext.test._report._dmarc.dmarc.vendor.test": { TXT: ["v=DMARC1"] },
  // subdomains that exist (so their _dmarc names are NXDOMAIN, not ENT)
  "mail.example.test": { A: ["192.0.2.1"] },
};

const dns = () => zoneResolver(zone);
const ids = (r: { findings: { id: string }[] }) => r.findings.map((f) => f.id).sort();

describe("checkDmarc (RFC 7489)", () => {
  it("clean: valid p=reject with an in-domain rua → pass, no finding", async () => {
    const result = await checkDmarc(dns(), "example.test");
    expect(result).toMatchObject({ status: "pass", record: `v=DMARC1; p=reject; ${RUA}`, policy: "reject", source: "example.test", inherited: false, findings: [] });
  });

  const rows: { name: string; domain: string; ids: string[]; status: string; policy?: string; source?: string }[] = [
    { name: "§6.6.3 no record here nor at the organizational domain → missing", domain: "nothing.test", ids: ["dmarc-missing"], status: "missing" },
    { name: "§6.6.3 step 2 unrelated TXT only → missing", domain: "unrelated.test", ids: ["dmarc-missing"], status: "missing" },
    { name: "§6.6.3 SERVFAIL → error, not missing", domain: "broken.test", ids: [], status: "error" },
    { name: "§6.6.3 step 5 multiple records → invalid only", domain: "multi.test", ids: ["dmarc-invalid"], status: "fail" },
    { name: "§6.6.3 step 6 invalid p, no rua → invalid only (no policy findings, no no-rua)", domain: "badp.test", ids: ["dmarc-invalid"], status: "fail" },
    { name: "§6.6.3 step 6 invalid p with valid rua → invalid + applied as none", domain: "badp-rua.test", ids: ["dmarc-invalid", "dmarc-policy-none"], status: "fail", policy: "none" },
    { name: "§6.3 bad pct is discarded for its default: invalid, still applied", domain: "soft.test", ids: ["dmarc-invalid"], status: "fail", policy: "reject" },
    { name: "§6.3 DMARC1 lower-case: discarded by receivers, reported as invalid", domain: "nearmiss.test", ids: ["dmarc-invalid"], status: "fail" },
    { name: "§6.3 p=none → policy-none", domain: "none.test", ids: ["dmarc-policy-none"], status: "warn", policy: "none" },
    { name: "§6.3 pct=25 with quarantine → pct-partial", domain: "pct.test", ids: ["dmarc-pct-partial"], status: "warn", policy: "quarantine" },
    { name: "§6.3 no rua → no-rua", domain: "norua.test", ids: ["dmarc-no-rua"], status: "warn", policy: "reject" },
    { name: "§6.3 sp weaker than p → subdomain-weaker", domain: "sp.test", ids: ["dmarc-subdomain-weaker"], status: "warn", policy: "reject" },
    { name: "DMARCbis np/psd/t tags → accepted, clean", domain: "bis.test", ids: [], status: "pass", policy: "reject" },
    { name: "§6.6.3 step 3 subdomain inherits p when there is no sp", domain: "mail.example.test", ids: ["dmarc-inherited"], status: "pass", policy: "reject", source: "example.test" },
    { name: "§6.6.3 step 3 subdomain inherits sp when present", domain: "mx.sp.test", ids: ["dmarc-inherited", "dmarc-subdomain-weaker"], status: "warn", policy: "quarantine", source: "sp.test" },
    { name: "§6.6.3 inherited sp=none → policy-none", domain: "a.b.spnone.test", ids: ["dmarc-inherited", "dmarc-policy-none", "dmarc-subdomain-weaker"], status: "warn", policy: "none", source: "spnone.test" },
    { name: "§6.6.3 organizational lookup times out → error", domain: "sub.orgfail.test", ids: [], status: "error" },
    { name: "§7.1 external rua with its authorization record → clean", domain: "ext-ok.test", ids: [], status: "pass" },
    { name: "§7.1 external rua without authorization → rua-unauthorized", domain: "ext-no.test", ids: ["dmarc-rua-unauthorized"], status: "warn" },
    { name: "§7.1 authorization TXT not starting v=DMARC1 → rua-unauthorized", domain: "ext-wrong.test", ids: ["dmarc-rua-unauthorized"], status: "warn" },
    { name: "§7.1 authorization lookup fails → unknown, no finding", domain: "ext-fail.test", ids: [], status: "pass" },
    { name: "§7.1 wildcard authorization record", domain: "ext-wild.test", ids: [], status: "pass" },
  ];

  it.each(rows)("$name", async ({ domain, ids: expected, status, policy, source }) => {
    const result = await checkDmarc(dns(), domain);
    expect(ids(result)).toEqual([...expected].sort());
    expect(result.status).toBe(status);
    if (policy !== undefined) expect(result.policy).toBe(policy);
    else if (status !== "pass" && status !== "warn") expect(result.policy).toBeUndefined();
    if (source !== undefined) expect(result.source).toBe(source);
  });

  it("multiple records at the domain stop discovery: no organizational-domain lookup", async () => {
    const resolver = dns();
    await checkDmarc(resolver, "multi.test");
    expect(resolver.log.map((q) => q.name)).toEqual(["_dmarc.multi.test"]);
  });

  it("asks the authorization of the domain whose record lists the address (here the organizational domain)", async () => {
    const resolver = dns();
    const result = await checkDmarc(resolver, "www.inh-ext.test");
    expect(ids(result)).toEqual(["dmarc-inherited"]);
    expect(resolver.count("inh-ext.test._report._dmarc.dmarc.vendor.test", "TXT")).toBe(1);
    expect(resolver.count("www.inh-ext.test._report._dmarc.dmarc.vendor.test")).toBe(0);
    expect(result.reportAuthorizations).toEqual([
      { uri: "mailto:agg@dmarc.vendor.test", tag: "rua", host: "dmarc.vendor.test", external: true, name: "inh-ext.test._report._dmarc.dmarc.vendor.test", authorized: true },
    ]);
  });

  it("a same-organization destination is not checked; an external one is", async () => {
    const resolver = dns();
    const result = await checkDmarc(resolver, "ext-ok.test");
    expect(result.reportAuthorizations.map((a) => [a.tag, a.host, a.external, a.authorized])).toEqual([
      ["rua", "dmarc.vendor.test", true, true],
      ["ruf", "reports.ext-ok.test", false, true],
    ]);
    expect(resolver.log.filter((q) => q.name.includes("_report._dmarc")).map((q) => q.name)).toEqual(["ext-ok.test._report._dmarc.dmarc.vendor.test"]);
  });

  it("the near-miss at a subdomain is reported while the organizational policy still applies", async () => {
    const result = await checkDmarc(zoneResolver({ ...zone, "_dmarc.www.example.test": { TXT: ["v=DMARC1 p=reject"] } }), "www.example.test");
    expect(ids(result)).toEqual(["dmarc-inherited", "dmarc-invalid"]);
    expect(result.policy).toBe("reject");
  });

  it("lookupDmarc reports the organizational domain and the names asked", async () => {
    const discovery = await lookupDmarc(dns(), "Mail.Example.Test.");
    expect(discovery).toMatchObject({ domain: "mail.example.test", organizationalDomain: "example.test", outcome: "found", source: "example.test", inherited: true });
    expect(discovery.lookups.map((l) => [l.name, l.outcome])).toEqual([
      ["_dmarc.mail.example.test", "absent"],
      ["_dmarc.example.test", "ok"],
    ]);
  });

  it("evaluateDmarc is pure: the same observations give the same result", () => {
    const discovery = { domain: "x.test", organizationalDomain: "x.test", lookups: [], outcome: "found" as const, source: "x.test", inherited: false, record: "v=DMARC1; p=quarantine; rua=mailto:a@x.test", records: ["v=DMARC1; p=quarantine; rua=mailto:a@x.test"] };
    const result = evaluateDmarc({ discovery, reportAuthorizations: [] });
    expect(result).toMatchObject({ status: "pass", policy: "quarantine", findings: [] });
    expect(evaluateDmarc({ discovery, reportAuthorizations: [] })).toEqual(result);
  });
});
