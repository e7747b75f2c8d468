/**
 * Authenticity of report mail: real DKIM signatures (mailauth signs with keys made here), the
 * public keys and DMARC records served by the test DNS server on loopback, read through the
 * scanner's DNS client. A TLS-RPT mail counts only when the TLS-Report-Submitter signed it and the
 * report's contact-info is that organisation's; DMARC report mail only when its From passes DMARC.
 * End to end: a forged report is stored unverified and raises nothing; a signed one is verified.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { dkimSign } from "mailauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDnsClient } from "../../../lib/scan/net/dns";
import { systemScope, type Scope } from "../../../lib/services/access/scope";
import { pollMailbox, type MailboxOpener } from "../../../lib/services/ingest/imap";
import { checkReportMail, dnsMailAuthenticator, mailauthResolver, type MailAuthenticator } from "../../../lib/services/ingest/mail-authenticity";
import { processRawReport } from "../../../lib/services/ingest/process";
import { openTestDb, uniqueDomain } from "../../helpers/db";
import { startDnsServer, type DnsServer } from "../../helpers/dns-server";
import { tlsRptJson, tlsRptMail as buildTlsRptMail } from "./fixtures";

const db = openTestDb();
let dns: DnsServer;
let scope: Scope;
let domain: string;
let authenticate: MailAuthenticator;

function rsaKey() {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { pem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), p: publicKey.export({ type: "spki", format: "der" }).toString("base64") };
}

const reporterKey = rsaKey();
const attackerKey = rsaKey();

/** Signs `message` as `domain` with `key` (selector s1), prepending the DKIM-Signature header. */
async function sign(message: Buffer, signingDomain: string, key: { pem: string }): Promise<Buffer> {
  const result = await dkimSign(message, { signingDomain, selector: "s1", privateKey: key.pem, signatureData: [{ signingDomain, selector: "s1", privateKey: key.pem, canonicalization: "relaxed/relaxed", algorithm: "rsa-sha256" }] });
  expect(result.errors).toEqual([]);
  expect(result.signatures).toMatch(/^DKIM-Signature:/);
  return Buffer.concat([Buffer.from(result.signatures), message]);
}


/** A TLS-RPT mail for the test's domain with the report as JSON. */
function tlsRptMail(opts: { submitter: string; from: string; report: string; reportId: string }): Buffer {
  return buildTlsRptMail({ domain, reportId: opts.reportId, report: Buffer.from(opts.report), gzip: false, submitter: opts.submitter, from: opts.from });
}

function dmarcMail(from: string): Buffer {
  return Buffer.from(
    [`From: ${from}`, "To: dmarc@receiver.example", `Subject: Report Domain: ${domain} Submitter: reporter.test Report-ID: <d-1>`, "MIME-Version: 1.0", "Content-Type: text/plain", "", "report attached elsewhere", ""].join("\r\n"),
  );
}

/** A TLS-RPT report naming `contact` as its contact-info. */
function reportWithContact(reportId: string, contact: string): string {
  const doc = JSON.parse(tlsRptJson({ domain, org: "Reporter Org", reportId, failures: [{ type: "starttls-not-supported", sessions: 3 }] })) as Record<string, unknown>;
  doc["contact-info"] = contact;
  return JSON.stringify(doc);
}

beforeAll(async () => {
  domain = uniqueDomain("auth");
  dns = await startDnsServer({
    outside: "nxdomain",
    zones: [
      {
        origin: "reporter.test",
        dnssec: "unsigned",
        records: [
          { name: "s1._domainkey", type: "TXT", data: `v=DKIM1; k=rsa; p=${reporterKey.p}` },
          { name: "_dmarc", type: "TXT", data: "v=DMARC1; p=reject" },
        ],
      },
      { origin: "attacker.test", dnssec: "unsigned", records: [{ name: "s1._domainkey", type: "TXT", data: `v=DKIM1; k=rsa; p=${attackerKey.p}` }] },
    ],
  });
  // The scanner's default DNS timeouts: every name here is answered at once. With a 500 ms attempt
  // and a 3 s deadline a fully loaded CI machine once failed the aligned-DMARC case (verified: false,
  // every other test green); a lookup timing out under load is the likeliest cause.
  authenticate = dnsMailAuthenticator(() => createDnsClient({ resolvers: [dns.resolver] }));
  const ws = await db.workspace.create({ data: { slug: `mailauth-${randomBytes(4).toString("hex")}`, name: "Mail authenticity" } });
  scope = systemScope(ws.id);
  await db.domain.create({ data: { workspaceId: ws.id, name: domain } });
});

afterAll(async () => {
  const raws = await db.rawReport.findMany({ where: { workspaceId: scope.workspaceId }, select: { id: true } });
  for (const r of raws) await db.$executeRaw`SELECT graphile_worker.remove_job(${`ingest:${r.id}`})`;
  await db.workspace.delete({ where: { id: scope.workspaceId } });
  await db.$disconnect();
  await dns.close();
});

