import { beforeAll, describe, expect, it } from "vitest";
import { parseDmarcRecord } from "@/lib/scan/checks/dmarc/parse-record";
import { parseMtaStsPolicy } from "@/lib/scan/checks/mta-sts/parse-policy";
import { parseMtaStsRecord } from "@/lib/scan/checks/mta-sts/parse-record";
import type { MxHostObservation, MxObservation } from "@/lib/scan/checks/mx/lookup-mx";
import type { ProbedHost } from "@/lib/scan/checks/starttls/probe-hosts";
import { parseTlsRptRecord } from "@/lib/scan/checks/tls-rpt/parse-record";
import { buildSuggestions, isNoMailSuggestions, planSuggestions, readTlsaLine, readTxtLine, suggestInputFromScan } from "@/lib/scan/suggest";
import { createTestCa, type IssuedCertificate, type TestCa } from "@/tests/helpers/test-ca";
import { endpointFor, input, mxHost } from "./fixtures";

let ca: TestCa;
let leaf: IssuedCertificate;
beforeAll(async () => {
  ca = await createTestCa();
  leaf = await ca.issue({ names: ["mx1.example.com"] });
});

const txt = (line: unknown): string => {
  const read = readTxtLine(String(line));
  if (!read.ok) throw new Error(read.message);
  return read.text;
};

describe("buildSuggestions: the spec's `suggestions` (spec rule \"Suggestions\")", () => {
  it("accepts mail, MX known: the four files always, tlsa per presented certificate, all read back by our parsers", () => {
    const s = buildSuggestions(input({ now: new Date(), mx: [mxHost("mx1.example.com", true, [leaf.chainDer])] }));
    if (!s || isNoMailSuggestions(s)) throw new Error("expected mail suggestions");
    expect(parseMtaStsPolicy(s.mtaStsPolicy).valid).toBe(true);
    expect(parseMtaStsRecord([txt(s.mtaStsRecord)]).valid).toBe(true);
    expect(parseTlsRptRecord([txt(s.tlsRptRecord)]).valid).toBe(true);
    expect(parseDmarcRecord(txt(s.dmarcRecord))?.usable).toBe(true);
    expect(s.tlsa.map((l) => readTlsaLine(l)?.record.usage)).toEqual([3, 2]);
    expect(typeof s.hostingNote).toBe("string");
    expect(s.notes).toMatchObject({ mtaSts: expect.any(Array), tlsRpt: expect.any(Array), dmarc: expect.any(Array), tlsa: expect.any(Array) });
  });

  it("an MX that presented no certificate: tlsa is present and empty", () => {
    const s = buildSuggestions(input({ mx: [mxHost("mx1.example.com", "unknown")] }));
    expect(s && !isNoMailSuggestions(s) ? s.tlsa : null).toEqual([]);
  });

  it.each([
    ["spec: a domain whose DNS is bogus may have none", input({ dnsBogus: true }), "DNSSEC"],
    ["spec: MX hosts not known (lookup failed / NXDOMAIN)", input({ mail: "unknown", mx: [] }), "not known"],
    ["never a file our parser rejects: an MX name no policy can hold", input({ mx: [mxHost("mx_1.example.com")] }), "mtaStsPolicy"],
  ])("%s → nothing", (_rule, given, reason) => {
    expect(buildSuggestions(given)).toBeUndefined();
    const plan = planSuggestions(given);
    expect(plan.kind).toBe("none");
    expect(plan.kind === "none" ? plan.reason : "").toContain(reason);
  });

  it.each([
    ["RFC 7505 null MX", "null-mx" as const],
    ["RFC 5321 §5.1 no MX, no address", "no-host" as const],
  ])("%s → the no-mail trio only", (_rule, mail) => {
    const s = buildSuggestions(input({ mail, mx: [] }));
    if (!s) throw new Error("expected the trio");
    expect(isNoMailSuggestions(s)).toBe(true);
    expect(Object.keys(s).sort()).toEqual(["dmarcRecord", "kind", "notes", "nullMxRecord", "spfRecord"]);
  });
});

