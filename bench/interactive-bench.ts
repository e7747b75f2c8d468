/**
 * `npm run bench:interactive`: how close one scan, alone on the machine, comes to the floor its
 * network round trips allow. Every DNS answer waits d ms, every SMTP server→client flight r ms
 * (greeting, each reply and the TLS server flight, through a delaying proxy) and every MTA-STS
 * policy response w ms. A scan's floor is its critical path: three chains that may overlap, each
 * the sum of its serial steps, floor = max of the chains:
 *
 * - DNS: the longest chain of lookups that depend on each other — the SPF record and its includes
 *   (RFC 7208 §5.2: an include needs the record that names it; sibling includes need only that
 *   record, so they form one level), MX then TLSA (RFC 7672 §2.2);
 * - SMTP: MX lookup + address lookup + connect + greeting + EHLO + STARTTLS + the TLS 1.3
 *   handshake's server flight (one round trip, RFC 8446 §2) = 2d + 4r; MX hosts are probed side
 *   by side, so two hosts cost what one does;
 * - MTA-STS fetch: address of mta-sts.<domain> + the HTTPS response = d + w (the _mta-sts TXT
 *   record need not be waited for: it can be asked in parallel).
 *
 * measured − floor is what the scanner adds: its CPU, and anything it does serially that could
 * overlap. Servers run in this process (one scan at a time, so they hardly compete); loopback
 * connects and TLS computation count as zero in the floor.
 *
 *   npm run bench:interactive -- [--dns-delay 20] [--smtp-delay 50] [--https-delay 50] [--runs 20] [--warmup 3] [--trace] [--json]
 */
import { createHash, X509Certificate } from "node:crypto";
import { connect, createServer, type Server, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createScanDeps } from "@/lib/scan/default-deps";
import { scanDomain } from "@/lib/scan/scan-domain";
import type { ScanProgress } from "@/lib/scan/types";
import { createTrustAnchors } from "@/lib/scan/x509";
import type { Zone, ZoneRecord } from "../tests/helpers/dns-server";
import { startSmtpServer } from "../tests/helpers/smtp-server";
import { createTestCa } from "../tests/helpers/test-ca";
import { startBenchDnsServer } from "./lib/dns-server";
import { startPolicyServer } from "./lib/policy-server";
import { ms, percentile } from "./lib/stats";

type Options = { d: number; r: number; w: number; runs: number; warmup: number; json: boolean; trace: boolean };

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      "dns-delay": { type: "string", default: "20" },
      "smtp-delay": { type: "string", default: "50" },
      "https-delay": { type: "string", default: "50" },
      runs: { type: "string", default: "20" },
      warmup: { type: "string", default: "3" },
      json: { type: "boolean", default: false },
      trace: { type: "boolean", default: false },
    },
  });
  const whole = (name: string, text: string, min: number, max: number): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
  return {
    d: whole("dns-delay", values["dns-delay"], 0, 2_000),
    r: whole("smtp-delay", values["smtp-delay"], 0, 2_000),
    w: whole("https-delay", values["https-delay"], 0, 2_000),
    runs: whole("runs", values.runs, 1, 10_000),
    warmup: whole("warmup", values.warmup, 0, 1_000),
    json: values.json,
    trace: values.trace,
  };
}

/** One benchmark domain and the shape of its critical path. */
type Scenario = { name: string; domain: string; mxHosts: number; spfIncludes: number; spfSiblings: number };

const SCENARIOS: Scenario[] = [
  { name: "1 MX, SPF without includes", domain: "one-mx.bench", mxHosts: 1, spfIncludes: 0, spfSiblings: 0 },
  { name: "2 MX hosts", domain: "two-mx.bench", mxHosts: 2, spfIncludes: 0, spfSiblings: 0 },
  { name: "SPF include chain of depth 3", domain: "spf-chain.bench", mxHosts: 1, spfIncludes: 3, spfSiblings: 0 },
  { name: "SPF with 4 sibling includes", domain: "spf-wide.bench", mxHosts: 1, spfIncludes: 0, spfSiblings: 4 },
];

const POLICY_ADDRESS = "127.0.0.1";
const mxAddress = (scenario: number, host: number): string => `127.0.${10 + scenario}.${1 + host}`;

