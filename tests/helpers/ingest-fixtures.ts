/**
 * Report fixtures generated at test time: a tiny zip writer (with knobs to make it lie), a gzip
 * bomb, report mail, and real-shaped TLS-RPT / DMARC samples written from RFC 8460 §4, RFC 7489
 * Appendix C, RFC 9990 and the quirks of the big senders. Nothing big is committed.
 */
import { constants, crc32, createGzip, deflateRawSync, gzipSync } from "node:zlib";

export type ZipEntry = {
  name: string;
  data: Buffer | string;
  /** 0 stored, 8 deflate (default), anything else to test refusal. */
  method?: number;
  /** What the headers claim the member inflates to (default: the truth). */
  claimedSize?: number;
  /** General purpose flags (bit 0: encrypted). */
  flags?: number;
};

/** Builds a zip archive in memory (local headers, central directory, EOCD). */
export function buildZip(entries: ZipEntry[], options: { claimedCount?: number } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = typeof entry.data === "string" ? Buffer.from(entry.data) : entry.data;
    const method = entry.method ?? 8;
    const stored = method === 8 ? deflateRawSync(data) : data;
    const name = Buffer.from(entry.name, "utf8");
    const size = entry.claimedSize ?? data.length;
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.flags ?? 0, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.flags ?? 0, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, stored);
    centrals.push(central, name);
    offset += 30 + name.length + stored.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  const count = options.claimedCount ?? entries.length;
  eocd.writeUInt16LE(count, 8);
  eocd.writeUInt16LE(count, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/** gzip of `inflatedBytes` zeros, streamed so the zeros are never in memory at once. */
export function gzipBomb(inflatedBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // RLE finds the same maximal matches on zeros as level 9, several times faster.
    const gzip = createGzip({ level: 9, strategy: constants.Z_RLE, chunkSize: 1 << 20 });
    const out: Buffer[] = [];
    gzip.on("data", (chunk: Buffer) => out.push(chunk));
    gzip.on("end", () => resolve(Buffer.concat(out)));
    gzip.on("error", reject);
    const zeros = Buffer.alloc(1 << 20);
    let left = inflatedBytes;
    const pump = () => {
      while (left > 0) {
        const piece = left >= zeros.length ? zeros : zeros.subarray(0, left);
        left -= piece.length;
        if (!gzip.write(piece)) {
          gzip.once("drain", pump);
          return;
        }
      }
      gzip.end();
    };
    pump();
  });
}

export const gzip = (text: string | Buffer): Buffer => gzipSync(text);

/** RFC 8460 §4.8's example report (its `mx-host` list and the long `additional-information`). */
export const RFC8460_EXAMPLE = JSON.stringify({
  "organization-name": "Company-X",
  "date-range": { "start-datetime": "2016-04-01T00:00:00Z", "end-datetime": "2016-04-01T23:59:59Z" },
  "contact-info": "sts-reporting@company-x.example",
  "report-id": "5065427c-23d3-47ca-b6e0-946ea0e8c4be",
  policies: [
    {
      policy: {
        "policy-type": "sts",
        "policy-string": ["version: STSv1", "mode: testing", "mx: *.mail.company-y.example", "max_age: 86400"],
        "policy-domain": "company-y.example",
        "mx-host": ["*.mail.company-y.example"],
      },
      summary: { "total-successful-session-count": 5326, "total-failure-session-count": 303 },
      "failure-details": [
        { "result-type": "certificate-expired", "sending-mta-ip": "2001:db8:abcd:0012::1", "receiving-mx-hostname": "mx1.mail.company-y.example", "failed-session-count": 100 },
        {
          "result-type": "starttls-not-supported",
          "sending-mta-ip": "2001:db8:abcd:0013::1",
          "receiving-mx-hostname": "mx2.mail.company-y.example",
          "receiving-ip": "203.0.113.56",
          "failed-session-count": 200,
          "additional-information": "https://reports.company-x.example/report_info?id=5065427c-23d3#StarttlsNotSupported",
        },
        {
          "result-type": "validation-failure",
          "sending-mta-ip": "198.51.100.62",
          "receiving-ip": "203.0.113.58",
          "receiving-mx-hostname": "mx-backup.mail.company-y.example",
          "failed-session-count": 3,
          "failure-reason-code": "X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED",
        },
      ],
    },
  ],
});

/** A large mailbox provider's daily report: `mx-host-pattern` as a bare string, no failures. */
export const TLSRPT_PATTERN_STRING = JSON.stringify({
  "organization-name": "Bigmail Inc.",
  "date-range": { "start-datetime": "2026-12-01T00:00:00Z", "end-datetime": "2026-12-01T23:59:59Z" },
  "contact-info": "smtp-tls-reporting@bigmail.example",
  "report-id": "2026-12-01T00:00:00Z_example.com",
  policies: [
    {
      policy: { "policy-type": "sts", "policy-string": ["version: STSv1", "mode: enforce", "mx: mx.example.com", "max_age: 604800"], "policy-domain": "example.com", "mx-host-pattern": "mx.example.com" },
      summary: { "total-successful-session-count": 42, "total-failure-session-count": 0 },
    },
  ],
});

