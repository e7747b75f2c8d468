import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { INGEST_LIMITS } from "@/lib/ingest/limits";
import { extractReportsFromMail } from "@/lib/ingest/mail";
import { unpackReport } from "@/lib/ingest/unpack";
import { RFC8460_EXAMPLE, buildMail, buildZip, dmarcXml } from "@/tests/helpers/ingest-fixtures";

const extracted = async (raw: Buffer) => {
  const result = await extractReportsFromMail(raw);
  if (!result.ok) throw new Error(result.error);
  return result;
};

describe("extractReportsFromMail", () => {
  it("extracts the application/tlsrpt+gzip part of an RFC 8460 §5.3 multipart/report and the TLS-Report headers", async () => {
    const report = gzipSync(RFC8460_EXAMPLE);
    const raw = buildMail({
      headers: {
        From: "tlsrpt@mail.sender.example.com",
        Date: "Fri, 1 May 2026 09:08:07 +0000",
        Subject: "Report Domain: company-y.example Submitter: mail.sender.example.com Report-ID: <735ff.e317+bf22029@mailexample.net>",
        "TLS-Report-Domain": "company-y.example",
        "TLS-Report-Submitter": "mail.sender.example.com",
      },
      contentType: 'multipart/report; report-type="tlsrpt";\r\n\tboundary="----=_NextPart_000_024E_01CC9B0A.AFE54C00"',
      parts: [
        { headers: { "Content-Type": "text/plain; charset=us-ascii" }, body: "This is an aggregate TLS report from mail.sender.example.com", encoding: "7bit" },
        { headers: { "Content-Type": "application/tlsrpt+gzip", "Content-Disposition": 'attachment;\r\n\tfilename="mail.sender.example!company-y.example!1470013207!1470186007!001.json.gz"' }, body: report },
      ],
    });
    const result = await extracted(raw);
    expect(result.headers).toEqual({
      from: "tlsrpt@mail.sender.example.com",
      subject: "Report Domain: company-y.example Submitter: mail.sender.example.com Report-ID: <735ff.e317+bf22029@mailexample.net>",
      tlsReportDomain: "company-y.example",
      tlsReportSubmitter: "mail.sender.example.com",
    });
    expect(result.attachments).toEqual([{ filename: "mail.sender.example!company-y.example!1470013207!1470186007!001.json.gz", contentType: "application/tlsrpt+gzip", bytes: report }]);
    const unpacked = await unpackReport(result.attachments[0]!.bytes, result.attachments[0]);
    expect(unpacked.ok && unpacked.kind).toBe("tlsrpt");
  });

  it("extracts a zipped DMARC report with an RFC 2231 file name and an RFC 2047 subject (Google's shape)", async () => {
    const zip = buildZip([{ name: "google.com!example.com!1764979200!1765065599.xml", data: dmarcXml() }]);
    const raw = buildMail({
      headers: { From: "noreply-dmarc-support@google.com", Subject: "=?UTF-8?B?UmVwb3J0IGRvbWFpbjogZXhhbXBsZS5jb20=?= =?UTF-8?Q?_=E2=9C=93?=" },
      contentType: 'multipart/mixed; boundary="000000000000abc"',
      parts: [
        { headers: { "Content-Type": "text/plain" }, body: "", encoding: "7bit" },
        { headers: { "Content-Type": "application/zip; \r\n name*0*=UTF-8''google.com%21example.com; \r\n name*1=\"!1764979200!1765065599.zip\"" }, body: zip },
      ],
    });
    const result = await extracted(raw);
    expect(result.headers.subject).toBe("Report domain: example.com ✓");
    expect(result.attachments).toEqual([{ filename: "google.com!example.com!1764979200!1765065599.zip", contentType: "application/zip", bytes: zip }]);
  });

  it("extracts a gzip sent as application/octet-stream by its name, and a plain XML body that is the whole message", async () => {
    const gz = gzipSync(dmarcXml());
    const octet = await extracted(buildMail({
      headers: { From: "dmarc@mimecast.example" },
      contentType: "multipart/mixed; boundary=b1",
      parts: [{ headers: { "Content-Type": "application/octet-stream", "Content-Disposition": "attachment; filename=report.xml.gz" }, body: gz }],
    }));
    expect(octet.attachments).toEqual([{ filename: "report.xml.gz", contentType: "application/octet-stream", bytes: gz }]);
    const whole = await extracted(buildMail({ headers: { From: "x@y.example" }, contentType: "text/xml; charset=utf-8", body: dmarcXml() }));
    expect(whole.attachments[0]!.bytes.toString()).toBe(dmarcXml());
  });

  it("decodes quoted-printable and walks a report forwarded as message/rfc822", async () => {
    const inner = buildMail({ headers: { From: "dmarc@inner.example" }, contentType: "multipart/mixed; boundary=inner", parts: [{ headers: { "Content-Type": "application/xml; name=r.xml" }, body: "<feedback a=3D\"1\">caf=C3=A9</feedback>", encoding: "quoted-printable" }] });
    const outer = await extracted(buildMail({ headers: { From: "fwd@outer.example" }, contentType: "multipart/mixed; boundary=outer", parts: [{ headers: { "Content-Type": "message/rfc822" }, body: inner, encoding: "7bit" }] }));
    expect(outer.headers.from).toBe("fwd@outer.example");
    expect(outer.attachments.map((a) => a.bytes.toString())).toEqual(['<feedback a="1">café</feedback>']);
  });

  it("returns no attachments for mail without a report, and ignores a PDF or an image", async () => {
    const result = await extracted(buildMail({
      headers: { From: "someone@example.com", Subject: "hello" },
      contentType: "multipart/mixed; boundary=x",
      parts: [
        { headers: { "Content-Type": "text/plain" }, body: "hi", encoding: "7bit" },
        { headers: { "Content-Type": "application/pdf", "Content-Disposition": "attachment; filename=invoice.pdf" }, body: "%PDF" },
        { headers: { "Content-Type": "application/octet-stream", "Content-Disposition": "attachment; filename=run.exe" }, body: "MZ" },
      ],
    }));
    expect(result.attachments).toEqual([]);
    expect(result.headers.subject).toBe("hello");
  });

  it("refuses a message over maxMessageBytes, non-mail input, deep nesting and too many parts", async () => {
    const limits = { ...INGEST_LIMITS, maxMessageBytes: 100 };
    expect(await extractReportsFromMail(Buffer.alloc(101, 0x41), limits)).toEqual({ ok: false, error: "message is 101 bytes; at most 100 are accepted" });
    expect(await extractReportsFromMail(Buffer.from("\r\n\r\njust a body"))).toEqual({ ok: false, error: "not a mail message (no header fields)" });
    let nested: Buffer = Buffer.from("Content-Type: application/zip\r\n\r\nPK");
    for (let i = 0; i < 12; i++) nested = buildMail({ headers: { From: "a@b.example" }, contentType: `multipart/mixed; boundary=b${i}`, parts: [{ headers: { "Content-Type": "message/rfc822" }, body: nested, encoding: "7bit" }] });
    expect(await extractReportsFromMail(nested)).toEqual({ ok: false, error: expect.stringMatching(/deeper than 8 levels/) });
    const many = buildMail({ headers: { From: "a@b.example" }, contentType: "multipart/mixed; boundary=m", parts: Array.from({ length: 300 }, () => ({ headers: { "Content-Type": "text/plain" }, body: "x", encoding: "7bit" as const })) });
    expect(await extractReportsFromMail(many)).toEqual({ ok: false, error: expect.stringMatching(/more than 256 parts/) });
  });

  it("refuses more report attachments than maxZipMembers", async () => {
    const parts = Array.from({ length: 65 }, (_, i) => ({ headers: { "Content-Type": `application/gzip; name=r${i}.xml.gz` }, body: "x" }));
    const raw = buildMail({ headers: { From: "a@b.example" }, contentType: "multipart/mixed; boundary=z", parts });
    expect(await extractReportsFromMail(raw)).toEqual({ ok: false, error: "message has more than 64 report attachments" });
  });
});