function floorOf(s: Scenario, o: Options): { floor: number; chains: { dns: number; smtp: number; mtaSts: number } } {
  // Sibling includes need only the record naming them: one level, however many there are.
  const dns = Math.max((1 + s.spfIncludes) * o.d, (s.spfSiblings > 0 ? 2 : 1) * o.d, 2 * o.d);
  const smtp = 2 * o.d + 4 * o.r;
  const mtaSts = o.d + o.w;
  return { floor: Math.max(dns, smtp, mtaSts), chains: { dns, smtp, mtaSts } };
}

function zoneOf(s: Scenario, index: number, tlsaDigest: string): Zone {
  const records: ZoneRecord[] = [];
  for (let h = 0; h < s.mxHosts; h++) {
    records.push(
      { name: "@", type: "MX", data: `${10 * (h + 1)} mx${h + 1}.${s.domain}.` },
      { name: `mx${h + 1}`, type: "A", data: mxAddress(index, h) },
      { name: `_25._tcp.mx${h + 1}`, type: "TLSA", data: { usage: 3, selector: 1, matchingType: 1, data: tlsaDigest } },
    );
  }
  // RFC 7208 §5.2: each include is one more lookup, asked only once the record naming it is in.
  const spfName = (level: number): string => (level === 0 ? "@" : `_spf${level}`);
  for (let level = 0; level <= s.spfIncludes; level++) {
    const text = level < s.spfIncludes ? `v=spf1 include:_spf${level + 1}.${s.domain} -all` : "v=spf1 ip4:192.0.2.0/24 -all";
    const siblings = level === 0 ? Array.from({ length: s.spfSiblings }, (_, i) => `include:_wide${i}.${s.domain}`) : [];
    records.push({ name: spfName(level), type: "TXT", data: siblings.length > 0 ? `v=spf1 ${siblings.join(" ")} -all` : text });
  }
  for (let i = 0; i < s.spfSiblings; i++) records.push({ name: `_wide${i}`, type: "TXT", data: `v=spf1 ip4:198.51.100.${i}/32 -all` });
  records.push(
    { name: "_dmarc", type: "TXT", data: `v=DMARC1; p=reject; rua=mailto:dmarc@${s.domain}` },
    { name: "_mta-sts", type: "TXT", data: "v=STSv1; id=20260101T000000" },
    { name: "mta-sts", type: "A", data: POLICY_ADDRESS },
    { name: "_smtp._tls", type: "TXT", data: `v=TLSRPTv1; rua=mailto:tlsrpt@${s.domain}` },
  );
  return { origin: s.domain, dnssec: "signed", latencyMs: 0, records };
}

/**
 * A TCP proxy that holds every server→client chunk for `delayMs` (client→server passes at once):
 * each SMTP reply and the TLS server flight arrive one "round trip" after they were sent. One
 * constant delay keeps the chunks in order (timers of one duration fire first-in, first-out).
 */
async function startDelayingProxy(target: { host: string; port: number }, hosts: string[], delayMs: number): Promise<{ port: number; close(): Promise<void> }> {
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const onClient = (client: Socket): void => {
    const upstream = connect(target);
    sockets.add(client).add(upstream);
    const later = (fn: () => void): void => void setTimeout(fn, delayMs);
    client.on("data", (chunk: Buffer) => upstream.write(chunk));
    upstream.on("data", (chunk: Buffer) => later(() => !client.destroyed && client.write(chunk)));
    upstream.on("end", () => later(() => client.end()));
    client.on("end", () => upstream.end());
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", drop);
    upstream.on("close", () => later(drop));
    client.on("error", drop);
    upstream.on("error", drop);
  };
  let port = 0;
  for (const host of hosts) {
    const server = createServer(onClient);
    await new Promise<void>((done, fail) => {
      server.once("error", fail);
      server.listen(port, host, () => done());
    });
    const address = server.address();
    if (!address || typeof address === "string") throw new Error("proxy has no port");
    port = address.port;
    servers.push(server);
  }
  return {
    port,
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((done) => s.close(() => done()))));
    },
  };
}

