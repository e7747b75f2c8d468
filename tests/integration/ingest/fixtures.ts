/** Report files for the ingest tests, written from RFC 8460 §4.4 and RFC 7489 Appendix C. */
import { gzipSync } from "node:zlib";

export type TlsRptFixture = {
  domain: string;
  org?: string;
  reportId?: string;
  start?: string;
  success?: number;
  failures?: { type: string; sessions: number; mx?: string; ip?: string }[];
};

/** A TLS-RPT report (RFC 8460 §4.4) for one STS policy of `domain`, as JSON text. */
export function tlsRptJson(f: TlsRptFixture): string {
  const start = f.start ?? "2026-11-30T00:00:00Z";
  const end = new Date(new Date(start).getTime() + 86_399_000).toISOString();
  const failures = f.failures ?? [];
  return JSON.stringify({
    "organization-name": f.org ?? "Sender Org",
    "date-range": { "start-datetime": start, "end-datetime": end },
    "contact-info": "tlsrpt@sender.example",
    "report-id": f.reportId ?? "report-1",
    policies: [
      {
        policy: { "policy-type": "sts", "policy-string": ["version: STSv1", "mode: enforce", `mx: mx.${f.domain}`, "max_age: 86400"], "policy-domain": f.domain, "mx-host": [`mx.${f.domain}`] },
        summary: { "total-successful-session-count": f.success ?? 100, "total-failure-session-count": failures.reduce((n, x) => n + x.sessions, 0) },
        "failure-details": failures.map((x) => ({
          "result-type": x.type,
          "sending-mta-ip": "192.0.2.10",
          "receiving-mx-hostname": x.mx ?? `mx.${f.domain}`,
          "receiving-ip": x.ip ?? "198.51.100.7",
          "failed-session-count": x.sessions,
        })),
      },
    ],
  });
}

/** The same report gzipped, with a file name and time in the gzip header as a mailer would set them. */
export function tlsRptGzip(f: TlsRptFixture, mtime = 0): Buffer {
  const gz = gzipSync(Buffer.from(tlsRptJson(f)));
  // Bytes 4..7 are the gzip MTIME (RFC 1952 §2.3.1): two wrappings of one report differ there.
  gz.writeUInt32LE(mtime, 4);
  return gz;
}

export type DmarcFixture = { domain: string; org?: string; reportId?: string; begin?: number; rows: { ip: string; count: number; dkim: string; spf: string }[] };

/** A DMARC aggregate report (RFC 7489 Appendix C) as XML text. */
export function dmarcXml(f: DmarcFixture): string {
  const begin = f.begin ?? Date.UTC(2026, 10, 30) / 1000;
  const records = f.rows
    .map(
      (r) => `<record><row><source_ip>${r.ip}</source_ip><count>${r.count}</count><policy_evaluated><disposition>none</disposition><dkim>${r.dkim}</dkim><spf>${r.spf}</spf></policy_evaluated></row>` +
        `<identifiers><header_from>${f.domain}</header_from></identifiers>` +
        `<auth_results><dkim><domain>${f.domain}</domain><result>${r.dkim}</result><selector>s1</selector></dkim><spf><domain>${f.domain}</domain><result>${r.spf}</result></spf></auth_results></record>`,
    )
    .join("");
  return (
    `<?xml version="1.0" encoding="UTF-8"?><feedback><report_metadata><org_name>${f.org ?? "dmarc.sender.example"}</org_name><email>noreply@sender.example</email>` +
    `<report_id>${f.reportId ?? "dmarc-1"}</report_id><date_range><begin>${begin}</begin><end>${begin + 86_399}</end></date_range></report_metadata>` +
    `<policy_published><domain>${f.domain}</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct></policy_published>${records}</feedback>`
  );
}

export type TlsRptMailOptions = {
  domain: string;
  reportId: string;
  /** The report file: gzipped (application/tlsrpt+gzip) or JSON text (application/tlsrpt+json). */
  report: Buffer;
  gzip: boolean;
  submitter?: string;
  from?: string;
};

/** A TLS-RPT mail (RFC 8460 §5.3): multipart/report with the report as a base64 attachment and the TLS-Report-* headers. */
export function tlsRptMail(o: TlsRptMailOptions): Buffer {
  const submitter = o.submitter ?? "sender.example";
  const attachment = o.report.toString("base64").replace(/(.{76})/g, "$1\r\n");
  return Buffer.from(
    [
      `From: ${o.from ?? `tlsrpt@${submitter}`}`,
      "To: reports@receiver.example",
      `Subject: Report Domain: ${o.domain} Submitter: ${submitter} Report-ID: <${o.reportId}>`,
      `TLS-Report-Domain: ${o.domain}`,
      `TLS-Report-Submitter: ${submitter}`,
      "MIME-Version: 1.0",
      'Content-Type: multipart/report; report-type="tlsrpt"; boundary="b1"',
      "",
      "--b1",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "This is an aggregate TLS report.",
      "--b1",
      `Content-Type: application/tlsrpt+${o.gzip ? "gzip" : "json"}`,
      "Content-Transfer-Encoding: base64",
      `Content-Disposition: attachment; filename="${submitter}!${o.domain}!${o.reportId}.json${o.gzip ? ".gz" : ""}"`,
      "",
      attachment,
      "--b1--",
      "",
    ].join("\r\n"),
  );
}
