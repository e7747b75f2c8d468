/**
 * The benchmark's loopback Internet, run as a child process of bench/scan-bench.ts so that the
 * CPU and memory the parent measures are the scanner's own: the test DNS server with one zone per
 * synthetic domain, STARTTLS SMTP servers (tests/helpers/smtp-server.ts, certificates from the
 * test CA) on their own loopback addresses sharing one port, and the MTA-STS policy host.
 *
 * Latency: every DNS answer, SMTP greeting (see `randomGreeting`) and policy response waits its
 * own random delay in the range. With `--dns-server helper` the test helper answers DNS instead
 * (per-zone delay, default socket buffers), for comparison.
 */
import { createHash, X509Certificate } from "node:crypto";
import { startDnsServer, type Zone, type ZoneRecord } from "../../tests/helpers/dns-server";
import { startSmtpServer, type SmtpServerOptions, type TestSmtpServer } from "../../tests/helpers/smtp-server";
import { createTestCa, type IssuedCertificate, type TestCa } from "../../tests/helpers/test-ca";
import { startBenchDnsServer } from "./dns-server";
import { mxHostsOf, type BenchPlan, type DomainPlan } from "./plan";
import { startPolicyServer, type PolicyAnswer, type PolicyServer } from "./policy-server";
import type { DnsServerKind, FromServers, ServerCounters, ToServers } from "./protocol";

/**
 * One certificate per policy host, as most domains get theirs (ACME, one name): every policy
 * fetch then presents a leaf the scanner has not seen before, so the benchmark also pays for
 * parsing and checking new certificates, not only for cached ones.
 */
const POLICY_NAMES_PER_CERT = 1;
const POLICY_ADDRESS = "127.0.0.1";

/** What the scanner's resolver needs; either DNS server provides it. */
type Dns = { port: number; queries(): number; close(): Promise<void> };
type Running = { dns: Dns; smtp: TestSmtpServer[]; policy: PolicyServer; rootPem: string };

function send(message: FromServers): void {
  process.send?.(message);
}

function between([min, max]: readonly [number, number]): number {
  return Math.round(min + Math.random() * (max - min));
}

/**
 * SMTP server options whose greeting delay is drawn afresh for every connection: the helper reads
 * `greetingDelayMs` from the options object each time it greets, so a getter gives per-connection
 * jitter without changing the helper.
 */
function randomGreeting(tlsCert: IssuedCertificate, hostname: string, listen: { host: string; port: number }, latency: [number, number]): SmtpServerOptions {
  return {
    tls: { key: tlsCert.keyPem, cert: tlsCert.chainPem },
    hostname,
    listen,
    get greetingDelayMs() {
      return between(latency);
    },
  };
}

function spkiSha256Hex(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(spki).digest("hex");
}

function policyBody(plan: BenchPlan, d: DomainPlan, mode: "enforce" | "testing"): string {
  const patterns = d.mx.kind === "provider" ? [`*.${plan.providers[d.mx.provider]!.zone}`] : mxHostsOf(plan, d);
  return ["version: STSv1", `mode: ${mode}`, ...patterns.map((p) => `mx: ${p}`), "max_age: 604800", ""].join("\r\n");
}

