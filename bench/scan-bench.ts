/**
 * `npm run bench`: scans a few thousand synthetic domains against loopback servers and prints
 * throughput (domains/s), the scanner's CPU per domain, scan-time percentiles, peak RSS and the
 * outcome histograms that show the run measured real scans (a run in which scans time out or
 * fail would be fast and meaningless, so it exits 1 instead).
 *
 * The scanner runs in this process the way the CLI's bulk mode runs it: the bulk runner
 * (lib/services/bulk) over `--threads` worker threads (default: available parallelism; 1 = in the
 * main thread), each running `scanDomain` with fresh `createScanDeps` per domain, at most
 * ceil(`--concurrency` / threads) scans at once, trust anchors loaded once per thread (Node's
 * roots plus the test CA, as NODE_EXTRA_CA_CERTS gives production). The DNS, SMTP and HTTPS
 * servers run in a child process (bench/lib/servers.ts), so the CPU and RSS figures below are the
 * scanner's alone (all its threads: process.cpuUsage() and RSS are per process); the servers'
 * CPU is reported beside them.
 *
 *   npm run bench -- [--domains 3000] [--concurrency 300] [--threads N] [--latency 20-50] [--warmup 200]
 *                    [--seed 1] [--dns-server bench|helper] [--json] [--no-share]
 *                    [--per-address 8] [--per-address-rate R]
 *
 * `--per-address N` / `--per-address-rate R` are the bulk CLI's politeness caps (concurrent sessions
 * and new sessions per minute per MX address; docs/politeness.md); `--per-address 0` lifts the
 * concurrency cap while keeping shared probes, to measure what the caps cost.
 *
 * Profile: node --cpu-prof --cpu-prof-dir=/tmp/prof bench/scan-bench.mjs (the child
 * is started without the profiler flags).
 */
import { fork, type ChildProcess } from "node:child_process";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { entryCode, type EntryCode } from "@/lib/runtime/bundle.mjs";
import { DEFAULT_PROBE_TTL_MS } from "@/lib/scan/probe-cache";
import { createBulkScanner, defaultThreads } from "@/lib/services/bulk";
import type { ScanReport } from "@/lib/scan/types";
import { expectedEndpoints, makePlan, type BenchPlan, type DomainPlan } from "./lib/plan";
import type { DnsServerKind, FromServers, ServerCounters, ToServers } from "./lib/protocol";
import { Histogram, mb, ms, percentile } from "./lib/stats";

/** The performance targets (docs/benchmarks.md, "The performance targets, where they stand"). */
const TARGET_DOMAINS_PER_SECOND = 600;
const TARGET_CPU_MS_PER_DOMAIN = 2.5;
const TARGET_PEAK_RSS_MB = 400;
/** More endpoints (or domains) than this share ending unexpectedly makes the run invalid. */
const MAX_UNEXPECTED_SHARE = 0.01;
const EHLO_NAME = "scanner.mailposture.invalid";
/** Shared per-MX results: at most this many SMTP sessions per distinct (MX host, address) pair. */
const MAX_SESSIONS_PER_PAIR = 1.05;
/** Soak runs report the peak RSS after this many domains beside the final one (target: ≤ 10 % growth after it). */
const SOAK_MARK = 10_000;

