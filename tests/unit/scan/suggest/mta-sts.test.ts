import { describe, expect, it } from "vitest";
import { matchMxPattern, matchMxPatterns } from "@/lib/scan/checks/mta-sts/match-mx";
import { parseMtaStsPolicy } from "@/lib/scan/checks/mta-sts/parse-policy";
import { parseMtaStsRecord } from "@/lib/scan/checks/mta-sts/parse-record";
import {
  chooseMxPatterns,
  mtaStsIdAt,
  readTxtLine,
  suggestHostingNote,
  suggestMtaStsPolicy,
  suggestMtaStsRecord,
  SuggestionRejectedError,
  type SuggestInput,
} from "@/lib/scan/suggest";
import { input, mxHost, NOW } from "./fixtures";

/** The suggested file read back by our parser; fails the test when the parser rejects it. */
function parsed(text: string) {
  const result = parseMtaStsPolicy(text);
  if (!result.valid) throw new Error(`rejected: ${result.errors.map((e) => e.message).join("; ")}`);
  expect(result.warnings).toEqual([]);
  return result.policy;
}

describe("suggestMtaStsPolicy: mode and max_age staged to what the scan saw (RFC 8461 §3.2, §4.2)", () => {
  type Case = { rfc: string; mx: SuggestInput["mx"]; current?: SuggestInput["mtaSts"]["policy"]; mode: "enforce" | "testing"; maxAge: number };
  const cases: Case[] = [
    { rfc: "§4.2 every MX passes TLS: enforce, first enforce max_age one week (§3.2 example)", mx: [mxHost("mx1.example.com"), mxHost("mx2.example.com")], mode: "enforce", maxAge: 604800 },
    { rfc: "§4.2 one MX fails TLS: testing, max_age one day", mx: [mxHost("mx1.example.com"), mxHost("mx2.example.com", false)], mode: "testing", maxAge: 86400 },
    { rfc: "§4.2 an MX not reached is not verified: testing", mx: [mxHost("mx1.example.com"), mxHost("mx2.example.com", "unknown")], mode: "testing", maxAge: 86400 },
    {
      rfc: "§3.2 'weeks or greater': an enforce policy already covering every MX steps up to two weeks",
      mx: [mxHost("mx1.example.com")],
      current: { version: "STSv1", mode: "enforce", maxAge: 604800, mx: ["mx1.example.com"] },
      mode: "enforce",
      maxAge: 1209600,
    },
    {
      rfc: "§3.2 a longer max_age the operator already publishes is kept",
      mx: [mxHost("mx1.example.com")],
      current: { version: "STSv1", mode: "enforce", maxAge: 31557600, mx: ["*.example.com"] },
      mode: "enforce",
      maxAge: 31557600,
    },
    {
      rfc: "§4.1 a current enforce policy that misses an MX is a first enforce again: one week",
      mx: [mxHost("mx1.example.com"), mxHost("mx2.example.net")],
      current: { version: "STSv1", mode: "enforce", maxAge: 1209600, mx: ["mx1.example.com"] },
      mode: "enforce",
      maxAge: 604800,
    },
    {
      rfc: "§5 moving from testing to enforce starts at one week",
      mx: [mxHost("mx1.example.com")],
      current: { version: "STSv1", mode: "testing", maxAge: 86400, mx: ["mx1.example.com"] },
      mode: "enforce",
      maxAge: 604800,
    },
    {
      rfc: "§4.2 a failing MX under a current enforce policy: back to testing",
      mx: [mxHost("mx1.example.com", false)],
      current: { version: "STSv1", mode: "enforce", maxAge: 1209600, mx: ["mx1.example.com"] },
      mode: "testing",
      maxAge: 86400,
    },
  ];
  it.each(cases)("$rfc", ({ mx, current, mode, maxAge }) => {
    const suggested = suggestMtaStsPolicy(input({ mx, mtaSts: current ? { policy: current } : {} }));
    const policy = parsed(suggested.text);
    expect(policy.mode).toBe(mode);
    expect(policy.maxAge).toBe(maxAge);
    expect(suggested.mode).toBe(mode);
    expect(suggested.maxAge).toBe(maxAge);
    for (const h of mx) expect(matchMxPatterns(policy.mx, h.host)).toBeDefined();
  });

  it("§3.2 writes the spec's form with LF line ends and exact host names", () => {
    const suggested = suggestMtaStsPolicy(input({ mx: [mxHost("mx1.example.com", false)] }));
    expect(suggested.text).toBe("version: STSv1\nmode: testing\nmx: mx1.example.com\nmax_age: 86400\n");
    expect(suggested.text).not.toContain("\r");
    expect(suggested.notes.join(" ")).toContain("mx1.example.com would fail enforce today");
  });

  it("§4.1 host names are matched case-insensitively without the root dot: written lower case, once", () => {
    const suggested = suggestMtaStsPolicy(input({ mx: [mxHost("MX1.Example.COM."), mxHost("mx1.example.com")] }));
    expect(parsed(suggested.text).mx).toEqual(["mx1.example.com"]);
  });

  it("RFC 5321 §5.1 an implicit MX (the domain itself) is listed by name", () => {
    const suggested = suggestMtaStsPolicy(input({ mx: [mxHost("example.com")] }));
    expect(parsed(suggested.text).mx).toEqual(["example.com"]);
  });

  it("§3.2 an MX name no policy can hold is never offered: the generator refuses", () => {
    expect(() => suggestMtaStsPolicy(input({ mx: [mxHost("mx_1.example.com")] }))).toThrow(SuggestionRejectedError);
    expect(() => suggestMtaStsPolicy(input({ mx: [] }))).toThrow(SuggestionRejectedError);
  });
});