function domainZone(plan: BenchPlan, d: DomainPlan, latencyMs: number): Zone {
  const records: ZoneRecord[] = [];
  switch (d.mx.kind) {
    case "provider": {
      const p = plan.providers[d.mx.provider]!;
      records.push({ name: "@", type: "MX", data: `10 ${p.hosts[0]}.` });
      if (d.mx.both) records.push({ name: "@", type: "MX", data: `20 ${p.hosts[1]}.` });
      break;
    }
    case "self-hosted":
      records.push({ name: "@", type: "MX", data: `10 mail.${d.domain}.` }, { name: "mail", type: "A", data: plan.hosting[d.mx.hosting]!.address });
      break;
    case "implicit":
      records.push({ name: "@", type: "A", data: plan.hosting[d.mx.hosting]!.address });
      break;
    case "null":
      records.push({ name: "@", type: "MX", data: "0 ." });
      break;
  }
  const spf = {
    provider: d.mx.kind === "provider" ? `v=spf1 include:_spf.${plan.providers[d.mx.provider]!.zone} -all` : "v=spf1 mx -all",
    mx: "v=spf1 mx -all",
    softfail: "v=spf1 mx a ~all",
    none: null,
  }[d.spf];
  if (spf) records.push({ name: "@", type: "TXT", data: spf });
  if (d.dmarc) {
    const rua = d.dmarc.rua === "own" ? `dmarc@${d.domain}` : `${d.domain.replace(/\./g, "-")}@${plan.dmarcVendor}`;
    records.push({ name: "_dmarc", type: "TXT", data: `v=DMARC1; p=${d.dmarc.policy}; rua=mailto:${rua}` });
  }
  if (d.mtaSts.kind !== "none") {
    records.push({ name: "_mta-sts", type: "TXT", data: "v=STSv1; id=20260101T000000" }, { name: "mta-sts", type: "A", data: POLICY_ADDRESS });
  }
  if (d.tlsRpt) records.push({ name: "_smtp._tls", type: "TXT", data: `v=TLSRPTv1; rua=mailto:tlsrpt@${d.domain}` });
  return { origin: d.domain, dnssec: d.dnssec, latencyMs, records };
}

/** All SMTP servers listen on one port (the scanner has one smtpPort), each on its own loopback address. */
async function startSmtpServers(
  plan: BenchPlan,
  providerCerts: readonly IssuedCertificate[],
  ca: TestCa,
  latency: [number, number],
): Promise<TestSmtpServer[]> {
  const specs: { address: string; hostname: string; cert: IssuedCertificate }[] = [];
  for (const [i, p] of plan.providers.entries()) {
    const cert = providerCerts[i]!;
    specs.push({ address: p.addresses[0], hostname: p.hosts[0], cert }, { address: p.addresses[1], hostname: p.hosts[1], cert });
  }
  for (const h of plan.hosting) specs.push({ address: h.address, hostname: h.name, cert: await ca.issue({ names: [h.name] }) });

  for (let attempt = 0; attempt < 10; attempt++) {
    const started: TestSmtpServer[] = [];
    try {
      let port = 0;
      for (const s of specs) {
        const server = await startSmtpServer("starttls", randomGreeting(s.cert, s.hostname, { host: s.address, port }, latency));
        started.push(server);
        port = server.port;
      }
      return started;
    } catch {
      // The port chosen for the first address was taken on another one: start over.
      await Promise.all(started.map((s) => s.close()));
    }
  }
  throw new Error("no port free on every SMTP loopback address");
}

async function startDns(zones: Zone[], kind: DnsServerKind, latency: [number, number]): Promise<Dns> {
  if (kind === "bench") {
    const dns = await startBenchDnsServer(zones, latency);
    return { port: dns.port, queries: () => dns.queries, close: () => dns.close() };
  }
  // The test helper, for comparison: per-zone latency, every zone scanned per query, default UDP buffer.
  const dns = await startDnsServer({ zones });
  return { port: dns.port, queries: () => dns.queries.length, close: () => dns.close() };
}

