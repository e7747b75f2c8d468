/**
 * Report templates for the seeder, made by the real scanner: a posture (posture.ts) becomes an
 * in-memory DNS, SMTP endpoints presenting real certificates (pki.ts) and an MTA-STS policy
 * fetch, and `scanDomain` turns them into a report exactly as it would on the network, with its
 * findings, severities, exposure verdict, evidence, grade and suggestions.
 *
 * A template is scanned for a placeholder domain; the seeder substitutes each domain's name, the
 * scan's start and its duration (tokens below), so a million reports cost a few hundred scans.
 */
import { createHash, X509Certificate } from "node:crypto";
import type { MtaStsPolicyFetch } from "@/lib/scan/checks/mta-sts/types";
import { createTrustAnchors, type TrustAnchors } from "@/lib/scan/x509";
import type { DnsAnswer, DnsClient, DnsRecord, RRType } from "@/lib/scan/net/dns-types";
import type { SmtpProbeResult } from "@/lib/scan/net/smtp";
import { endpointFromProbe } from "@/lib/scan/net/smtp-endpoint";
import { validateReport } from "@/lib/scan/report-schema";
import { scanDomain, type ScanDeps } from "@/lib/scan/scan-domain";
import type { ScanReport } from "@/lib/scan/types";
import { summarizeReport, type ReportSummary } from "@/lib/report/summary";
import { weekStateOf, type WeekState } from "@/lib/services/scans/weekly-rollup";
import { createSeedPki, type Leaf, type SeedPki } from "./pki";
import { normalizePosture, postureKey, PROVIDERS, type Posture } from "./posture";

/** The domain templates are scanned for; never a real name (RFC 2606 .example). */
export const PLACEHOLDER = "seed-domain-placeholder.example";
export const DOMAIN_TOKEN = "@@DOMAIN@@";
export const STARTED_AT_TOKEN = "@@STARTED_AT@@";
/** Stands in for the number: the seeder replaces `"@@DURATION_MS@@"`, quotes included. */
export const DURATION_TOKEN = "@@DURATION_MS@@";

const DAY_MS = 86_400_000;
const DMARC_VENDOR = "rua.dmarc-vendor.example";
const SPF_ESP = ["mailchimp-like.example", "crm-mail.example", "ticketing.example", "billing-mail.example", "newsletter.example", "hr-portal.example", "survey-mail.example", "events-mail.example", "shop-mail.example", "forms-mail.example"];

export type Template = {
  key: string;
  /** Report JSON with DOMAIN_TOKEN, STARTED_AT_TOKEN and DURATION_TOKEN in place. */
  body: string;
  grade: string;
  score: number;
  scannerVersion: string | null;
  rulesetVersion: number | null;
  summary: ReportSummary;
  week: WeekState;
  /** Finding rows, in report order; host with DOMAIN_TOKEN in place. */
  findings: { findingId: string; severity: string; host: string | null }[];
  /** Size of the stored report for a typical name (for the run's summary). */
  bytes: number;
};

type EndpointPlan = { state: SmtpProbeResult["state"]; detail?: string; tls?: { version: string; cipher: string }; chain: Buffer[] };

/** An in-memory DNS: answers from a record table, NXDOMAIN for unknown names, NODATA for known names without that type. */
class TableDns implements DnsClient {
  private readonly rrs = new Map<string, DnsRecord[]>();
  private readonly names = new Set<string>();
  constructor(private readonly signedZones: string[]) {}

  add(name: string, record: DistributiveOmit<DnsRecord, "name" | "ttl">): void {
    const n = name.toLowerCase();
    const key = `${n} ${record.type}`;
    const list = this.rrs.get(key) ?? [];
    list.push({ ...record, name: n, ttl: 3600 } as DnsRecord);
    this.rrs.set(key, list);
    // Every name up to its zone exists (empty non-terminals answer NODATA, RFC 8020).
    const labels = n.split(".");
    for (let i = 0; i < labels.length - 1; i++) this.names.add(labels.slice(i).join("."));
  }

  txt(name: string, text: string): void {
    // Long TXT data is split into 255-byte character-strings, as published.
    const strings: string[] = [];
    for (let i = 0; i < text.length; i += 255) strings.push(text.slice(i, i + 255));
    this.add(name, { type: "TXT", strings });
  }

  private signed(name: string): boolean {
    return this.signedZones.some((z) => name === z || name.endsWith(`.${z}`));
  }

  async query(name: string, type: RRType): Promise<DnsAnswer> {
    const n = name.toLowerCase().replace(/\.$/, "");
    const records = this.rrs.get(`${n} ${type}`) ?? [];
    const dnssec = this.signed(n) ? "secure" : "insecure";
    if (records.length > 0) return { name: n, type, outcome: "ok", dnssec, records, cnames: [] };
    return { name: n, type, outcome: this.names.has(n) ? "nodata" : "nxdomain", dnssec, records: [], cnames: [] };
  }

