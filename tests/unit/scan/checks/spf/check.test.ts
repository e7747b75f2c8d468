import { describe, expect, it } from "vitest";
import { checkSpf } from "@/lib/scan/checks/spf";
import { zoneResolver, type Zone } from "@/tests/helpers/zone-resolver";

/** A chain root → i1 → … → i<n>, each link one include; the last record has no include. */
function chain(root: string, n: number): Zone {
  const zone: Zone = { [root]: { TXT: [`v=spf1 include:i1.${root} -all`] } };
  for (let i = 1; i <= n; i++) zone[`i${i}.${root}`] = { TXT: [i < n ? `v=spf1 include:i${i + 1}.${root} -all` : "v=spf1 ip4:192.0.2.1 -all"] };
  return zone;
}
const mxNames = (n: number) => Array.from({ length: n }, (_, i) => ({ preference: 10, exchange: `mx${i}.many.test` }));

const zone: Zone = {
  "clean.test": { TXT: ["v=spf1 mx a:out.clean.test ip4:192.0.2.0/24 -all"], MX: [{ preference: 10, exchange: "mx.clean.test" }] },
  "out.clean.test": { A: ["192.0.2.5"] },
  "soft.test": { TXT: ["v=spf1 ip4:192.0.2.1 ~all"] },
  "neutral.test": { TXT: ["v=spf1 ip4:192.0.2.1 ?all"] },
  "pass-all.test": { TXT: ["v=spf1 +all"] },
  "no-all.test": { TXT: ["v=spf1 ip4:192.0.2.1"] },
  "multi.test": { TXT: ["v=spf1 -all", "v=spf1 mx -all"] },
  "syntax.test": { TXT: ["v=spf1 ip4:300.0.0.1 -all"] },
  "broken.test": { fail: "servfail" },
  "none.test": { TXT: ["some-verification=1"] },
  // redirect (RFC 7208 §6.1)
  "redir.test": { TXT: ["v=spf1 redirect=_spf.redir.test"] },
  "_spf.redir.test": { TXT: ["v=spf1 ip4:192.0.2.0/24 -all"] },
  "redir-open.test": { TXT: ["v=spf1 redirect=_spf.redir-open.test"] },
  "_spf.redir-open.test": { TXT: ["v=spf1 +all"] },
  "redir-ignored.test": { TXT: ["v=spf1 -all redirect=_spf.nowhere.test"] },
  "redir-missing.test": { TXT: ["v=spf1 redirect=_spf.redir-missing.test"] },
  // include problems (RFC 7208 §5.2)
  "inc-nospf.test": { TXT: ["v=spf1 include:target.inc-nospf.test -all"] },
  "target.inc-nospf.test": { TXT: ["not spf"] },
  "inc-nx.test": { TXT: ["v=spf1 include:gone.inc-nx.test -all"] },
  "inc-multi.test": { TXT: ["v=spf1 include:t.inc-multi.test -all"] },
  "t.inc-multi.test": { TXT: ["v=spf1 -all", "v=spf1 ?all"] },
  "inc-syntax.test": { TXT: ["v=spf1 include:t.inc-syntax.test -all"] },
  "t.inc-syntax.test": { TXT: ["v=spf1 a:bad..name -all"] },
  "inc-fail.test": { TXT: ["v=spf1 include:t.inc-fail.test -all"] },
  "t.inc-fail.test": { fail: "timeout" },
  // cycles
  "cycle-a.test": { TXT: ["v=spf1 include:cycle-b.test -all"] },
  "cycle-b.test": { TXT: ["v=spf1 include:cycle-a.test -all"] },
  "self.test": { TXT: ["v=spf1 redirect=self.test"] },
  // void lookups (RFC 7208 §4.6.4)
  "void3.test": { TXT: ["v=spf1 a:v1.void3.test mx:v2.void3.test exists:v3.void3.test -all"] },
  "void2.test": { TXT: ["v=spf1 a:v1.void2.test exists:v3.void2.test a:has-aaaa.void2.test -all"] },
  "has-aaaa.void2.test": { AAAA: ["2001:db8::1"] },
  // mx limits
  "many.test": { TXT: ["v=spf1 mx -all"], MX: mxNames(11) },
  "ten.test": { TXT: ["v=spf1 mx -all"], MX: mxNames(10) },
  // macros and ptr
  "macro.test": { TXT: ["v=spf1 include:%{d}._spf.macro.test exists:%{i}._ip.macro.test ptr -all"] },
  "after-all.test": { TXT: ["v=spf1 -all include:never.test a mx"] },
  ...chain("chain11.test", 11),
  ...chain("chain10.test", 10),
};