describe("suggestInputFromScan: the orchestrator's variables → generator input", () => {
  const hostObs = (host: string, addresses: string[], implicit = false): MxHostObservation => ({
    host,
    preference: implicit ? 0 : 10,
    implicit,
    dnssec: "insecure",
    ipv4: { outcome: addresses.length ? "ok" : "nodata", dnssec: "insecure", addresses },
    ipv6: { outcome: "nodata", dnssec: "insecure", addresses: [] },
    addresses,
  });
  const base = {
    domain: "example.com",
    now: new Date(),
    mtaSts: {},
    tlsRpt: {},
    dmarc: { inherited: false },
    spf: {},
  };

  it("TLS verdict per host (evaluateHostTls) and the chains of endpoints that completed STARTTLS only", () => {
    const ok = endpointFor(ca, "mx1.example.com", "192.0.2.1", leaf.chainDer);
    const probed: ProbedHost[] = [
      {
        host: "mx1.example.com",
        blockedAddresses: [],
        endpoints: [
          { endpoint: ok, peerChain: leaf.chainDer },
          { endpoint: { address: "192.0.2.2", starttls: "unreachable" }, peerChain: [] },
        ],
      },
      { host: "mx2.example.com", blockedAddresses: [], endpoints: [{ endpoint: { address: "192.0.2.3", starttls: "not-offered" }, peerChain: [] }] },
    ];
    const mx: MxObservation = { kind: "mx", dnssec: "insecure", hosts: [hostObs("mx1.example.com", ["192.0.2.1", "192.0.2.2"]), hostObs("mx2.example.com", ["192.0.2.3"])] };
    const got = suggestInputFromScan({ ...base, mx, probed });
    expect(got.mail).toBe("accepts");
    expect(got.dnsBogus).toBe(false);
    expect(got.mx.map((h) => [h.host, h.tlsOk, h.chains.length])).toEqual([
      ["mx1.example.com", true, 1],
      ["mx2.example.com", false, 0],
    ]);
    expect(got.mx[1]?.reason).toContain("no STARTTLS");
  });

  it.each([
    ["RFC 7505 null MX", { kind: "null-mx", dnssec: "insecure" } as MxObservation, "null-mx", false],
    ["RFC 5321 §5.1 implicit MX with an address", { kind: "implicit", dnssec: "insecure", hosts: [hostObs("example.com", ["192.0.2.9"], true)] } as MxObservation, "accepts", false],
    ["RFC 5321 §5.1 implicit MX without an address", { kind: "implicit", dnssec: "insecure", hosts: [hostObs("example.com", [], true)] } as MxObservation, "no-host", false],
    ["NXDOMAIN", { kind: "nxdomain", dnssec: "insecure" } as MxObservation, "unknown", false],
    ["a failed lookup", { kind: "error", dnssec: "insecure", outcome: "timeout", error: "timeout" } as MxObservation, "unknown", false],
    ["RFC 4035 §5.5 a bogus MX answer", { kind: "mx", dnssec: "bogus", hosts: [] } as MxObservation, "accepts", true],
  ])("%s", (_what, mx, mail, bogus) => {
    const got = suggestInputFromScan({ ...base, mx, probed: [] });
    expect(got.mail).toBe(mail);
    expect(got.dnsBogus).toBe(bogus);
  });

  it("carries what is published now: MTA-STS id and policy, TLS-RPT record, DMARC discovery, SPF", () => {
    const parsed = parseDmarcRecord("v=DMARC1; p=none; rua=mailto:a@example.com")!;
    const got = suggestInputFromScan({
      ...base,
      mx: { kind: "null-mx", dnssec: "insecure" },
      probed: [],
      mtaSts: { recordId: "abc", policy: { version: "STSv1", mode: "testing", maxAge: 86400, mx: ["mx1.example.com"] } },
      tlsRpt: { record: "v=TLSRPTv1; rua=mailto:t@example.com" },
      dmarc: { inherited: false, record: parsed.record, source: "example.com", policy: "none", parsed },
      spf: { record: "v=spf1 -all" },
    });
    expect(got.mtaSts).toEqual({ recordId: "abc", policy: { version: "STSv1", mode: "testing", maxAge: 86400, mx: ["mx1.example.com"] } });
    expect(got.tlsRpt).toEqual({ record: "v=TLSRPTv1; rua=mailto:t@example.com" });
    expect(got.dmarc).toMatchObject({ inherited: false, source: "example.com", policy: "none", record: parsed.record });
    expect(got.spf).toEqual({ record: "v=spf1 -all" });
  });
});