  async isValidating(): Promise<boolean> {
    return true;
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function spkiHex(der: Buffer): string {
  const spki = new X509Certificate(der).publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(spki).digest("hex");
}

const CIPHER: Record<string, string> = { "TLSv1.3": "TLS_AES_256_GCM_SHA384", "TLSv1.2": "ECDHE-ECDSA-AES256-GCM-SHA384" };

export type TemplateFactory = {
  /** The template for a posture, scanned on first use and cached. */
  get(posture: Posture): Promise<Template>;
  readonly size: number;
};

export async function createTemplateFactory(now: Date): Promise<TemplateFactory> {
  const pki: SeedPki = await createSeedPki(now);
  const anchors: TrustAnchors = createTrustAnchors([pki.rootPem]);
  const leaves = new Map<string, Promise<Leaf>>();
  const leaf = (key: string, make: () => Promise<Leaf>) => {
    let l = leaves.get(key);
    if (!l) leaves.set(key, (l = make()));
    return l;
  };
  const t = now.getTime();
  const providerLeaf = (i: number) =>
    leaf(`provider-${i}`, () => {
      const zone = PROVIDERS[i]!.zone;
      const expiring = PROVIDERS[i]!.expiringSoon;
      return pki.issue({ names: [`mx1.${zone}`, `mx2.${zone}`], notBefore: new Date(t - (expiring ? 80 : 40) * DAY_MS), notAfter: new Date(t + (expiring ? 9 : 50) * DAY_MS) });
    });
  const ownLeaf = (host: string, tls: Posture["tls"]) =>
    leaf(`own-${host}-${tls}`, () => {
      switch (tls) {
        case "self-signed":
          return pki.issue({ names: [host], selfSigned: true, notBefore: new Date(t - 400 * DAY_MS), notAfter: new Date(t + 3_000 * DAY_MS) });
        case "expired":
          return pki.issue({ names: [host], notBefore: new Date(t - 102 * DAY_MS), notAfter: new Date(t - 12 * DAY_MS) });
        case "expiring":
          return pki.issue({ names: [host], notBefore: new Date(t - 81 * DAY_MS), notAfter: new Date(t + 9 * DAY_MS) });
        case "name-mismatch":
          return pki.issue({ names: ["smtp.shared-hosting.example", "*.shared-hosting.example"] });
        default:
          return pki.issue({ names: [host] });
      }
    });
  const nextKey = await pki.issue({ names: ["next-key.invalid"] });
  const nextKeySpki = spkiHex(nextKey.chainDer[0]!);

  const cache = new Map<string, Promise<Template>>();

  async function build(p: Posture): Promise<Template> {
    const d = PLACEHOLDER;
    const provider = PROVIDERS[p.provider]!;
    const signed = [...(p.dnssec ? [d] : []), ...PROVIDERS.filter((x) => x.dane).map((x) => x.zone)];
    const dns = new TableDns(signed);
    const endpoints = new Map<string, EndpointPlan>();

    // Provider infrastructure (always present: SPF includes point there too).
    for (const [i, prov] of PROVIDERS.entries()) {
      const chain = (await providerLeaf(i)).chainDer;
      for (const [j, host] of [`mx1.${prov.zone}`, `mx2.${prov.zone}`].entries()) {
        const v4 = `192.0.2.${10 + i * 4 + j}`;
        dns.add(host, { type: "A", address: v4 });
        endpoints.set(v4, { state: "ok", tls: { version: prov.tls, cipher: CIPHER[prov.tls]! }, chain });
        if (prov.ipv6) {
          const v6 = `2001:db8:${i + 1}::${j + 1}`;
          dns.add(host, { type: "AAAA", address: v6 });
          endpoints.set(v6, { state: "ok", tls: { version: prov.tls, cipher: CIPHER[prov.tls]! }, chain });
        }
        if (prov.dane) {
          // A provider that does DANE right: the current key and its issuing CA (RFC 7671 §8.1).
          dns.add(`_25._tcp.${host}`, { type: "TLSA", usage: 3, selector: 1, matchingType: 1, data: spkiHex(chain[0]!) });
          dns.add(`_25._tcp.${host}`, { type: "TLSA", usage: 2, selector: 1, matchingType: 1, data: spkiHex(chain[1]!) });
        }
      }
      dns.txt(`_spf.${prov.zone}`, `v=spf1 ip4:192.0.2.${i * 16}/28 ip6:2001:db8:${i + 1}::/48 -all`);
    }
    for (const [i, esp] of SPF_ESP.entries()) dns.txt(`spf.${esp}`, `v=spf1 ip4:198.51.100.${i * 8}/29 ~all`);

    // The domain's mail servers.
    let mxHosts: string[] = [];
    if (p.mx === "provider") {
      mxHosts = [`mx1.${provider.zone}`, `mx2.${provider.zone}`];
      dns.add(d, { type: "MX", preference: 10, exchange: mxHosts[0]! });
      dns.add(d, { type: "MX", preference: 20, exchange: mxHosts[1]! });
      if (p.unreachable) {
        const v4 = `192.0.2.${10 + p.provider * 4 + 1}`;
        endpoints.set(v4, { state: "unreachable", detail: "connect: no answer within 10 s", chain: [] });
      }
    } else if (p.mx === "self" || p.mx === "implicit") {
      const host = p.mx === "self" ? `mail.${d}` : d;
      mxHosts = [host];
      if (p.mx === "self") dns.add(d, { type: "MX", preference: 10, exchange: host });
      dns.add(host, { type: "A", address: "203.0.113.25" });
      if (p.mx === "self") dns.add(host, { type: "AAAA", address: "2001:db8:25::25" });
      const chain = (await ownLeaf(host, p.tls)).chainDer;
      const plan: EndpointPlan =
        p.tls === "no-starttls"
          ? { state: "not-offered", detail: "EHLO reply does not advertise STARTTLS", chain: [] }
          : { state: "ok", tls: { version: "TLSv1.3", cipher: CIPHER["TLSv1.3"]! }, chain };
      endpoints.set("203.0.113.25", plan);
      endpoints.set("2001:db8:25::25", plan);
      const owner = `_25._tcp.${host}`;
      if (p.dane === "match" && chain[0]) {
        dns.add(owner, { type: "TLSA", usage: 3, selector: 1, matchingType: 1, data: spkiHex(chain[0]) });
      } else if (p.dane === "match") {
        dns.add(owner, { type: "TLSA", usage: 3, selector: 1, matchingType: 1, data: nextKeySpki });
      } else if (p.dane === "mismatch") {
        // The key was rolled and only the next key's record is published.
        dns.add(owner, { type: "TLSA", usage: 3, selector: 1, matchingType: 1, data: nextKeySpki });
      } else if (p.dane === "unusable") {
        dns.add(owner, { type: "TLSA", usage: 1, selector: 1, matchingType: 1, data: chain[0] ? spkiHex(chain[0]) : nextKeySpki });
      }
    } else {
      dns.add(d, { type: "MX", preference: 0, exchange: "." });
    }
    // The web site's address (the implicit MX host already has its own).
    if (p.mx === "provider" || p.mx === "self") dns.add(d, { type: "A", address: "198.51.100.80" });

    // SPF, DMARC, MTA-STS and TLS-RPT records.
    dns.txt(d, `site-verification=${createHash("sha256").update(postureKey(p)).digest("hex").slice(0, 32)}`);
    const base = p.mx === "null" ? "" : p.mx === "provider" ? `include:_spf.${provider.zone}` : "mx";
    const spf = {
      missing: null,
      softfail: `v=spf1 ${base} ~all`,
      strict: `v=spf1 ${base} -all`,
      permissive: `v=spf1 ${base} ?all`,
      "too-many": `v=spf1 ${base} ${SPF_ESP.map((e) => `include:spf.${e}`).join(" ")} -all`,
    }[p.spf];
    if (spf) dns.txt(d, spf.replace(/\s+/g, " "));
    if (p.dmarc !== "missing") {
      const rua = { own: `mailto:dmarc-reports@${d}`, vendor: `mailto:agg@${DMARC_VENDOR}`, "vendor-unauth": `mailto:agg@${DMARC_VENDOR}`, none: null }[p.rua];
      const record =
        p.dmarc === "invalid"
          ? "v=DMARC1; p=rejected"
          : `v=DMARC1; p=${p.dmarc}${p.dmarc === "reject" && p.mx !== "null" ? "; sp=quarantine" : ""}${p.dmarcPct ? "; pct=50" : ""}${rua ? `; rua=${rua}` : ""}; adkim=r; aspf=r`;
      dns.txt(`_dmarc.${d}`, record);
      if (p.rua === "vendor") dns.txt(`${d}._report._dmarc.${DMARC_VENDOR}`, "v=DMARC1");
    }
    let policy: MtaStsPolicyFetch = { kind: "unavailable", reason: `mta-sts.${d}: no address (NXDOMAIN)` };
    if (p.mtaSts !== "none") {
      dns.txt(`_mta-sts.${d}`, p.mtaSts === "record-invalid" ? "v=STSv1; id=2025-03-01.1" : "v=STSv1; id=20250301T090000");
      dns.add(`mta-sts.${d}`, { type: "A", address: "198.51.100.81" });
      const mode = p.mtaSts === "testing" || p.mtaSts === "record-invalid" || p.mtaSts === "not-found" ? "testing" : p.mtaSts === "mode-none" ? "none" : "enforce";
      const maxAge = p.mtaSts === "testing" || p.mtaSts === "enforce-short" ? 86400 : 604800;
      const patterns = p.mtaSts === "mx-mismatch" ? [`mx.old-provider.example`] : p.mx === "provider" ? [`*.${provider.zone}`] : mxHosts;
      const body = `version: STSv1\nmode: ${mode}\n${patterns.map((m) => `mx: ${m}\n`).join("")}max_age: ${maxAge}\n`;
      policy =
        p.mtaSts === "not-found"
          ? { kind: "ok", status: 404, contentType: "text/html", body: "<h1>Not Found</h1>" }
          : { kind: "ok", status: 200, contentType: p.mtaSts === "content-type" ? "text/html; charset=utf-8" : "text/plain", body };
    }
    if (p.tlsRpt !== "none") dns.txt(`_smtp._tls.${d}`, p.tlsRpt === "ok" ? `v=TLSRPTv1; rua=mailto:tls-reports@${d}` : `v=TLSRPTv1; rua=tls-reports@${d}`);

    const deps: ScanDeps = {
      dns,
      now: () => now,
      anchors,
      probe: async (o) => {
        const e = endpoints.get(o.address) ?? { state: "unreachable" as const, detail: "connect: connection refused", chain: [] };
        const probe: SmtpProbeResult = {
          state: e.state,
          ...(e.detail ? { detail: e.detail } : {}),
          phase: e.state === "ok" ? "done" : e.state === "not-offered" ? "ehlo" : "connect",
          ...(e.state !== "unreachable" ? { greeting: `220 ${o.host} ESMTP ready` } : {}),
          ehloKeywords: e.state === "unreachable" ? [] : ["PIPELINING", "SIZE 52428800", "8BITMIME", ...(e.state === "not-offered" ? [] : ["STARTTLS"]), "ENHANCEDSTATUSCODES"],
          usedHelo: false,
          starttlsOffered: e.state !== "not-offered" && e.state !== "unreachable",
          injectedBytesDiscarded: 0,
          ...(e.tls ? { tls: e.tls } : {}),
          peerChain: e.chain,
        };
        return { endpoint: endpointFromProbe(o.address, probe), probe };
      },
      fetchPolicy: async () => policy,
    };
    const report = await scanDomain(d, deps, { allowPrivate: true, smtpPort: 25 });
    return toTemplate(postureKey(p), report);
  }

  return {
    get(posture) {
      const p = normalizePosture(posture);
      const key = postureKey(p);
      let tpl = cache.get(key);
      if (!tpl) cache.set(key, (tpl = build(p)));
      return tpl;
    },
    get size() {
      return cache.size;
    },
  };
}

/** Tokenizes a scanned report and checks that a filled-in copy meets the report contract. */
function toTemplate(key: string, report: ScanReport): Template {
  const summary = summarizeReport(report);
  // Only serialized: the tokens stand where the string and number go.
  const tokenized = { ...report, startedAt: STARTED_AT_TOKEN, durationMs: DURATION_TOKEN };
  const body = JSON.stringify(tokenized).split(PLACEHOLDER).join(DOMAIN_TOKEN);
  const sample = fillTemplate(body, "sample-name-for-validation.example", "2026-01-05T10:00:00.000Z", 2345);
  const valid = validateReport(JSON.parse(sample));
  if (!valid.ok) throw new Error(`seed template ${key} breaks the report contract:\n  ${valid.issues.join("\n  ")}`);
  return {
    key,
    body,
    grade: report.grade,
    score: report.score,
    scannerVersion: report.scannerVersion ?? null,
    rulesetVersion: report.rulesetVersion ?? null,
    summary,
    week: weekStateOf(report.grade, summary),
    findings: report.findings.map((f) => ({ findingId: f.id, severity: f.severity, host: f.host ? f.host.split(PLACEHOLDER).join(DOMAIN_TOKEN) : null })),
    bytes: Buffer.byteLength(sample),
  };
}

/** The report of one scan, as the seeder's SQL builds it server-side (kept here for validation and tests). */
export function fillTemplate(body: string, domain: string, startedAt: string, durationMs: number): string {
  return body.split(DOMAIN_TOKEN).join(domain).split(STARTED_AT_TOKEN).join(startedAt).split(`"${DURATION_TOKEN}"`).join(String(durationMs));
}