type Row = { scenario: string; runs: number; floorMs: number; chains: { dns: number; smtp: number; mtaSts: number }; measured: { p50: number; p95: number }; excess: { p50: number; p95: number } };

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const ca = await createTestCa();
  const mxNames = SCENARIOS.flatMap((s) => Array.from({ length: s.mxHosts }, (_, h) => `mx${h + 1}.${s.domain}`));
  const mxCert = await ca.issue({ names: mxNames });
  const policyCert = await ca.issue({ names: SCENARIOS.map((s) => `mta-sts.${s.domain}`) });
  const spki = new X509Certificate(mxCert.certPem).publicKey.export({ type: "spki", format: "der" });
  const tlsaDigest = createHash("sha256").update(spki).digest("hex");

  const dns = await startBenchDnsServer(SCENARIOS.map((s, i) => zoneOf(s, i, tlsaDigest)), [o.d, o.d]);
  const smtp = await startSmtpServer("starttls", { tls: { key: mxCert.keyPem, cert: mxCert.chainPem }, hostname: "mx.bench" });
  const proxy = await startDelayingProxy(
    { host: smtp.address, port: smtp.port },
    SCENARIOS.flatMap((s, i) => Array.from({ length: s.mxHosts }, (_, h) => mxAddress(i, h))),
    o.r,
  );
  const policy = await startPolicyServer({
    certificates: [{ keyPem: policyCert.keyPem, chainPem: policyCert.chainPem, names: SCENARIOS.map((s) => `mta-sts.${s.domain}`) }],
    answers: new Map(
      SCENARIOS.map((s) => [
        `mta-sts.${s.domain}`,
        { status: 200 as const, body: ["version: STSv1", "mode: enforce", `mx: *.${s.domain}`, "max_age: 604800", ""].join("\r\n") },
      ]),
    ),
    latencyMs: [o.w, o.w],
  });
  const anchors = createTrustAnchors([ca.rootPem]);
  const scanOnce = async (domain: string, trace?: string[]): Promise<number> => {
    const deps = createScanDeps({ resolvers: [{ host: dns.host, port: dns.port }], anchors, allowPrivate: true, httpsPort: policy.port });
    const started = performance.now();
    const onProgress = trace ? (p: ScanProgress) => trace.push(`${p.stage} ${p.state} ${(performance.now() - started).toFixed(0)}`) : undefined;
    const report = await scanDomain(domain, deps, { allowPrivate: true, smtpPort: proxy.port, onProgress });
    const elapsed = performance.now() - started;
    // A scan that failed would be fast and meaningless: insist on what the servers offer.
    const okEndpoints = report.mx.flatMap((h) => h.endpoints).filter((e) => e.starttls === "ok").length;
    const wanted = SCENARIOS.find((s) => s.domain === domain)?.mxHosts ?? 0;
    if (okEndpoints !== wanted) throw new Error(`${domain}: ${okEndpoints} of ${wanted} STARTTLS endpoints ok`);
    if (report.checks.mtaSts.status !== "pass") throw new Error(`${domain}: mtaSts ${report.checks.mtaSts.status}`);
    return elapsed;
  };

  const rows: Row[] = [];
  try {
    for (const s of SCENARIOS) {
      for (let i = 0; i < o.warmup; i++) await scanOnce(s.domain);
      if (o.trace) {
        // --trace: when each stage of one scan starts and ends, in ms from the scan's start.
        const trace: string[] = [];
        await scanOnce(s.domain, trace);
        console.error(`${s.name}: ${trace.join(", ")}`);
      }
      const times: number[] = [];
      for (let i = 0; i < o.runs; i++) times.push(await scanOnce(s.domain));
      times.sort((a, b) => a - b);
      const { floor, chains } = floorOf(s, o);
      const [p50, p95] = [percentile(times, 50), percentile(times, 95)];
      rows.push({ scenario: s.name, runs: o.runs, floorMs: floor, chains, measured: { p50, p95 }, excess: { p50: p50 - floor, p95: p95 - floor } });
    }
  } finally {
    await Promise.all([dns.close(), smtp.close(), proxy.close(), policy.close()]);
  }

  if (o.json) {
    console.log(JSON.stringify({ delays: { d: o.d, r: o.r, w: o.w }, rows }, null, 2));
    return;
  }
  console.log(`mailposture interactive floor — d = ${o.d} ms (DNS), r = ${o.r} ms (SMTP), w = ${o.w} ms (HTTPS), ${o.runs} scans per scenario`);
  for (const row of rows) {
    console.log(`\n${row.scenario}`);
    console.log(`  floor        ${ms(row.floorMs)} (chains: DNS ${ms(row.chains.dns)}, SMTP ${ms(row.chains.smtp)}, MTA-STS ${ms(row.chains.mtaSts)})`);
    console.log(`  measured     p50 ${ms(row.measured.p50)}, p95 ${ms(row.measured.p95)}`);
    console.log(`  over floor   p50 ${ms(row.excess.p50)}, p95 ${ms(row.excess.p95)}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
