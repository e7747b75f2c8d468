import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { INGEST_LIMITS } from "@/lib/ingest/limits";
import { unpackReport } from "@/lib/ingest/unpack";
import { RFC8460_EXAMPLE, buildZip, dmarcXml, gzipBomb } from "@/tests/helpers/ingest-fixtures";

const GiB = 1024 * 1024 * 1024;
const MiB = 1024 * 1024;

describe("unpackReport", () => {
  it("detects plain JSON as TLS-RPT and plain XML as DMARC by the first non-space byte (uncompressed reports exist)", async () => {
    const json = await unpackReport(Buffer.from(`\n  ${RFC8460_EXAMPLE}`));
    expect(json).toEqual({ ok: true, kind: "tlsrpt", documents: [Buffer.from(`\n  ${RFC8460_EXAMPLE}`)] });
    const xml = await unpackReport(Buffer.from(`\uFEFF${dmarcXml()}`));
    expect(xml.ok && xml.kind).toBe("dmarc");
  });

  it("inflates application/tlsrpt+gzip (RFC 8460 §5.3)", async () => {
    const result = await unpackReport(gzipSync(RFC8460_EXAMPLE), { contentType: "application/tlsrpt+gzip" });
    expect(result.ok && result.kind).toBe("tlsrpt");
    expect(result.ok && result.documents[0]!.toString()).toBe(RFC8460_EXAMPLE);
  });

  it("reads a zipped DMARC report (deflate and stored members) and gzip-in-zip, in memory", async () => {
    const xml = dmarcXml();
    for (const zip of [
      buildZip([{ name: "google.com!example.com!1764979200!1765065599.xml", data: xml }]),
      buildZip([{ name: "report.xml", data: xml, method: 0 }]),
      buildZip([{ name: "report.xml.gz", data: gzipSync(xml) }]),
    ]) {
      const result = await unpackReport(zip, { filename: "report.zip" });
      expect(result).toEqual({ ok: true, kind: "dmarc", documents: [Buffer.from(xml)] });
    }
  });

  it("skips a stray non-report member beside the report, and refuses an archive with no report", async () => {
    const xml = dmarcXml();
    const withReadme = await unpackReport(buildZip([{ name: "README.txt", data: "hello" }, { name: "r.xml", data: xml }]));
    expect(withReadme.ok && withReadme.documents.length).toBe(1);
    const none = await unpackReport(buildZip([{ name: "README.txt", data: "hello" }]));
    expect(none).toEqual({ ok: false, error: expect.stringMatching(/no JSON or XML report/) });
  });

  it("rejects a 1 MB gzip that inflates to 1 GB at the cap, in under 2 s and with under 64 MiB extra RSS", async () => {
    const bomb = await gzipBomb(GiB);
    expect(bomb.length).toBeLessThan(1.1 * MiB);
    const rssBefore = process.memoryUsage.rss();
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
    const started = performance.now();
    const result = await unpackReport(bomb);
    const elapsed = performance.now() - started;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage.rss());
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/more than 20971520 bytes \(the cap\)/) });
    // The acceptance criterion of the ingestion issue: a bound on time and memory, not a benchmark.
    expect(elapsed).toBeLessThan(2000);
    expect(peak - rssBefore).toBeLessThan(64 * MiB);
  }, 30_000);

  it("rejects a zip member whose header lies about its size, counting the bytes actually inflated", async () => {
    const zip = buildZip([{ name: "report.xml", data: Buffer.alloc(INGEST_LIMITS.maxInflatedBytes + 1, 0x20), claimedSize: 1000 }]);
    expect(zip.length).toBeLessThan(100_000);
    const result = await unpackReport(zip);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/"report.xml" inflates past the 20971520-byte cap \(whatever its header claims\)/) });
  });

  it("applies the inflated cap to all members together, not to each alone", async () => {
    const limits = { ...INGEST_LIMITS, maxInflatedBytes: 1000 };
    const part = `<feedback>${" ".repeat(580)}</feedback>`;
    const one = await unpackReport(buildZip([{ name: "a.xml", data: part }]), {}, limits);
    expect(one.ok).toBe(true);
    const two = await unpackReport(buildZip([{ name: "a.xml", data: part }, { name: "b.xml", data: part }]), {}, limits);
    expect(two.ok).toBe(false);
  });

  it("rejects a zip of 10 000 members before inflating any of them, and one whose EOCD understates the count", async () => {
    const entries = Array.from({ length: 10_000 }, (_, i) => ({ name: `r${i}.xml`, data: "<a/>", method: 0 }));
    const many = await unpackReport(buildZip(entries));
    expect(many).toEqual({ ok: false, error: "zip archive lists 10000 members; at most 64 are accepted" });
    const lying = await unpackReport(buildZip(entries.slice(0, 100), { claimedCount: 1 }));
    expect(lying).toEqual({ ok: false, error: "zip archive has more than 64 members" });
  });

  it("rejects nested archives beyond one gzip inside a zip", async () => {
    const xml = dmarcXml();
    const zipInZip = await unpackReport(buildZip([{ name: "inner.zip", data: buildZip([{ name: "r.xml", data: xml }]) }]));
    expect(zipInZip).toEqual({ ok: false, error: expect.stringMatching(/nested archives are not accepted/) });
    const gzInGzInZip = await unpackReport(buildZip([{ name: "r.xml.gz.gz", data: gzipSync(gzipSync(xml)) }]));
    expect(gzInGzInZip).toEqual({ ok: false, error: expect.stringMatching(/nested archives are not accepted/) });
    const zipInGzip = await unpackReport(gzipSync(buildZip([{ name: "r.xml", data: xml }])));
    expect(zipInGzip).toEqual({ ok: false, error: expect.stringMatching(/nested archives are not accepted/) });
  });

  it("rejects ../ names, absolute names and backslash traversal, though nothing is ever written to disk", async () => {
    for (const name of ["../../etc/cron.d/x.xml", "reports/../../x.xml", "/etc/passwd", "..\\..\\x.xml", "C:\\x.xml"]) {
      const result = await unpackReport(buildZip([{ name, data: dmarcXml() }]));
      expect(result.ok, name).toBe(false);
      expect(!result.ok && result.error, name).toMatch(/rejected/);
    }
  });

  it("rejects encrypted members, unsupported methods and corrupt data", async () => {
    expect(await unpackReport(buildZip([{ name: "r.xml", data: "<a/>", flags: 1 }]))).toEqual({ ok: false, error: 'zip member "r.xml" is encrypted: not supported' });
    expect(await unpackReport(buildZip([{ name: "r.xml", data: "<a/>", method: 12 }]))).toEqual({ ok: false, error: 'zip member "r.xml" uses compression method 12; only stored and deflate are supported' });
    const corrupt = gzipSync(RFC8460_EXAMPLE);
    corrupt.writeUInt32LE(0xdeadbeef, corrupt.length - 8);
    expect(await unpackReport(corrupt)).toEqual({ ok: false, error: expect.stringMatching(/^gzip data is corrupt/) });
    const tampered = buildZip([{ name: "r.xml", data: "<feedback/>", method: 0 }]);
    tampered[tampered.indexOf("<feedback/>") + 1] = 0x46;
    expect(await unpackReport(tampered)).toEqual({ ok: false, error: 'zip member "r.xml" fails its CRC-32 check (corrupt or tampered)' });
  });

  it("rejects input over maxMessageBytes up front", async () => {
    const big = Buffer.alloc(INGEST_LIMITS.maxMessageBytes + 1, 0x20);
    expect(await unpackReport(big)).toEqual({ ok: false, error: `report is ${big.length} bytes; at most ${INGEST_LIMITS.maxMessageBytes} are accepted` });
  });

  it("names Yahoo's literal `unused` body and other non-reports clearly", async () => {
    expect(await unpackReport(gzipSync("unused"), { filename: "yahoo.com!example.com!1682726400!1682812799.xml.gz" })).toEqual({ ok: false, error: 'the gzip data is the literal text "unused" (a known reporter bug): there is no report in it' });
    expect(await unpackReport(Buffer.from("%PDF-1.7"))).toEqual({ ok: false, error: "the report is neither gzip, zip, JSON nor XML" });
    expect(await unpackReport(Buffer.alloc(0))).toEqual({ ok: false, error: "report is empty" });
  });

  it("refuses content that contradicts its declared media type", async () => {
    const result = await unpackReport(gzipSync(dmarcXml()), { contentType: "application/tlsrpt+gzip" });
    expect(result).toEqual({ ok: false, error: "declared as TLS-RPT (application/tlsrpt+gzip) but the content is XML (DMARC)" });
  });
});
