import { describe, expect, it } from "vitest";
import { parseDmarcRecord } from "@/lib/scan/checks/dmarc/parse-record";
import type { DmarcPolicy } from "@/lib/scan/checks/dmarc/types";
import { parseSpfRecord } from "@/lib/scan/checks/spf/parse-record";
import { readTxtLine, readZoneLine, spfSaysNoMail, suggestDmarcRecord, suggestNoMailRecords, type SuggestInput } from "@/lib/scan/suggest";
import { input, ownDmarc } from "./fixtures";

/** The suggested record read back by our DMARC parser: usable, no issues, pct 100. */
function readBack(text: string, owner = "_dmarc.example.com") {
  const read = readTxtLine(text);
  if (!read.ok) throw new Error(read.message);
  expect(read.owner).toBe(owner);
  const parsed = parseDmarcRecord(read.text);
  if (parsed === null) throw new Error("not a DMARC record");
  expect(parsed.issues).toEqual([]);
  expect(parsed.usable).toBe(true);
  expect(parsed.pct).toBe(100);
  return parsed;
}

describe("suggestDmarcRecord: staged none → quarantine → reject (RFC 7489)", () => {
  type Case = {
    rfc: string;
    dmarc?: SuggestInput["dmarc"];
    spf?: string;
    p: DmarcPolicy;
    rua: string[];
    ruf?: string[];
    sp?: DmarcPolicy;
    tags?: Record<string, string>;
    absent?: string[];
    exact?: string;
  };
  const cases: Case[] = [
    { rfc: "§6.6.3 no record: p=none with aggregate reports", p: "none", rua: ["mailto:dmarc-reports@example.com"], exact: "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com" },
    {
      rfc: "§6.3 p=none → p=quarantine, keeping rua and the other tags",
      dmarc: ownDmarc("v=DMARC1; p=none; rua=mailto:agg@example.com; adkim=s; fo=1"),
      p: "quarantine",
      rua: ["mailto:agg@example.com"],
      tags: { adkim: "s", fo: "1" },
      exact: "v=DMARC1; p=quarantine; rua=mailto:agg@example.com; adkim=s; fo=1",
    },
    {
      rfc: "§6.3 p=quarantine → p=reject, keeping rua and ruf",
      dmarc: ownDmarc("v=DMARC1; p=quarantine; rua=mailto:agg@example.com; ruf=mailto:forensic@example.com"),
      p: "reject",
      rua: ["mailto:agg@example.com"],
      ruf: ["mailto:forensic@example.com"],
    },
    {
      rfc: "§6.3 p=reject at pct=100 is kept as published",
      dmarc: ownDmarc("v=DMARC1; p=reject; rua=mailto:agg@example.com; aspf=s"),
      p: "reject",
      rua: ["mailto:agg@example.com"],
      exact: "v=DMARC1; p=reject; rua=mailto:agg@example.com; aspf=s",
    },
    {
      rfc: "§6.3 pct: a partial quarantine first goes to 100 % of quarantine",
      dmarc: ownDmarc("v=DMARC1; p=quarantine; pct=50; rua=mailto:agg@example.com"),
      p: "quarantine",
      rua: ["mailto:agg@example.com"],
      absent: ["pct"],
    },
    { rfc: "§6.3 pct: p=reject with pct=20 loses the pct, never below 100", dmarc: ownDmarc("v=DMARC1; p=reject; pct=20; rua=mailto:agg@example.com"), p: "reject", rua: ["mailto:agg@example.com"], absent: ["pct"] },
    { rfc: "§6.3 sp equal to the old p follows p (sp defaults to p)", dmarc: ownDmarc("v=DMARC1; p=none; sp=none; rua=mailto:agg@example.com"), p: "quarantine", rua: ["mailto:agg@example.com"], absent: ["sp"] },
    { rfc: "§6.3 a weaker sp moves one step too", dmarc: ownDmarc("v=DMARC1; p=quarantine; sp=none; rua=mailto:agg@example.com"), p: "reject", sp: "quarantine", rua: ["mailto:agg@example.com"] },
    { rfc: "§6.3 p=reject with a weaker sp is not settled: sp moves a step", dmarc: ownDmarc("v=DMARC1; p=reject; sp=none; rua=mailto:agg@example.com"), p: "reject", sp: "quarantine", rua: ["mailto:agg@example.com"] },
    { rfc: "§6.3 a stronger sp is kept", dmarc: ownDmarc("v=DMARC1; p=none; sp=reject; rua=mailto:agg@example.com"), p: "quarantine", sp: "reject", rua: ["mailto:agg@example.com"] },
    { rfc: "§6.3 no rua on an existing record: the default is added", dmarc: ownDmarc("v=DMARC1; p=quarantine"), p: "reject", rua: ["mailto:dmarc-reports@example.com"] },
    { rfc: "§6.4 a rua size limit is kept", dmarc: ownDmarc("v=DMARC1; p=none; rua=mailto:agg@example.com!10m"), p: "quarantine", rua: ["mailto:agg@example.com"], exact: "v=DMARC1; p=quarantine; rua=mailto:agg@example.com!10m" },
    {
      rfc: "§6.3 unknown tags are kept, invalid values dropped",
      dmarc: ownDmarc("v=DMARC1; p=none; rua=mailto:agg@example.com; adkim=x; foo=bar"),
      p: "quarantine",
      rua: ["mailto:agg@example.com"],
      tags: { foo: "bar" },
      absent: ["adkim"],
    },
    {
      rfc: "§6.6.3 step 6: an invalid p with a valid rua is applied as none, so the next step is quarantine",
      dmarc: ownDmarc("v=DMARC1; p=bogus; rua=mailto:agg@example.com"),
      p: "quarantine",
      rua: ["mailto:agg@example.com"],
    },
    { rfc: "§6.6.3 step 6: an invalid p without rua is not applied at all: start at none", dmarc: ownDmarc("v=DMARC1; p=bogus"), p: "none", rua: ["mailto:dmarc-reports@example.com"] },
    {
      rfc: "§6.6.3 step 5: several records apply none: start at none",
      dmarc: { source: "example.com", inherited: false },
      p: "none",
      rua: ["mailto:dmarc-reports@example.com"],
    },
    {
      rfc: "§6.6.3 inherited: the organizational domain's policy is the current stage, its rua kept",
      dmarc: { ...ownDmarc("v=DMARC1; p=quarantine; rua=mailto:agg@example.org"), source: "example.org", inherited: true, policy: "quarantine" },
      p: "reject",
      rua: ["mailto:agg@example.org"],
    },
    {
      rfc: "§6.6.3 inherited: sp of the organizational domain is what applies now",
      dmarc: { ...ownDmarc("v=DMARC1; p=reject; sp=none; rua=mailto:agg@example.org"), source: "example.org", inherited: true, policy: "none" },
      p: "quarantine",
      rua: ["mailto:agg@example.org"],
    },
    { rfc: "RFC 7208 §5.1 SPF -all (sends no mail) and no DMARC: p=reject at once", spf: "v=spf1 -all", p: "reject", rua: ["mailto:dmarc-reports@example.com"] },
    { rfc: "RFC 7208 §5.1 SPF -all and p=none: reject at once", spf: "v=spf1 -all", dmarc: ownDmarc("v=DMARC1; p=none; rua=mailto:agg@example.com"), p: "reject", rua: ["mailto:agg@example.com"] },
  ];
  it.each(cases)("$rfc", ({ dmarc, spf, p, rua, ruf, sp, tags, absent, exact }) => {
    const suggested = suggestDmarcRecord(input({ ...(dmarc ? { dmarc } : {}), ...(spf ? { spf: { record: spf } } : {}) }));
    const parsed = readBack(suggested.text);
    expect(parsed.p).toBe(p);
    expect(suggested.policy).toBe(p);
    expect(parsed.rua.map((u) => u.uri)).toEqual(rua);
    if (ruf) expect(parsed.ruf.map((u) => u.uri)).toEqual(ruf);
    expect(parsed.sp).toBe(sp);
    for (const [name, value] of Object.entries(tags ?? {})) expect(parsed.tags[name]).toBe(value);
    for (const name of absent ?? []) expect(parsed.tags).not.toHaveProperty(name);
    if (exact) expect(readTxtLine(suggested.text)).toMatchObject({ ok: true, text: exact });
  });

  it("§6.3 the full staircase: each suggestion, published, leads to the next", () => {
    const seen: string[] = [];
    let dmarc: SuggestInput["dmarc"] = { inherited: false };
    for (let i = 0; i < 4; i++) {
      const suggested = suggestDmarcRecord(input({ dmarc }));
      const read = readTxtLine(suggested.text);
      if (!read.ok) throw new Error(read.message);
      seen.push(suggested.policy);
      dmarc = ownDmarc(read.text);
    }
    expect(seen).toEqual(["none", "quarantine", "reject", "reject"]);
    expect(dmarc.parsed?.rua.map((u) => u.uri)).toEqual(["mailto:dmarc-reports@example.com"]);
  });
});