type Options = {
  domains: number;
  concurrency: number;
  threads: number;
  latency: [number, number];
  warmup: number;
  seed: number;
  dnsServer: DnsServerKind;
  json: boolean;
  share: boolean;
  /** Concurrent sessions per address (0: no cap); new sessions per address per minute (undefined: no cap). */
  perAddress: number;
  perAddressRate?: number;
};

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      domains: { type: "string", default: "3000" },
      concurrency: { type: "string", default: "300" },
      threads: { type: "string", default: String(defaultThreads()) },
      latency: { type: "string", default: "20-50" },
      warmup: { type: "string", default: "200" },
      seed: { type: "string", default: "1" },
      "dns-server": { type: "string", default: "bench" },
      json: { type: "boolean", default: false },
      // Off: every endpoint is probed (no shared results, no per-address caps), as before shared
      // probes existed — the figure to compare the scanner itself with an older commit.
      "no-share": { type: "boolean", default: false },
      "per-address": { type: "string", default: "8" },
      "per-address-rate": { type: "string" },
    },
  });
  const whole = (name: string, text: string, min: number, max: number): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
  const range = /^(\d+)(?:-(\d+))?$/.exec(values.latency);
  if (!range) throw new Error("--latency must be MIN-MAX or N (milliseconds)");
  const low = Number(range[1]);
  const high = Number(range[2] ?? range[1]);
  if (high < low) throw new Error("--latency: MAX must not be below MIN");
  const dnsServer = values["dns-server"];
  if (dnsServer !== "bench" && dnsServer !== "helper") throw new Error("--dns-server must be bench or helper");
  return {
    dnsServer,
    domains: whole("domains", values.domains, 1, 1_000_000),
    concurrency: whole("concurrency", values.concurrency, 1, 1000),
    threads: whole("threads", values.threads, 1, 64),
    latency: [low, high],
    warmup: whole("warmup", values.warmup, 0, 100_000),
    seed: whole("seed", values.seed, 0, 2 ** 31),
    json: values.json,
    share: !values["no-share"],
    perAddress: whole("per-address", values["per-address"], 0, 10_000),
    ...(values["per-address-rate"] !== undefined ? { perAddressRate: whole("per-address-rate", values["per-address-rate"], 1, 1_000_000) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// The server child

type Servers = {
  ready: Extract<FromServers, { type: "ready" }>;
  sample(): Promise<Extract<FromServers, { type: "sample" }>>;
  stop(): Promise<void>;
};

async function startServers(plan: BenchPlan, latency: [number, number], dnsServer: DnsServerKind): Promise<Servers> {
  const root = fileURLToPath(new URL("..", import.meta.url));
  // The profiler flags of this process are not passed on: the profile should be the scanner's.
  const child: ChildProcess = fork(fileURLToPath(new URL("./lib/servers.ts", import.meta.url)), [], {
    cwd: root,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let stopping = false;
  const waiters: ((m: FromServers) => void)[] = [];
  child.on("message", (m: FromServers) => {
    if (m.type === "failed") {
      process.stderr.write(`bench: the server process failed:\n${m.error}\n`);
      process.exit(1);
    }
    waiters.shift()?.(m);
  });
  child.on("exit", (code, signal) => {
    if (stopping) return;
    process.stderr.write(`bench: the server process exited unexpectedly (code ${code}, signal ${signal}); the figures would be meaningless\n`);
    process.exit(1);
  });
  const ask = <T extends FromServers["type"]>(message: ToServers, type: T): Promise<Extract<FromServers, { type: T }>> =>
    new Promise((resolve, reject) => {
      waiters.push((m) => (m.type === type ? resolve(m as Extract<FromServers, { type: T }>) : reject(new Error(`expected "${type}" from the server process, got "${m.type}"`))));
      child.send(message);
    });
  const ready = await ask({ type: "start", plan, latencyMs: latency, dnsServer }, "ready");
  return {
    ready,
    sample: () => ask({ type: "sample" }, "sample"),
    stop: async () => {
      stopping = true;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.send({ type: "stop" } satisfies ToServers);
      await exited;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Outcome bookkeeping: what every scan found, against what the plan says it should find

class Outcomes {
  readonly starttls = new Histogram();
  readonly notOkReasons = new Histogram();
  readonly certificates = new Histogram();
  readonly dane = new Histogram();
  readonly grades = new Histogram();
  readonly checkStatus = new Map<string, Histogram>();
  readonly mtaStsFetch = new Histogram();
  /** Per domain: what ended other than the plan says (one domain may add several categories). */
  readonly unexpected = new Histogram();
  readonly unexpectedExamples: string[] = [];
  unexpectedDomains = 0;
  endpointsSeen = 0;
  endpointsMissing = 0;
  endpointsExpected = 0;
  internalErrors = 0;

  private flag(category: string, example: string, problems: string[]): void {
    this.unexpected.add(category);
    problems.push(category);
    if (this.unexpectedExamples.length < 10) this.unexpectedExamples.push(example);
  }

  record(d: DomainPlan, report: ScanReport): void {
    const problems: string[] = [];
    this.grades.add(report.grade);
    for (const [name, check] of Object.entries(report.checks)) {
      let h = this.checkStatus.get(name);
      if (!h) this.checkStatus.set(name, (h = new Histogram()));
      h.add(check.status);
      // "error" means a lookup or probe failed: nothing in the synthetic mix should produce it.
      if (check.status === "error") this.flag(`${name} check: error`, `${d.domain}: ${name} status error`, problems);
    }

    let endpoints = 0;
    for (const host of report.mx) {
      for (const e of host.endpoints) {
        endpoints += 1;
        this.starttls.add(e.starttls);
        if (e.starttls !== "ok") {
          this.notOkReasons.add(`${e.starttls}: ${(e.detail ?? "").replace(/\d+/g, "N").slice(0, 90)}`);
          continue;
        }
        if (e.certificate) this.certificates.add(`${e.certificate.trusted ? "trusted" : "untrusted"}, ${e.certificate.nameMatches ? "name matches" : "name mismatch"}`);
        else this.certificates.add("no certificate summary");
        if (e.dane) this.dane.add(e.dane.matches ? "TLSA matches" : "TLSA does not match");
      }
    }
    this.endpointsSeen += endpoints;
    const expected = expectedEndpoints(d);
    if (endpoints < expected) {
      this.endpointsMissing += expected - endpoints;
      this.flag("MX endpoints missing", `${d.domain}: ${endpoints} of ${expected} endpoints (starttls ${report.checks.starttls.status})`, problems);
    }

    const fetch = report.checks.mtaSts.fetch as { kind: string; status?: number; detail?: string } | undefined;
    this.mtaStsFetch.add(fetch ? `${fetch.kind}${fetch.status !== undefined ? ` ${fetch.status}` : ""}` : "not attempted");
    const fetchOk =
      d.mtaSts.kind === "served"
        ? fetch?.kind === "ok" && fetch.status === 200 && report.checks.mtaSts.policy?.mode === d.mtaSts.mode
        : d.mtaSts.kind === "not-found"
          ? fetch?.kind === "unavailable" && /HTTP 404/.test(fetch.detail ?? "")
          : fetch?.kind === "unavailable" && /has no address/.test(fetch.detail ?? "");
    if (!fetchOk) this.flag(`MTA-STS policy fetch (${d.mtaSts.kind})`, `${d.domain}: MTA-STS ${d.mtaSts.kind}, fetch ${JSON.stringify(fetch)}`, problems);
    if (problems.length > 0) this.unexpectedDomains += 1;
  }

  /** Endpoints the plan expects that did not end "ok" (including those never probed). */
  endpointsNotOk(): number {
    return this.endpointsSeen - this.starttls.get("ok") + this.endpointsMissing;
  }
}

// ---------------------------------------------------------------------------------------------

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  // Warm-up domains are extra domains of the same mix: the measured scans meet no certificate,
  // policy or name that the warm-up already brought into a cache.
  const plan = makePlan(options.domains + options.warmup, options.seed);
  const measured = plan.domains.slice(0, options.domains);
  const warm = plan.domains.slice(options.domains);
  log(`bench: starting loopback servers for ${options.domains} domains (latency ${options.latency[0]}–${options.latency[1]} ms) ...`);
  const servers = await startServers(plan, options.latency, options.dnsServer);
  const { ready } = servers;
  log(`bench: servers ready in ${(ready.setupMs / 1000).toFixed(1)} s (DNS ${ready.dns.host}:${ready.dns.port}, SMTP port ${ready.smtpPort}, HTTPS port ${ready.httpsPort})`);

  // The CLI's bulk runner; each thread loads its trust anchors once (Node's roots plus the lab CA).
  const bulk = await createBulkScanner({
    concurrency: options.concurrency,
    threads: options.threads,
    settings: {
      resolvers: [ready.dns],
      allowPrivate: true,
      smtpPort: ready.smtpPort,
      httpsPort: ready.httpsPort,
      ehloName: EHLO_NAME,
      extraCaPem: [ready.rootPem],
      // The CLI's defaults (docs/politeness.md): one probe per (MX host, address) serves the run.
      ...(options.share
        ? {
            politeness: {
              ttlMs: DEFAULT_PROBE_TTL_MS,
              // 0 lifts the cap: no address ever has more sessions than there are scans at once.
              perAddress: { concurrent: options.perAddress === 0 ? options.concurrency : options.perAddress, windowMs: 60_000, ...(options.perAddressRate ? { perWindow: options.perAddressRate } : {}) },
            },
          }
        : {}),
    },
  });
  for (const w of bulk.warnings) log(`bench: trust store: ${w}`);

  if (warm.length > 0) {
    log(`bench: warm-up: ${warm.length} scans (not measured) ...`);
    await bulk.run({ domains: warm.map((d) => d.domain), onReport: () => {}, onError: () => {} });
  }

  const outcomes = new Outcomes();
  for (const d of measured) outcomes.endpointsExpected += expectedEndpoints(d);
  const durations: number[] = [];
  let peakRss = process.memoryUsage.rss();
  const rssTimer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 100);
  // Soak (a run over SOAK_MARK domains): the peak after the first SOAK_MARK, to compare with the end's.
  let peakAtMark: number | null = null;
  const markSoak = () => {
    if (durations.length === SOAK_MARK) peakAtMark = Math.max(peakRss, process.memoryUsage.rss());
  };
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });

  const planOf = new Map(measured.map((d) => [d.domain, d]));
  /** Distinct (MX host, address) pairs the measured scans named, and how many endpoints reused a probe. */
  const sharing = { pairs: new Set<string>(), endpoints: 0, reused: 0 };
  log(`bench: scanning ${measured.length} domains, concurrency ${options.concurrency}, ${bulk.threads} thread(s) ...`);
  const loadBefore = os.loadavg()[0]!;
  const serversBefore = await servers.sample();
  const cpuBefore = process.cpuUsage();
  const eluBefore = performance.eventLoopUtilization();
  const threadEluBefore = bulk.eventLoopUtilization();
  loopDelay.enable();
  const started = performance.now();
  await bulk.run({
    domains: measured.map((d) => d.domain),
    // The bench reads every report (outcomes below), so it parses each one: work the CLI's --json
    // mode does not do, counted in the CPU figures all the same.
    onReport: ({ report }, { domain, durationMs }) => {
      durations.push(durationMs);
      markSoak();
      outcomes.record(planOf.get(domain)!, report);
      for (const m of report.mx) {
        for (const e of m.endpoints) {
          if (e.starttls === "blocked" || e.starttls === "skipped") continue;
          sharing.pairs.add(`${m.host}|${e.address}`);
          sharing.endpoints++;
          if (e.reusedFrom !== undefined) sharing.reused++;
        }
      }
    },
    onError: (domain, message, { durationMs }) => {
      durations.push(durationMs);
      markSoak();
      outcomes.internalErrors += 1;
      outcomes.unexpected.add("internal error (scan threw)");
      outcomes.unexpectedDomains += 1;
      if (outcomes.unexpectedExamples.length < 10) outcomes.unexpectedExamples.push(`${domain}: threw ${message}`);
    },
  });
  const wallMs = performance.now() - started;
  loopDelay.disable();
  const elu = performance.eventLoopUtilization(eluBefore);
  const threadElu = bulk.eventLoopUtilization(threadEluBefore);
  // getrusage(RUSAGE_SELF): every thread of this process, the worker threads included.
  const cpu = process.cpuUsage(cpuBefore);
  await bulk.close();
  clearInterval(rssTimer);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  const serversAfter = await servers.sample();
  await servers.stop();

  const n = measured.length;
  const sorted = [...durations].sort((a, b) => a - b);
  const serverCpuMs = cpuMs(serversAfter.cpu) - cpuMs(serversBefore.cpu);
  const counters: ServerCounters = Object.fromEntries(
    (Object.keys(serversAfter.counters) as (keyof ServerCounters)[]).map((k) => [k, serversAfter.counters[k] - serversBefore.counters[k]]),
  ) as ServerCounters;
  const notOk = outcomes.endpointsNotOk();
  const endpointsExpected = outcomes.endpointsExpected;
  const result = {
    machine: {
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      memoryGb: Math.round(os.totalmem() / 1024 ** 3),
      node: process.version,
      platform: `${os.type()} ${os.release()}`,
    },
    options: { domains: n, concurrency: options.concurrency, threads: bulk.threads, latencyMs: options.latency, warmup: options.warmup, seed: options.seed, dnsServer: options.dnsServer },
    /** 1-minute load average before and after: other work on the machine skews every figure. */
    loadAverage: { before: loadBefore, after: os.loadavg()[0]! },
    wallSeconds: wallMs / 1000,
    domainsPerSecond: n / (wallMs / 1000),
    scannerCpuMsPerDomain: cpuMs(cpu) / n,
    scannerCpuUserMs: cpu.user / 1000,
    scannerCpuSystemMs: cpu.system / 1000,
    serversCpuMsPerDomain: serverCpuMs / n,
    eventLoopUtilization: elu.utilization,
    /** Time the event loop (the main thread) was busy, per domain: with one thread, the ceiling of one process is 1000 / this. */
    mainThreadBusyMsPerDomain: elu.active / n,
    /** Per scanning thread (the main thread when --threads 1): loop utilization and busy time per domain it scanned. */
    scanThreads: threadElu.map((e) => ({ utilization: e.utilization, busyMs: e.active })),
    /** Loop time of all scanning threads together, per domain. */
    scanThreadsBusyMsPerDomain: threadElu.reduce((sum, e) => sum + e.active, 0) / n,
    eventLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    scanMs: { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? 0 },
    peakRssMb: peakRss / 1024 / 1024,
    ...(peakAtMark !== null ? { peakRssAfterMarkMb: (peakAtMark as number) / 1024 / 1024 } : {}),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    serversMaxRssMb: serversAfter.maxRssKb / 1024,
    trustAnchors: { count: bulk.anchorCount, loadMs: bulk.anchorsLoadMs, perThread: true },
    servers: counters,
    sharing: { sessions: counters.smtpConnections, pairs: sharing.pairs.size, endpoints: sharing.endpoints, reused: sharing.reused },
    endpoints: { expected: endpointsExpected, seen: outcomes.endpointsSeen, notOk, starttls: outcomes.starttls.toObject() },
    unexpected: { domains: outcomes.unexpectedDomains, byCategory: outcomes.unexpected.toObject(), internalErrors: outcomes.internalErrors },
  };

  const out: string[] = [];
  const line = (label: string, value: string): void => void out.push(`  ${label.padEnd(26)} ${value}`);
  out.push("", `mailposture scan benchmark — ${n} domains, concurrency ${options.concurrency}, latency ${options.latency[0]}–${options.latency[1]} ms, seed ${options.seed}, DNS server ${options.dnsServer}`);
  out.push(
    `politeness: ${options.share ? `shared probes, per address ${options.perAddress === 0 ? "no concurrency cap" : `≤ ${options.perAddress} at once`}${options.perAddressRate ? `, ≤ ${options.perAddressRate} new per minute` : ", no rate cap"}` : "off (--no-share: every endpoint probed, no caps)"}`,
  );
  out.push(`machine: ${result.machine.cpus} CPUs (${result.machine.cpuModel}), ${result.machine.memoryGb} GB, Node ${result.machine.node}, ${result.machine.platform}`);
  out.push(`load average (1 min): ${result.loadAverage.before.toFixed(2)} before, ${result.loadAverage.after.toFixed(2)} after${result.loadAverage.before > 0.5 ? " — the machine was not idle: figures are pessimistic" : ""}`);
  out.push(`scanner (this process, the CLI's bulk runner: ${bulk.threads === 1 ? "scanDomain in the main thread" : `${bulk.threads} worker threads`}):`);
  line("throughput", `${result.domainsPerSecond.toFixed(1)} domains/s (${result.wallSeconds.toFixed(2)} s wall) — target ≥ ${TARGET_DOMAINS_PER_SECOND}: ${result.domainsPerSecond >= TARGET_DOMAINS_PER_SECOND ? "met" : "NOT MET"}`);
  line("CPU per domain", `${ms(result.scannerCpuMsPerDomain)} — target ≤ ${TARGET_CPU_MS_PER_DOMAIN} ms: ${result.scannerCpuMsPerDomain <= TARGET_CPU_MS_PER_DOMAIN ? "met" : "NOT MET"} (user ${(result.scannerCpuUserMs / n).toFixed(2)}, system ${(result.scannerCpuSystemMs / n).toFixed(2)}; all ${bulk.threads === 1 ? "threads of the process" : `threads of the process, the ${bulk.threads} scan threads included`})`);
  if (bulk.threads === 1) {
    line("event loop", `utilization ${(result.eventLoopUtilization * 100).toFixed(0)} %, busy ${ms(result.mainThreadBusyMsPerDomain)} per domain (at most ${(1000 / result.mainThreadBusyMsPerDomain).toFixed(0)} domains/s on one loop), delay p99 ${ms(result.eventLoopDelayP99Ms)}`);
  } else {
    line("scan threads' loops", `utilization ${result.scanThreads.map((t) => `${(t.utilization * 100).toFixed(0)} %`).join(", ")}; busy ${ms(result.scanThreadsBusyMsPerDomain)} per domain, all threads together`);
    line("main thread loop", `utilization ${(result.eventLoopUtilization * 100).toFixed(0)} %, busy ${ms(result.mainThreadBusyMsPerDomain)} per domain (dispatch and reports), delay p99 ${ms(result.eventLoopDelayP99Ms)}`);
  }
  line("scan time", `p50 ${ms(result.scanMs.p50)}, p95 ${ms(result.scanMs.p95)}, p99 ${ms(result.scanMs.p99)}, max ${ms(result.scanMs.max)}`);
  line("peak RSS", `${mb(peakRss)} sampled every 100 ms (process maxRSS ${result.maxRssMb.toFixed(0)} MB) — target ≤ ${TARGET_PEAK_RSS_MB} MB: ${peakRss / 1024 / 1024 <= TARGET_PEAK_RSS_MB ? "met" : "NOT MET"}`);
  if (peakAtMark !== null) {
    const growth = (peakRss / (peakAtMark as number) - 1) * 100;
    line("soak", `peak RSS ${mb(peakAtMark)} after the first ${SOAK_MARK} domains, ${mb(peakRss)} at the end: ${growth >= 0 ? "+" : ""}${growth.toFixed(1)} % (target ≤ +10 %)`);
  }
  line("trust anchors", `${bulk.anchorCount} roots, loaded once per thread in ≤ ${ms(bulk.anchorsLoadMs)}`);
  const code = (c: EntryCode | null, fallback: string) => (c === null ? "started through tsx (not from bench/scan-bench.mjs)" : c.bundled ? "bundled JavaScript, no TypeScript loader" : `${fallback} — bundling failed: ${c.reason}`);
  line("main code", code(entryCode(), "tsx loader"));
  if (bulk.threadCode) line("thread code", code(bulk.threadCode, "tsx loader in every thread"));
  out.push("servers (child process, not included above):");
  line("CPU per domain", ms(result.serversCpuMsPerDomain));
  line("traffic", `${counters.dnsQueries} DNS queries (${(counters.dnsQueries / n).toFixed(1)}/domain), ${counters.smtpConnections} SMTP connections, ${counters.httpsRequests} policy requests`);
  line("max RSS", `${result.serversMaxRssMb.toFixed(0)} MB`);
  // Shared per-MX results (docs/politeness.md): sessions opened against distinct (host, address) pairs.
  const sessionRatio = sharing.pairs.size > 0 ? counters.smtpConnections / sharing.pairs.size : 0;
  // Names per address: shared hosting puts many MX names on one address, which is what a per-address rate cap meets.
  const namesPerAddress = new Map<string, number>();
  for (const pair of sharing.pairs) {
    const address = pair.slice(pair.indexOf("|") + 1);
    namesPerAddress.set(address, (namesPerAddress.get(address) ?? 0) + 1);
  }
  const busiest = Math.max(0, ...namesPerAddress.values());
  line(
    "SMTP sessions",
    `${counters.smtpConnections} sessions for ${sharing.pairs.size} distinct (MX host, address) pairs (${sessionRatio.toFixed(2)} per pair, limit ${MAX_SESSIONS_PER_PAIR}) on ${namesPerAddress.size} addresses (up to ${busiest} MX names on one); ${sharing.reused} of ${sharing.endpoints} endpoints reused a shared probe`,
  );
  out.push("outcomes:");
  line("STARTTLS endpoints", `${outcomes.starttls.format()} (expected ${endpointsExpected} ok)`);
  line("certificates (ok)", outcomes.certificates.format());
  line("DANE", outcomes.dane.format());
  line("MTA-STS fetch", outcomes.mtaStsFetch.format());
  for (const [name, h] of outcomes.checkStatus) line(`check ${name}`, h.format());
  line("grades", outcomes.grades.format());
  line("unexpected (by category)", `${outcomes.unexpected.format()} — ${outcomes.unexpectedDomains} domain(s)`);
  if (outcomes.notOkReasons.total() > 0) {
    out.push("  endpoints not ok, by reason:");
    for (const [reason, count] of outcomes.notOkReasons.entries().slice(0, 10)) out.push(`    ${String(count).padStart(6)}  ${reason}`);
  }
  for (const example of outcomes.unexpectedExamples) out.push(`    e.g. ${example}`);
  process.stdout.write(`${out.join("\n")}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);

  const failures: string[] = [];
  if (outcomes.internalErrors > 0) failures.push(`${outcomes.internalErrors} scan(s) threw`);
  if (notOk > MAX_UNEXPECTED_SHARE * endpointsExpected) failures.push(`${notOk} of ${endpointsExpected} STARTTLS endpoints were not "ok" (limit ${MAX_UNEXPECTED_SHARE * 100} %)`);
  if (outcomes.unexpectedDomains > MAX_UNEXPECTED_SHARE * n) failures.push(`${outcomes.unexpectedDomains} of ${n} domains ended unexpectedly (limit ${MAX_UNEXPECTED_SHARE * 100} %)`);
  if (options.share && sessionRatio > MAX_SESSIONS_PER_PAIR) failures.push(`${counters.smtpConnections} SMTP sessions for ${sharing.pairs.size} (host, address) pairs: probes were not shared`);
  if (counters.smtpSpokeEarly > 0) failures.push(`the scanner spoke before the SMTP greeting on ${counters.smtpSpokeEarly} connection(s)`);
  if (failures.length > 0) {
    process.stderr.write(`\nbench: INVALID RUN — the figures above do not measure real scans:\n${failures.map((f) => `  - ${f}`).join("\n")}\n`);
    process.exit(1);
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
