/**
 * Suggestions end to end on a loopback lab: scan a domain without MTA-STS, TLS-RPT or TLSA,
 * build the suggestions from the same observations the orchestrator has, publish them (DNS
 * records, the policy file on an HTTPS policy host), scan again: no mta-sts-* finding, and the
 * TLS-RPT, DMARC and TLSA suggestions hold too. Nothing leaves 127.0.0.1.
 */
import { createHash, randomBytes, X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDmarc } from "@/lib/scan/checks/dmarc";
import { evaluateMtaSts, lookupMtaStsRecord } from "@/lib/scan/checks/mta-sts";
import { lookupMx } from "@/lib/scan/checks/mx/lookup-mx";
import { checkSpf } from "@/lib/scan/checks/spf";
import { evaluateHostTls } from "@/lib/scan/checks/starttls/evaluate-starttls";
import { probeHosts } from "@/lib/scan/checks/starttls/probe-hosts";
import { checkTlsRpt } from "@/lib/scan/checks/tls-rpt";
import { createScanDeps } from "@/lib/scan/default-deps";
import { loadTrustAnchors } from "@/lib/scan/net/trust-store";
import { scanDomain, type ScanDeps } from "@/lib/scan/scan-domain";
import { buildSuggestions, isNoMailSuggestions, readTlsaLine, readTxtLine, suggestInputFromScan, type SuggestInput } from "@/lib/scan/suggest";
import type { ScanReport, Suggestions } from "@/lib/scan/types";
import { evaluateDraftPolicy, evaluateDraftTlsa } from "@/lib/scan/what-if";
import { startDnsServer, type DnsServer, type Zone, type ZoneRecord } from "@/tests/helpers/dns-server";
import { startHttpsPolicyServer, type HttpsPolicyServer } from "@/tests/helpers/https-server";
import { findClosedPort, startSmtpServer, type TestSmtpServer } from "@/tests/helpers/smtp-server";
import { createTestCa, type IssuedCertificate, type TestCa } from "@/tests/helpers/test-ca";

const DOMAIN = `sugg-${randomBytes(3).toString("hex")}.test`;
const MX1 = `mx1.${DOMAIN}`;
const MX2 = `mx2.${DOMAIN}`;
const EHLO = "scanner.mailposture.invalid";

let ca: TestCa;
let mxLeaf: IssuedCertificate;
let dns: DnsServer;
let smtp: TestSmtpServer;
let policyHost: HttpsPolicyServer | undefined;
let anchors: ScanDeps["anchors"];

/** The lab domain: two MX on the one loopback SMTP server, a policy host name, SPF and a p=none DMARC; DNSSEC-signed. */
function zones(extra: ZoneRecord[] = [], dmarc = `v=DMARC1; p=none; rua=mailto:dmarc@${DOMAIN}`): Zone[] {
  return [
    {
      origin: DOMAIN,
      dnssec: "signed",
      records: [
        { name: "@", type: "MX", data: `10 ${MX1}.` },
        { name: "@", type: "MX", data: `20 ${MX2}.` },
        { name: "mx1", type: "A", data: "127.0.0.1" },
        { name: "mx2", type: "A", data: "127.0.0.1" },
        { name: "mta-sts", type: "A", data: "127.0.0.1" },
        { name: "@", type: "TXT", data: "v=spf1 mx -all" },
        { name: "_dmarc", type: "TXT", data: dmarc },
        ...extra,
      ],
    },
  ];
}

function deps(httpsPort: number): ScanDeps {
  return createScanDeps({ resolvers: [dns.resolver], anchors, allowPrivate: true, httpsPort });
}

const scan = (d: ScanDeps): Promise<ScanReport> => scanDomain(DOMAIN, d, { allowPrivate: true, smtpPort: smtp.port, ehloName: EHLO });

/**
 * What scan-domain.ts holds at the end of a scan, gathered with the same lower-level calls it
 * makes, then turned into the generators' input exactly as the orchestrator will.
 */