describe("chooseMxPatterns: a wildcard only where every name it matches is an observed MX (RFC 8461 §4.1)", () => {
  type Case = { rfc: string; hosts: string[]; zone?: Record<string, string[]>; patterns: string[]; mustNotMatch?: string[] };
  const cases: Case[] = [
    {
      rfc: "§4.1 two MX under one parent, other names possible (zone unknown): exact names",
      hosts: ["mx1.example.com", "mx2.example.com"],
      patterns: ["mx1.example.com", "mx2.example.com"],
      mustNotMatch: ["www.example.com", "evil.example.com"],
    },
    {
      rfc: "§4.1 the parent also holds www: a wildcard would admit it, so exact names",
      hosts: ["mx1.example.com", "mx2.example.com"],
      zone: { "example.com": ["mx1.example.com", "mx2.example.com", "www.example.com"] },
      patterns: ["mx1.example.com", "mx2.example.com"],
      mustNotMatch: ["www.example.com"],
    },
    {
      rfc: "§4.1 every name one label below the parent is an MX: *.parent",
      hosts: ["a.mx.example.com", "b.mx.example.com"],
      zone: { "mx.example.com": ["a.mx.example.com", "b.mx.example.com"] },
      patterns: ["*.mx.example.com"],
      mustNotMatch: ["mx.example.com", "x.a.mx.example.com"],
    },
    {
      rfc: "§4.1 a wildcard is exactly one label: deeper names do not stand in its way",
      hosts: ["a.mx.example.com", "b.mx.example.com"],
      zone: { "mx.example.com": ["a.mx.example.com", "b.mx.example.com", "deep.a.mx.example.com"] },
      patterns: ["*.mx.example.com"],
    },
    {
      rfc: "§4.1 a single MX under a parent stays exact (stricter, as short)",
      hosts: ["a.mx.example.com"],
      zone: { "mx.example.com": ["a.mx.example.com"] },
      patterns: ["a.mx.example.com"],
    },
    {
      rfc: "§4.1 never a wildcard right under a top-level label",
      hosts: ["example.com", "example2.com"],
      zone: { com: ["example.com", "example2.com"] },
      patterns: ["example.com", "example2.com"],
    },
    {
      rfc: "§4.1 groups are judged apart and the MX order is kept",
      hosts: ["a.mx.example.com", "backup.example.net", "b.mx.example.com", "c.example.net"],
      zone: { "mx.example.com": ["a.mx.example.com", "b.mx.example.com"], "example.net": ["backup.example.net", "c.example.net", "www.example.net"] },
      patterns: ["*.mx.example.com", "backup.example.net", "c.example.net"],
      mustNotMatch: ["www.example.net"],
    },
  ];
  it.each(cases)("$rfc", ({ hosts, zone, patterns, mustNotMatch }) => {
    const chosen = chooseMxPatterns(hosts, zone ? { namesUnder: (parent) => zone[parent] } : {});
    expect(chosen).toEqual(patterns);
    for (const host of hosts) expect(matchMxPatterns(chosen, host)).toBeDefined();
    for (const other of mustNotMatch ?? []) expect(chosen.some((p) => matchMxPattern(p, other))).toBe(false);
  });

  it("§4.1 the wildcard reaches the policy file and still covers every MX", () => {
    const zone: Record<string, string[]> = { "mx.example.com": ["a.mx.example.com", "b.mx.example.com"] };
    const suggested = suggestMtaStsPolicy(input({ mx: [mxHost("a.mx.example.com"), mxHost("b.mx.example.com")] }), { namesUnder: (p) => zone[p] });
    expect(parsed(suggested.text).mx).toEqual(["*.mx.example.com"]);
  });
});