describe("spfSaysNoMail (RFC 7208 §5.1)", () => {
  it.each([
    ["v=spf1 -all", true],
    ["v=spf1 mx -all", false],
    ["v=spf1 ~all", false],
    ["v=spf1 -all exp=explain.example.com", false],
    ["v=spf1 redirect=_spf.example.com", false],
    ["v=spf1 -all -all", false],
    ["not spf", false],
  ])("%s → %s", (record, expected) => {
    expect(spfSaysNoMail(record)).toBe(expected);
  });
  it("no record → false", () => expect(spfSaysNoMail(undefined)).toBe(false));
});

describe("suggestNoMailRecords: the no-mail trio (RFC 7505, RFC 7208, RFC 7489)", () => {
  it("RFC 7505 §3 null MX, RFC 7208 §5.1 -all, RFC 7489 §6.3 p=reject without a rua at the domain", () => {
    const trio = suggestNoMailRecords(input({ mail: "null-mx", mx: [] }));
    expect(trio.kind).toBe("no-mail");
    expect(trio.nullMxRecord).toBe("example.com. IN MX 0 .");
    const mx = readZoneLine(trio.nullMxRecord, "MX");
    expect(mx).toEqual({ ok: true, line: { owner: "example.com", type: "MX", rdata: ["0", "."] } });
    const spf = readTxtLine(trio.spfRecord);
    if (!spf.ok) throw new Error(spf.message);
    expect(spf.owner).toBe("example.com");
    const parsedSpf = parseSpfRecord(spf.text);
    expect(parsedSpf.valid).toBe(true);
    expect(parsedSpf.all).toBe("-");
    const dmarc = readBack(trio.dmarcRecord);
    expect(dmarc.p).toBe("reject");
    expect(dmarc.rua).toEqual([]);
  });

  it("RFC 7505 §4.2 reports cannot reach a null-MX domain: only addresses elsewhere are kept", () => {
    const dmarc = ownDmarc("v=DMARC1; p=none; rua=mailto:agg@example.com,mailto:agg@reports.example.net");
    const trio = suggestNoMailRecords(input({ mail: "null-mx", mx: [], dmarc }));
    expect(readBack(trio.dmarcRecord).rua.map((u) => u.uri)).toEqual(["mailto:agg@reports.example.net"]);
  });

  it("RFC 5321 §5.1 no MX and no address: the trio with a note to confirm the intent", () => {
    const trio = suggestNoMailRecords(input({ mail: "no-host", mx: [] }));
    expect(trio.notes.join(" ")).toContain("no MX and no address");
  });
});
