/**
 * Reports with suggestions for the Fix tab, the stored-report reader and the JSON API tests: a
 * domain with two MX hosts (one IPv4 endpoint each with a certificate, one unreachable IPv6
 * endpoint on mx1), nothing of MTA-STS / TLS-RPT / DANE published and DMARC at p=none, plus a
 * null-MX domain. Pure builders; tests/integration/services/fix-fixtures.ts stores them.
 */
import { createHash } from "node:crypto";
import { makeFinding } from "../../../lib/scan/findings";
import { formatTxtLine } from "../../../lib/scan/suggest/zone-text";
import type { ScanReport } from "../../../lib/scan/types";

export const spki = (seed: string): string => createHash("sha256").update(seed).digest("hex");

const cert = (host: string, seed: string) => ({
  subject: `CN=${host}`,
  issuer: "CN=Lab Issuing CA",
  san: [host],
  notBefore: "2026-01-01T00:00:00.000Z",
  notAfter: "2027-01-01T00:00:00.000Z",
  spkiSha256: spki(seed),
  keyBits: 256,
  trusted: true,
  nameMatches: true,
});

/** A DMARC value over 255 bytes, so it is published as two strings. */
export function longDmarcValue(domain: string): string {
  const rua = ["dmarc-reports", "dmarc-archive", "security-team", "postmaster", "mail-ops"].map((l) => `mailto:${l}@${domain}`).join(",");
  return `v=DMARC1; p=quarantine; sp=quarantine; adkim=s; aspf=s; fo=1; rua=${rua}; ruf=mailto:dmarc-forensics@${domain}`;
}

export function mailReport(domain: string, startedAt = "2026-11-28T12:00:00.000Z"): ScanReport {
  const mx1 = `mx1.${domain}`;
  const mx2 = `mx2.${domain}`;
  return {
    schemaVersion: 1,
    domain,
    startedAt,
    durationMs: 1834,
    grade: "C",
    score: 61,
    scannerVersion: "0.3.0",
    rulesetVersion: 1,
    exposure: {
      verdict: "exposed",
      sentence: `Mail to ${domain} can be stripped of STARTTLS: no MX is protected by MTA-STS enforce or DANE.`,
      hosts: [
        { host: mx1, dane: false, mtaSts: false, protectedFor: "nobody", why: "no MTA-STS policy; no TLSA" },
        { host: mx2, dane: false, mtaSts: false, protectedFor: "nobody", why: "no MTA-STS policy; no TLSA" },
      ],
    },
    mx: [
      {
        host: mx1,
        preference: 10,
        implicit: false,
        dnssec: "insecure",
        endpoints: [
          {
            address: "192.0.2.10",
            starttls: "ok",
            tls: { version: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384" },
            certificate: cert(mx1, "mx1-key"),
            chain: [
              { subject: `CN=${mx1}`, spkiSha256: spki("mx1-key") },
              { subject: "CN=Lab Issuing CA", spkiSha256: spki("ca-key") },
            ],
          },
          { address: "2001:db8::10", starttls: "unreachable", detail: "no greeting within 10 s" },
        ],
      },
      {
        host: mx2,
        preference: 20,
        implicit: false,
        dnssec: "insecure",
        endpoints: [
          {
            address: "192.0.2.20",
            starttls: "ok",
            tls: { version: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384" },
            certificate: cert(mx2, "mx2-key"),
            chain: [{ subject: `CN=${mx2}`, spkiSha256: spki("mx2-key") }],
          },
        ],
      },
    ],
    checks: {
      mtaSts: { status: "missing" },
      tlsRpt: { status: "missing" },
      starttls: { status: "pass" },
      dane: { status: "missing", dnssec: "insecure" },
      dmarc: { status: "warn", record: `v=DMARC1; p=none; rua=mailto:dmarc-reports@${domain}`, policy: "none", source: domain },
      spf: { status: "pass", record: "v=spf1 mx -all", lookups: 1 },
    },
    findings: [
      makeFinding("starttls-stripping-exposure", { detail: "no MX is protected" }),
      makeFinding("mta-sts-missing", { detail: `no TXT record at _mta-sts.${domain}` }),
      makeFinding("tls-rpt-missing", { detail: `no TXT record at _smtp._tls.${domain}` }),
      makeFinding("dnssec-missing", { detail: `${domain} is not signed` }),
      makeFinding("dmarc-policy-none", { detail: "p=none" }),
      makeFinding("mx-unreachable", { host: mx1, detail: "2001:db8::10: no greeting within 10 s" }),
    ],
    suggestions: {
      mtaStsPolicy: `version: STSv1\nmode: testing\nmx: ${mx1}\nmx: ${mx2}\nmax_age: 86400\n`,
      mtaStsRecord: formatTxtLine(`_mta-sts.${domain}`, "v=STSv1; id=20261128T120000"),
      tlsRptRecord: formatTxtLine(`_smtp._tls.${domain}`, `v=TLSRPTv1; rua=mailto:tlsrpt@${domain}`),
      dmarcRecord: formatTxtLine(`_dmarc.${domain}`, longDmarcValue(domain)),
      tlsa: [`_25._tcp.${mx1}. IN TLSA 3 1 1 ${spki("mx1-key")}`, `_25._tcp.${mx1}. IN TLSA 2 1 1 ${spki("ca-key")}`, `_25._tcp.${mx2}. IN TLSA 3 1 1 ${spki("mx2-key")}`],
      hostingNote: `Serve the policy at https://mta-sts.${domain}/.well-known/mta-sts.txt (RFC 8461 §3.3):\n- status 200, Content-Type: text/plain, no redirects.\n`,
      notes: {
        mtaSts: [`${mx1} could not be reached from the scanner on one address: mode testing until a scan sees it pass.`],
        tlsRpt: [`Daily TLS reports from senders go to mailto:tlsrpt@${domain}; make sure that mailbox exists.`],
        dmarc: ["Next step from p=none: p=quarantine."],
        tlsa: [],
      },
    },
  };
}

export function nullMxReport(domain: string): ScanReport {
  return {
    schemaVersion: 1,
    domain,
    startedAt: "2026-11-28T12:00:00.000Z",
    durationMs: 400,
    grade: "A",
    score: 90,
    exposure: { verdict: "no-inbound-mail", sentence: `${domain} accepts no mail.`, hosts: [] },
    mx: [],
    checks: {
      mtaSts: { status: "n/a" },
      tlsRpt: { status: "n/a" },
      starttls: { status: "n/a" },
      dane: { status: "n/a" },
      dmarc: { status: "missing" },
      spf: { status: "missing" },
    },
    findings: [makeFinding("mx-null", { detail: "0 ." }), makeFinding("dmarc-missing", { detail: "none" }), makeFinding("spf-missing", { detail: "none" })],
    // The scanner's no-mail trio (lib/scan/suggest NoMailSuggestions), stored as `noMailSuggestions`.
    noMailSuggestions: {
      kind: "no-mail",
      nullMxRecord: `${domain}. IN MX 0 .`,
      spfRecord: formatTxtLine(domain, "v=spf1 -all"),
      dmarcRecord: formatTxtLine(`_dmarc.${domain}`, "v=DMARC1; p=reject"),
      notes: ["The domain accepts no mail: publish all three."],
    },
  };
}