const ids = (r: { findings: { id: string }[] }) => r.findings.map((f) => f.id).sort();

describe("checkSpf (RFC 7208)", () => {
  it("clean record: pass, lookups counted, no finding", async () => {
    const result = await checkSpf(zoneResolver(zone), "clean.test");
    expect(result).toMatchObject({ status: "pass", record: "v=spf1 mx a:out.clean.test ip4:192.0.2.0/24 -all", lookups: 2, voidLookups: 0, macrosNotExpanded: false, outcome: "ok", all: "-", findings: [] });
  });

  const rows: { name: string; domain: string; ids: string[]; status: string; lookups?: number; voids?: number }[] = [
    { name: "§4.5 no SPF record → spf-missing", domain: "none.test", ids: ["spf-missing"], status: "missing" },
    { name: "§4.3 NXDOMAIN → spf-missing", domain: "nothing.test", ids: ["spf-missing"], status: "missing" },
    { name: "§4.4 SERVFAIL → error (temperror), not missing", domain: "broken.test", ids: [], status: "error" },
    { name: "§4.5 two v=spf1 records → spf-multiple", domain: "multi.test", ids: ["spf-multiple"], status: "fail" },
    { name: "§4.6 syntax error → spf-invalid only", domain: "syntax.test", ids: ["spf-invalid"], status: "fail" },
    { name: "§5.1 ~all → spf-softfail (info)", domain: "soft.test", ids: ["spf-softfail"], status: "pass" },
    { name: "§5.1 ?all → spf-permissive", domain: "neutral.test", ids: ["spf-permissive"], status: "fail" },
    { name: "§5.1 +all → spf-permissive", domain: "pass-all.test", ids: ["spf-permissive"], status: "fail" },
    { name: "§4.7 neither all nor redirect → spf-permissive", domain: "no-all.test", ids: ["spf-permissive"], status: "fail" },
    { name: "§6.1 redirect to a -all record → clean", domain: "redir.test", ids: [], status: "pass", lookups: 1 },
    { name: "§6.1 redirect to a +all record → spf-permissive", domain: "redir-open.test", ids: ["spf-permissive"], status: "fail" },
    { name: "§6.1 redirect ignored when all is present", domain: "redir-ignored.test", ids: [], status: "pass", lookups: 0 },
    { name: "§6.1 redirect target without SPF record → spf-invalid", domain: "redir-missing.test", ids: ["spf-invalid"], status: "fail", voids: 1 },
    { name: "§5.2 include target without SPF record → spf-invalid", domain: "inc-nospf.test", ids: ["spf-invalid"], status: "fail", voids: 0 },
    { name: "§5.2 include target NXDOMAIN → spf-invalid (and a void lookup)", domain: "inc-nx.test", ids: ["spf-invalid"], status: "fail", voids: 1 },
    { name: "§4.5 include target with two records → spf-multiple", domain: "inc-multi.test", ids: ["spf-multiple"], status: "fail" },
    { name: "§4.6 include target with a syntax error → spf-invalid", domain: "inc-syntax.test", ids: ["spf-invalid"], status: "fail" },
    { name: "§5.2 include target times out → temperror, status error", domain: "inc-fail.test", ids: [], status: "error" },
    { name: "§4.6.4 11 chained includes → spf-too-many-lookups", domain: "chain11.test", ids: ["spf-too-many-lookups"], status: "fail", lookups: 11 },
    { name: "§4.6.4 10 chained includes are within the limit", domain: "chain10.test", ids: [], status: "pass", lookups: 10 },
    { name: "§4.6.4 include cycle → spf-too-many-lookups", domain: "cycle-a.test", ids: ["spf-too-many-lookups"], status: "fail" },
    { name: "§4.6.4 redirect to itself → spf-too-many-lookups", domain: "self.test", ids: ["spf-too-many-lookups"], status: "fail" },
    { name: "§4.6.4 three void lookups → spf-void-lookups", domain: "void3.test", ids: ["spf-void-lookups"], status: "warn", voids: 3 },
    { name: "§4.6.4 two void lookups are allowed (an AAAA-only name is not void)", domain: "void2.test", ids: [], status: "pass", voids: 2 },
    { name: "§4.6.4 mx with 11 MX names → spf-too-many-lookups", domain: "many.test", ids: ["spf-too-many-lookups"], status: "fail", lookups: 1 },
    { name: "§4.6.4 mx with 10 MX names is fine", domain: "ten.test", ids: [], status: "pass", lookups: 1 },
    { name: "§5.1 terms after all are never evaluated", domain: "after-all.test", ids: [], status: "pass", lookups: 0 },
  ];

  it.each(rows)("$name", async ({ domain, ids: expected, status, lookups, voids }) => {
    const result = await checkSpf(zoneResolver(zone), domain);
    expect(ids(result)).toEqual([...expected].sort());
    expect(result.status).toBe(status);
    if (lookups !== undefined) expect(result.lookups).toBe(lookups);
    if (voids !== undefined) expect(result.voidLookups).toBe(voids);
  });

  it("stops descending once the limit is exceeded: the 11th include target is never asked", async () => {
    const dns = zoneResolver(zone);
    const result = await checkSpf(dns, "chain11.test");
    expect(dns.count("i10.chain11.test", "TXT")).toBe(1);
    expect(dns.count("i11.chain11.test", "TXT")).toBe(0);
    expect(result.outcome).toBe("permerror");
    expect(result.findings[0]?.detail).toMatch(/more than 10/);
  });

  it("records the include tree and the cycle as evidence", async () => {
    const result = await checkSpf(zoneResolver(zone), "cycle-a.test");
    expect(result.includeTree).toMatchObject({
      domain: "cycle-a.test",
      via: "root",
      lookups: 1,
      children: [{ domain: "cycle-b.test", via: "include", outcome: "ok", children: [{ domain: "cycle-a.test", outcome: "cycle" }] }],
    });
    expect(result.findings[0]?.detail).toMatch(/cycle-a\.test → cycle-b\.test → cycle-a\.test/);
  });

  it("macros are validated, counted, not expanded and not queried; ptr counts without a query", async () => {
    const dns = zoneResolver(zone);
    const result = await checkSpf(dns, "macro.test");
    expect(result).toMatchObject({ lookups: 3, macrosNotExpanded: true, status: "pass", findings: [] });
    expect(dns.log.map((q) => q.name)).toEqual(["macro.test"]);
    expect(result.includeTree?.children).toEqual([expect.objectContaining({ domain: "%{d}._spf.macro.test", outcome: "macro" })]);
  });

  it("void lookups name the terms that found nothing", async () => {
    const result = await checkSpf(zoneResolver(zone), "void3.test");
    expect(result.findings[0]?.detail).toContain("a:v1.void3.test");
    expect(result.findings[0]?.detail).toContain("exists:v3.void3.test");
  });

  it("a lookup shared by two branches is asked once but counted twice", async () => {
    const dns = zoneResolver({
      "diamond.test": { TXT: ["v=spf1 include:l.diamond.test include:r.diamond.test -all"] },
      "l.diamond.test": { TXT: ["v=spf1 include:shared.diamond.test -all"] },
      "r.diamond.test": { TXT: ["v=spf1 include:shared.diamond.test -all"] },
      "shared.diamond.test": { TXT: ["v=spf1 a -all"], A: ["192.0.2.1"] },
    });
    const result = await checkSpf(dns, "diamond.test");
    expect(result.lookups).toBe(6);
    expect(dns.count("shared.diamond.test", "TXT")).toBe(1);
    expect(result.findings).toEqual([]);
  });
});