describe("checkReportMail", () => {
  const resolver = () => mailauthResolver(createDnsClient({ resolvers: [dns.resolver] }));

  it("verifies a TLS-RPT mail signed by its TLS-Report-Submitter", async () => {
    const mail = await sign(tlsRptMail({ submitter: "reporter.test", from: "tlsrpt@reporter.test", report: reportWithContact("a-1", "tlsrpt@reporter.test"), reportId: "a-1" }), "reporter.test", reporterKey);
    const result = await checkReportMail(mail, { tlsReportSubmitter: "reporter.test" }, resolver());
    expect(result).toMatchObject({ verified: true, dkimDomains: ["reporter.test"] });
    expect(result.reason).toContain("reporter.test");
  });

  it("refuses a mail altered after signing, one signed by another domain, and one not signed at all", async () => {
    const signed = await sign(tlsRptMail({ submitter: "reporter.test", from: "tlsrpt@reporter.test", report: reportWithContact("a-2", "tlsrpt@reporter.test"), reportId: "a-2" }), "reporter.test", reporterKey);
    const altered = Buffer.from(signed.toString("latin1").replace("This is an aggregate TLS report.", "This is an aggregate TLS report!"), "latin1");
    expect(await checkReportMail(altered, { tlsReportSubmitter: "reporter.test" }, resolver())).toMatchObject({ verified: false, dkimDomains: [] });

    const byAttacker = await sign(tlsRptMail({ submitter: "reporter.test", from: "tlsrpt@reporter.test", report: reportWithContact("a-3", "tlsrpt@reporter.test"), reportId: "a-3" }), "attacker.test", attackerKey);
    const forged = await checkReportMail(byAttacker, { tlsReportSubmitter: "reporter.test" }, resolver());
    expect(forged).toMatchObject({ verified: false, dkimDomains: ["attacker.test"] });
    expect(forged.reason).toContain("No DKIM signature of reporter.test");

    // The attacker's key signing as reporter.test: the published key does not match.
    const stolenName = await sign(tlsRptMail({ submitter: "reporter.test", from: "tlsrpt@reporter.test", report: reportWithContact("a-4", "tlsrpt@reporter.test"), reportId: "a-4" }), "reporter.test", attackerKey);
    expect((await checkReportMail(stolenName, { tlsReportSubmitter: "reporter.test" }, resolver())).verified).toBe(false);

    const unsigned = tlsRptMail({ submitter: "reporter.test", from: "tlsrpt@reporter.test", report: reportWithContact("a-5", "tlsrpt@reporter.test"), reportId: "a-5" });
    expect((await checkReportMail(unsigned, { tlsReportSubmitter: "reporter.test" }, resolver())).verified).toBe(false);
  });

  it("verifies DMARC report mail by the From domain's DMARC through an aligned signature, not through any signature", async () => {
    const aligned = await sign(dmarcMail("noreply-dmarc@reporter.test"), "reporter.test", reporterKey);
    const pass = await checkReportMail(aligned, {}, resolver());
    expect(pass, pass.reason).toMatchObject({ verified: true });
    expect(pass.reason).toContain("DMARC pass for reporter.test");

    const unaligned = await sign(dmarcMail("noreply-dmarc@reporter.test"), "attacker.test", attackerKey);
    const fail = await checkReportMail(unaligned, {}, resolver());
    expect(fail).toMatchObject({ verified: false, dkimDomains: ["attacker.test"] });
    expect(fail.reason).toContain("DMARC fail for reporter.test");
  });
});

describe("mail reports end to end", () => {
  function mailbox(messages: Buffer[]): MailboxOpener {
    const done = new Set<number>();
    return async () => ({
      list: async (limit) => messages.map((m, i) => ({ uid: i + 1, size: m.length })).filter((m) => !done.has(m.uid)).slice(0, limit),
      source: async (uid) => messages[uid - 1] ?? null,
      markDone: async (uid) => void done.add(uid),
      close: async () => {},
    });
  }

  it("stores a signed report verified; a forged one, or one whose contact-info is another organisation's, unverified", async () => {
    const good = await sign(tlsRptMail({ submitter: "reporter.test", from: "tlsrpt@reporter.test", report: reportWithContact("e-1", "smtp-tls-reporting@reporter.test"), reportId: "e-1" }), "reporter.test", reporterKey);
    const forged = await sign(tlsRptMail({ submitter: "reporter.test", from: "tlsrpt@reporter.test", report: reportWithContact("e-2", "tlsrpt@reporter.test"), reportId: "e-2" }), "attacker.test", attackerKey);
    const otherContact = await sign(tlsRptMail({ submitter: "reporter.test", from: "tlsrpt@reporter.test", report: reportWithContact("e-3", "tlsrpt@elsewhere.example"), reportId: "e-3" }), "reporter.test", reporterKey);
    const result = await pollMailbox(scope.workspaceId, { url: "imaps://u:p@imap.example.test", mailbox: "INBOX", doneMailbox: "" }, mailbox([good, forged, otherContact]), db, 10, authenticate);
    expect(result).toMatchObject({ messages: 3, files: 3 });

    const raws = await db.rawReport.findMany({ where: { workspaceId: scope.workspaceId, channel: "imap" }, orderBy: { receivedAt: "asc" } });
    expect(raws.map((r) => r.verified)).toEqual([true, false, true]);
    expect((raws[1]!.origin as Record<string, string>).authenticity).toContain("No DKIM signature of reporter.test");
    for (const raw of raws) expect((await processRawReport(raw.id, db)).status).toBe("parsed");

    const stored = await db.senderReport.findMany({ where: { workspaceId: scope.workspaceId }, select: { reportId: true, verified: true } });
    expect(Object.fromEntries(stored.map((s) => [s.reportId, s.verified]))).toEqual({ "e-1": true, "e-2": false, "e-3": false });
  });
});