describe("suggestMtaStsRecord: a fresh id (RFC 8461 §3.1)", () => {
  it("§3.1 id is the UTC timestamp, 1-32 alphanumerics, in the spec's zone-file form", () => {
    const suggested = suggestMtaStsRecord(input());
    expect(suggested.id).toBe("20261128T120000");
    expect(suggested.text).toBe('_mta-sts.example.com. IN TXT "v=STSv1; id=20261128T120000"');
    const read = readTxtLine(suggested.text);
    if (!read.ok) throw new Error(read.message);
    expect(read.owner).toBe("_mta-sts.example.com");
    const record = parseMtaStsRecord([read.text]);
    expect(record).toMatchObject({ valid: true, id: "20261128T120000" });
  });

  it("§3.1 the id changes even when the published one equals the fresh timestamp", () => {
    const suggested = suggestMtaStsRecord(input({ mtaSts: { recordId: "20261128T120000" } }));
    expect(suggested.id).toBe("20261128T1200001");
    const read = readTxtLine(suggested.text);
    expect(read.ok && parseMtaStsRecord([read.text])).toMatchObject({ valid: true, id: "20261128T1200001" });
  });

  it.each([
    ["2026-01-02T03:04:05.678Z", "20260102T030405"],
    ["1999-12-31T23:59:59.000Z", "19991231T235959"],
  ])("§3.1 mtaStsIdAt(%s) = %s", (iso, id) => {
    expect(mtaStsIdAt(new Date(iso))).toBe(id);
    expect(id).toMatch(/^[A-Za-z0-9]{1,32}$/);
  });

  it("uses the scan clock, not the wall clock", () => {
    expect(suggestMtaStsRecord(input({ now: NOW })).id).toBe(mtaStsIdAt(NOW));
  });
});

describe("suggestHostingNote (RFC 8461 §3.3)", () => {
  const note = suggestHostingNote("example.com");
  it.each([
    ["§3.3 the well-known URL over HTTPS", "https://mta-sts.example.com/.well-known/mta-sts.txt"],
    ["§3.3 a certificate for mta-sts.<domain>", "certificate valid for mta-sts.example.com"],
    ["§3.2 media type text/plain", "Content-Type: text/plain"],
    ["§3.3 no redirects", "No redirects"],
    ["an nginx server block for the policy host", "server_name mta-sts.example.com;"],
    ["nginx serves the file as text/plain", "default_type text/plain;"],
  ])("%s", (_rfc, text) => {
    expect(note).toContain(text);
  });

  it("the server block is balanced", () => {
    expect(note.split("{").length).toBe(note.split("}").length);
  });
});