async function start(plan: BenchPlan, latency: [number, number], dnsKind: DnsServerKind): Promise<Running> {
  const ca = await createTestCa({ name: "mailposture bench" });
  // One certificate per provider, naming both of its MX hosts.
  const providerCerts: IssuedCertificate[] = [];
  for (const p of plan.providers) providerCerts.push(await ca.issue({ names: [...p.hosts] }));
  const smtp = await startSmtpServers(plan, providerCerts, ca, latency);

  // Policy hosts, grouped onto multi-SAN certificates.
  const answers = new Map<string, PolicyAnswer>();
  for (const d of plan.domains) {
    if (d.mtaSts.kind === "served") answers.set(`mta-sts.${d.domain}`, { status: 200, body: policyBody(plan, d, d.mtaSts.mode) });
    else if (d.mtaSts.kind === "not-found") answers.set(`mta-sts.${d.domain}`, { status: 404 });
  }
  const names = [...answers.keys()];
  const certificates = [];
  for (let i = 0; i < Math.max(1, names.length); i += POLICY_NAMES_PER_CERT) {
    const group = names.slice(i, i + POLICY_NAMES_PER_CERT);
    if (group.length === 0) group.push("mta-sts.unused.test");
    const cert = await ca.issue({ names: group });
    certificates.push({ keyPem: cert.keyPem, chainPem: cert.chainPem, names: group });
  }
  const policy = await startPolicyServer({ certificates, answers, latencyMs: latency });

  const zones: Zone[] = [];
  for (const [i, p] of plan.providers.entries()) {
    const records: ZoneRecord[] = [
      { name: "mx1", type: "A", data: p.addresses[0] },
      { name: "mx2", type: "A", data: p.addresses[1] },
      { name: "_spf", type: "TXT", data: `v=spf1 ip4:198.51.100.0/24 ip4:203.0.113.${i}/32 ip6:2001:db8:${i}::/48 -all` },
    ];
    if (p.dane) {
      // TLSA 3 1 1: the SPKI digest of the certificate both MX hosts present.
      const digest = spkiSha256Hex(providerCerts[i]!.certPem);
      for (const host of ["mx1", "mx2"]) records.push({ name: `_25._tcp.${host}`, type: "TLSA", data: { usage: 3, selector: 1, matchingType: 1, data: digest } });
    }
    zones.push({ origin: p.zone, dnssec: p.dane ? "signed" : "unsigned", latencyMs: between(latency), records });
  }
  zones.push({ origin: "hosting.test", dnssec: "unsigned", latencyMs: between(latency), records: plan.hosting.map((h) => ({ name: h.name, type: "A" as const, data: h.address })) });
  zones.push({
    origin: plan.dmarcVendor,
    dnssec: "unsigned",
    latencyMs: between(latency),
    records: plan.domains.flatMap((d) => (d.dmarc?.rua === "vendor-authorized" ? [{ name: `${d.domain}._report._dmarc`, type: "TXT" as const, data: "v=DMARC1" }] : [])),
  });
  for (const d of plan.domains) zones.push(domainZone(plan, d, between(latency)));
  const dns = await startDns(zones, dnsKind, latency);
  return { dns, smtp, policy, rootPem: ca.rootPem };
}

function counters(running: Running): ServerCounters {
  return {
    dnsQueries: running.dns.queries(),
    smtpConnections: running.smtp.reduce((n, s) => n + s.connections, 0),
    smtpSpokeEarly: running.smtp.reduce((n, s) => n + s.spokeBeforeGreeting, 0),
    httpsConnections: running.policy.connections,
    httpsRequests: running.policy.requests,
    httpsHandshakeErrors: running.policy.handshakeErrors,
  };
}

let running: Running | null = null;

process.on("message", (message: ToServers) => {
  void (async () => {
    try {
      if (message.type === "start") {
        const began = performance.now();
        running = await start(message.plan, message.latencyMs, message.dnsServer);
        send({
          type: "ready",
          dns: { host: "127.0.0.1", port: running.dns.port },
          smtpPort: running.smtp[0]!.port,
          httpsPort: running.policy.port,
          rootPem: running.rootPem,
          setupMs: performance.now() - began,
        });
      } else if (message.type === "sample") {
        if (!running) throw new Error("sample before start");
        send({ type: "sample", cpu: process.cpuUsage(), maxRssKb: process.resourceUsage().maxRSS, counters: counters(running) });
      } else if (message.type === "stop") {
        if (running) await Promise.all([running.dns.close(), running.policy.close(), ...running.smtp.map((s) => s.close())]);
        process.exit(0);
      }
    } catch (error) {
      send({ type: "failed", error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exit(1);
    }
  })();
});
// The benchmark went away (finished or crashed): nothing left to serve.
process.on("disconnect", () => process.exit(0));