/** Counts as numeric strings, `additional-info-uri`, an unknown result type, a `no-policy-found` policy. */
export const TLSRPT_STRINGY = JSON.stringify({
  "organization-name": "Contoso Mail",
  "date-range": { "start-datetime": "2026-12-02T00:00:00Z", "end-datetime": "2026-12-02T23:59:59Z" },
  "contact-info": "tlsrpt-noreply@contoso.example",
  "report-id": "133789999999999999+example.com",
  policies: [
    {
      policy: { "policy-type": "no-policy-found", "policy-domain": "example.com" },
      summary: { "total-successful-session-count": "17", "total-failure-session-count": "2" },
      "failure-details": [
        { "result-type": "x-vendor-handshake-timeout", "receiving-mx-hostname": "mx.example.com", "receiving-ip": "192.0.2.25", "failed-session-count": "2", "additional-info-uri": "https://contoso.example/tlsrpt/why" },
      ],
    },
  ],
});

export type DmarcSampleRecord = { ip: string; count: number; disposition?: string; dkim?: string; spf?: string; headerFrom?: string; auth?: string };

/** An RFC 7489 Appendix C report; `head`/`extra` let a test add namespaces, quirks or stray elements. */
export function dmarcXml(options: { org?: string; reportId?: string; domain?: string; policyExtra?: string; records?: DmarcSampleRecord[]; head?: string; rootOpen?: string; extra?: string } = {}): string {
  const records = options.records ?? [{ ip: "192.0.2.10", count: 3 }];
  return `${options.head ?? '<?xml version="1.0" encoding="UTF-8" ?>'}
${options.rootOpen ?? "<feedback>"}
  <report_metadata>
    <org_name>${options.org ?? "google.com"}</org_name>
    <email>noreply-dmarc-support@google.com</email>
    <extra_contact_info>https://support.google.com/a/answer/2466580</extra_contact_info>
    <report_id>${options.reportId ?? "1234567890123456789"}</report_id>
    <date_range><begin>1764979200</begin><end>1765065599</end></date_range>
  </report_metadata>
  <policy_published>
    <domain>${options.domain ?? "example.com"}</domain>
    <adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct>${options.policyExtra ?? ""}
  </policy_published>${options.extra ?? ""}
${records
  .map(
    (r) => `  <record>
    <row>
      <source_ip>${r.ip}</source_ip>
      <count>${r.count}</count>
      <policy_evaluated><disposition>${r.disposition ?? "none"}</disposition><dkim>${r.dkim ?? "pass"}</dkim><spf>${r.spf ?? "pass"}</spf></policy_evaluated>
    </row>
    <identifiers><header_from>${r.headerFrom ?? "example.com"}</header_from></identifiers>
    <auth_results>${r.auth ?? "<dkim><domain>example.com</domain><result>pass</result><selector>s1</selector></dkim><spf><domain>example.com</domain><result>pass</result></spf>"}</auth_results>
  </record>`,
  )
  .join("\n")}
</feedback>
`;
}

/** A mail message (CRLF line ends) with the given parts, each base64-encoded unless it says otherwise. */
export function buildMail(options: { headers: Record<string, string>; contentType: string; parts?: { headers: Record<string, string>; body: Buffer | string; encoding?: "base64" | "7bit" | "quoted-printable" }[]; body?: string }): Buffer {
  const boundary = /boundary="?([^";]+)"?/.exec(options.contentType)?.[1];
  const lines: string[] = [];
  for (const [name, value] of Object.entries(options.headers)) lines.push(`${name}: ${value}`);
  lines.push("MIME-Version: 1.0", `Content-Type: ${options.contentType}`, "");
  if (!boundary) {
    lines.push(options.body ?? "");
    return Buffer.from(lines.join("\r\n"), "latin1");
  }
  lines.push("This is a multi-part message in MIME format.");
  for (const part of options.parts ?? []) {
    lines.push(`--${boundary}`);
    for (const [name, value] of Object.entries(part.headers)) lines.push(`${name}: ${value}`);
    const encoding = part.encoding ?? "base64";
    lines.push(`Content-Transfer-Encoding: ${encoding}`, "");
    const body = typeof part.body === "string" ? Buffer.from(part.body) : part.body;
    lines.push(encoding === "base64" ? (body.toString("base64").match(/.{1,76}/g) ?? []).join("\r\n") : body.toString("latin1"));
  }
  lines.push(`--${boundary}--`, "");
  return Buffer.from(lines.join("\r\n"), "latin1");
}