async function observe(d: ScanDeps): Promise<{ input: SuggestInput; peerChains: Buffer[][] }> {
  const now = d.now();
  const mx = await lookupMx(d.dns, DOMAIN);
  const hosts = mx.kind === "mx" || mx.kind === "implicit" ? mx.hosts : [];
  const probed = await probeHosts(hosts, d.probe, { port: smtp.port, allowPrivate: true, ehloName: EHLO, anchors: d.anchors });
  const [record, policy, dmarc, spf, tlsRpt] = await Promise.all([
    lookupMtaStsRecord(d.dns, DOMAIN),
    d.fetchPolicy({ domain: DOMAIN }),
    checkDmarc(d.dns, DOMAIN),
    checkSpf(d.dns, DOMAIN),
    checkTlsRpt(d.dns, DOMAIN),
  ]);
  const mtaSts = evaluateMtaSts({
    domain: DOMAIN,
    record,
    policy,
    mx: probed.map((p) => ({ host: p.host, ...evaluateHostTls(p.endpoints.map((e) => e.endpoint), now) })),
  });
  const input = suggestInputFromScan({ domain: DOMAIN, now, mx, probed, mtaSts, tlsRpt, dmarc, spf });
  return { input, peerChains: probed.flatMap((p) => p.endpoints.map((e) => e.peerChain)) };
}

function mailSuggestions(input: SuggestInput): Suggestions {
  const s = buildSuggestions(input);
  if (!s || isNoMailSuggestions(s)) throw new Error("expected suggestions for a domain that accepts mail");
  return s;
}

/** A suggested TXT line as a zone record. */
function txtRecord(line: string): ZoneRecord {
  const read = readTxtLine(line);
  if (!read.ok) throw new Error(`${line}: ${read.message}`);
  return { name: `${read.owner}.`, type: "TXT", data: read.text };
}

const spkiSha256 = (pem: string) => createHash("sha256").update(new X509Certificate(pem).publicKey.export({ type: "spki", format: "der" })).digest("hex");

beforeAll(async () => {
  ca = await createTestCa();
  mxLeaf = await ca.issue({ names: [MX1, MX2] });
  smtp = await startSmtpServer("starttls", { tls: { key: mxLeaf.keyPem, cert: mxLeaf.chainPem }, hostname: MX1 });
  dns = await startDnsServer({ zones: zones() });
  anchors = (await loadTrustAnchors({ includeDefaultRoots: false, extraCaPem: [ca.rootPem] })).anchors;
});

afterAll(async () => {
  await Promise.all([dns?.close(), smtp?.close(), policyHost?.close()]);
});

describe("suggested files round-trip through a real rescan", () => {
  it("publishing the suggestions for a domain without MTA-STS leaves no mta-sts-* finding", async () => {
    // 1. Scan as it is: no MTA-STS (the policy port is closed), no TLS-RPT, no TLSA.
    const closed = await findClosedPort();
    const before = await scan(deps(closed));
    const beforeIds = before.findings.map((f) => f.id);
    expect(beforeIds).toContain("mta-sts-missing");
    expect(beforeIds).toContain("tls-rpt-missing");
    expect(beforeIds).toContain("dmarc-policy-none");
    expect(beforeIds).toContain("dane-missing");

    // 2. Suggestions from the same observations the orchestrator has.
    const { input, peerChains } = await observe(deps(closed));
    expect(peerChains).toEqual([mxLeaf.chainDer, mxLeaf.chainDer]);
    expect(input.mx.map((h) => [h.host, h.tlsOk])).toEqual([
      [MX1, true],
      [MX2, true],
    ]);
    const s = mailSuggestions(input);
    // RFC 8461 §4.2: both MX pass TLS today, so enforce, first-enforce max_age; exact names (the zone is unknown).
    expect(s.mtaStsPolicy).toBe(`version: STSv1\nmode: enforce\nmx: ${MX1}\nmx: ${MX2}\nmax_age: 604800\n`);
    // RFC 7671 §8: 3 1 1 of the presented key and 2 1 1 of the intermediate the server sends,
    // checked against digests computed here, independently of the scanner.
    expect(s.tlsa).toEqual([
      `_25._tcp.${MX1}. IN TLSA 3 1 1 ${spkiSha256(mxLeaf.certPem)}`,
      `_25._tcp.${MX1}. IN TLSA 2 1 1 ${spkiSha256(ca.intermediatePem)}`,
      `_25._tcp.${MX2}. IN TLSA 3 1 1 ${spkiSha256(mxLeaf.certPem)}`,
      `_25._tcp.${MX2}. IN TLSA 2 1 1 ${spkiSha256(ca.intermediatePem)}`,
    ]);
    expect(s.tlsRptRecord).toBe(`_smtp._tls.${DOMAIN}. IN TXT "v=TLSRPTv1; rua=mailto:tlsrpt@${DOMAIN}"`);
    expect(readTxtLine(s.dmarcRecord)).toMatchObject({ ok: true, text: `v=DMARC1; p=quarantine; rua=mailto:dmarc@${DOMAIN}` });

    // 3. What-if against the first report, before publishing anything.
    const draftPolicy = evaluateDraftPolicy(s.mtaStsPolicy, before);
    expect(draftPolicy.valid && draftPolicy.safeToEnforce).toBe(true);
    expect(draftPolicy.valid && draftPolicy.findings).toEqual([]);
    const draftTlsa = evaluateDraftTlsa(s.tlsa.join("\n"), before);
    expect(draftTlsa.safeToPublish).toBe(true);

    // 4. Publish: DNS records as suggested, the policy file on a policy host with a certificate for mta-sts.<domain>.
    const tlsa = s.tlsa.map((line): ZoneRecord => {
      const read = readTlsaLine(line);
      if (!read) throw new Error(`unreadable TLSA line: ${line}`);
      return { name: `${read.owner}.`, type: "TLSA", data: read.record };
    });
    const dmarc = readTxtLine(s.dmarcRecord);
    if (!dmarc.ok) throw new Error(dmarc.message);
    dns.setZones(zones([txtRecord(s.mtaStsRecord), txtRecord(s.tlsRptRecord), ...tlsa], dmarc.text));
    const policyLeaf = await ca.issue({ names: [`mta-sts.${DOMAIN}`] });
    policyHost = await startHttpsPolicyServer({ cert: { keyPem: policyLeaf.keyPem, chainPem: policyLeaf.chainPem }, behaviour: { kind: "serve", body: s.mtaStsPolicy } });

    // 5. Rescan.
    const after = await scan(deps(policyHost.port));
    const afterIds = after.findings.map((f) => f.id);
    expect(policyHost.requests.map((r) => r.path)).toContain("/.well-known/mta-sts.txt");
    expect(afterIds.filter((id) => id.startsWith("mta-sts-"))).toEqual([]);
    expect(after.checks.mtaSts.status).toBe("pass");
    expect(after.checks.mtaSts.policy).toEqual({ version: "STSv1", mode: "enforce", maxAge: 604800, mx: [MX1, MX2] });
    // The other suggestions hold too.
    expect(afterIds.filter((id) => id.startsWith("tls-rpt-"))).toEqual([]);
    expect(afterIds).not.toContain("dmarc-policy-none");
    expect(after.checks.dmarc.policy).toBe("quarantine");
    expect(afterIds.filter((id) => id.startsWith("dane-"))).toEqual([]);
    expect(after.checks.dane.status).toBe("pass");
    expect(after.mx.flatMap((m) => m.endpoints.map((e) => e.dane?.matches))).toEqual([true, true]);
    // Protected by MTA-STS enforce and by DANE: neither exposure finding.
    expect(afterIds).not.toContain("starttls-stripping-exposure");
    expect(afterIds).not.toContain("starttls-stripping-partial");

    // 6. Suggestions from the new state stage further: enforce max_age steps up, the id changes, DMARC moves to reject.
    const next = mailSuggestions((await observe(deps(policyHost.port))).input);
    expect(next.mtaStsPolicy).toContain("max_age: 1209600\n");
    // RFC 8461 §3.1: a new id, even when the scan falls in the same second as the published one.
    expect(next.mtaStsRecord).not.toBe(s.mtaStsRecord);
    expect(readTxtLine(next.dmarcRecord)).toMatchObject({ ok: true, text: `v=DMARC1; p=reject; rua=mailto:dmarc@${DOMAIN}` });
    expect(next.tlsa).toEqual(s.tlsa);
  });
});
