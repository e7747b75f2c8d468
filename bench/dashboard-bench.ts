/**
 * `npm run bench:dashboard`: how fast the dashboard answers on a large workspace (seed one with
 * `npm run seed`). Calls every lib/services function the pages use, the way the pages call it,
 * and prints p50 / p95 / max per call against the targets: p95 ≤ 50 ms per service call ("query":
 * one call may run several SQL statements) and, with --pages, p95 ≤ 300 ms per page fetched over
 * HTTP from a running production build.
 *
 *   DATABASE_URL=… npm run bench:dashboard -- [--iterations 30] [--warmup 3]
 *                  [--pages http://localhost:3000] [--page-iterations 20] [--users 50 --seconds 60 [--think 5000] [--ramp 10] [--connections per-user|shared]] [--markdown]
 *
 * Calls run one at a time (the figures are latencies, not throughput). With --pages the bench
 * signs in as a bench account (made on first use, owner of the seeded workspace; its session and a
 * read token are made on the server side with the app's own secret) and fetches pages with that
 * session and the API with the token. `--users N` adds the concurrent mode: N virtual users, each
 * looping over a random mix of portfolio pages with filters, reports, history, trends and API
 * calls for --seconds, then p50/p95/p99 per route and the error count (targets p95 ≤ 150 ms,
 * p99 ≤ 400 ms, 0 errors), after `--ramp` seconds (default 10) of the same load unmeasured.
 * `--think MS` is each user's pause between two requests (uniform in 0.5–1.5 × MS, and each user's
 * first request after a pause uniform in 0–MS, so the users do not all arrive at the same instant;
 * default 0: the next request as soon as the last answered, which measures the server saturated
 * rather than 50 people reading pages). The database is only read, but for the bench account, its
 * session and token.
 * Exit status 0 whatever the figures are: the targets are reported, not asserted.
 */
import http from "node:http";
import https from "node:https";
import os from "node:os";
import { parseArgs } from "node:util";
import { createDb, type Db } from "@/lib/db/client";
import { DEFAULT_PARAMS, type DomainListParams } from "@/lib/report/domain-list-params";
import { systemScope } from "@/lib/services/access/scope";
import { listApiDomains, listApiDomainScans, getApiScan } from "@/lib/services/api/v1";
import { getDomain } from "@/lib/services/domains/get-domain";
import { listDomains, loadPortfolio } from "@/lib/services/domains/list-domains";
import { getPortfolioStats } from "@/lib/services/domains/portfolio-stats";
import { compareScans } from "@/lib/services/history/compare-scans";
import { encodeCursor, getDomainHistory } from "@/lib/services/history/get-history";
import { getFixPlan } from "@/lib/services/policies/fix-plan";
import { getDomainScan } from "@/lib/services/scans/get-scan";
import { listQueue } from "@/lib/services/scans/list-queue";
import { getTrendCsv, getTrends } from "@/lib/services/trends/get-trends";
import { getDefaultWorkspace } from "@/lib/services/workspaces";
import { createApiToken } from "@/lib/services/api-tokens/tokens";
import { createAccount } from "@/lib/services/auth/accounts";
import { createAuth } from "@/lib/services/auth/create-auth";
import { instanceSecret } from "@/lib/services/auth/instance";
import { percentile } from "./lib/stats";

const QUERY_TARGET_MS = 50;
const PAGE_TARGET_MS = 300;
const CONCURRENT_P95_MS = 150;
const CONCURRENT_P99_MS = 400;

type Options = {
  iterations: number;
  warmup: number;
  pages: string | null;
  pageIterations: number;
  markdown: boolean;
  users: number;
  seconds: number;
  thinkMs: number;
  rampSeconds: number;
  connections: "per-user" | "shared";
};

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      iterations: { type: "string", default: "30" },
      warmup: { type: "string", default: "3" },
      pages: { type: "string" },
      "page-iterations": { type: "string", default: "20" },
      markdown: { type: "boolean", default: false },
      users: { type: "string", default: "0" },
      seconds: { type: "string", default: "60" },
      ramp: { type: "string", default: "10" },
      think: { type: "string", default: "0" },
      connections: { type: "string", default: "per-user" },
    },
  });
  const whole = (name: string, text: string, min: number): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > 100_000) throw new Error(`--${name} must be a whole number from ${min}`);
    return n;
  };
  let pages: string | null = null;
  if (values.pages !== undefined) {
    const u = new URL(values.pages);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("--pages must be an http(s) base URL");
    pages = u.origin;
  }
  const connections = values.connections;
  if (connections !== "per-user" && connections !== "shared") throw new Error("--connections must be per-user or shared");
  return {
    iterations: whole("iterations", values.iterations, 1),
    warmup: whole("warmup", values.warmup, 0),
    pages,
    pageIterations: whole("page-iterations", values["page-iterations"], 1),
    markdown: values.markdown,
    users: whole("users", values.users, 0),
    seconds: whole("seconds", values.seconds, 1),
    thinkMs: whole("think", values.think, 0),
    rampSeconds: whole("ramp", values.ramp, 0),
    connections,
  };
}

type Result = { name: string; samples: number[]; target: number; note?: string };

async function measure(name: string, target: number, o: { iterations: number; warmup: number }, fn: () => Promise<unknown>, note?: string): Promise<Result> {
  for (let i = 0; i < o.warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < o.iterations; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { name, samples, target, ...(note ? { note } : {}) };
}

const fmt = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));

function printTable(title: string, results: Result[], markdown: boolean): void {
  const rows = results.map((r) => {
    const p50 = percentile(r.samples, 50);
    const p95 = percentile(r.samples, 95);
    const max = r.samples[r.samples.length - 1]!;
    return { name: r.name, p50, p95, max, ok: p95 <= r.target, target: r.target, note: r.note };
  });
  console.log(`\n${title}`);
  if (markdown) {
    console.log(`| ${title.split(" (")[0]} | p50 ms | p95 ms | max ms | target p95 | |`);
    console.log("| --- | ---: | ---: | ---: | ---: | --- |");
    for (const r of rows) console.log(`| ${r.name} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.max)} | ≤ ${r.target} | ${r.ok ? "ok" : "**missed**"} |`);
    return;
  }
  const width = Math.max(...rows.map((r) => r.name.length), 10);
  console.log(`${"".padEnd(width)}  ${"p50".padStart(8)}  ${"p95".padStart(8)}  ${"max".padStart(8)}  target`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(width)}  ${fmt(r.p50).padStart(8)}  ${fmt(r.p95).padStart(8)}  ${fmt(r.max).padStart(8)}  ${r.ok ? "ok" : "MISSED"} (p95 ≤ ${r.target} ms)${r.note ? `  ${r.note}` : ""}`);
  }
  const missed = rows.filter((r) => !r.ok).length;
  console.log(missed === 0 ? `all ${rows.length} within target` : `${missed} of ${rows.length} missed the target`);
}

type Sample = {
  heavy: { name: string; scans: number };
  typical: { name: string; scans: number };
  /** The heavy domain's oldest and newest finished scans, a scan in the middle, and a deep history cursor. */
  oldest: string;
  newest: string;
  middle: string;
  deepCursor: string;
  domains: number;
  scans: number;
};

async function pickSample(db: Db): Promise<Sample> {
  const [counts] = await db.$queryRaw<{ domains: bigint; scans: bigint }[]>`SELECT (SELECT count(*) FROM "Domain") AS domains, (SELECT count(*) FROM "Scan") AS scans`;
  if (!counts || counts.domains === 0n) throw new Error("the database has no domains: seed it first (npm run seed)");
  const perDomain = await db.$queryRaw<{ name: string; n: bigint }[]>`
    SELECT d.name, count(*) AS n FROM "Scan" s JOIN "Domain" d ON d.id = s."domainId" GROUP BY d.name ORDER BY n DESC, d.name`;
  const heavy = perDomain[0]!;
  const avg = Number(counts.scans) / Number(counts.domains);
  const typical = perDomain.reduce((best, r) => (Math.abs(Number(r.n) - avg) < Math.abs(Number(best.n) - avg) ? r : best), heavy);
  const done = await db.$queryRaw<{ id: string; requestedAt: Date }[]>`
    SELECT s.id, s."requestedAt" FROM "Scan" s JOIN "Domain" d ON d.id = s."domainId"
     WHERE d.name = ${heavy.name} AND s.status = 'done' ORDER BY s."requestedAt" DESC, s.id DESC`;
  // The cursor the history page links as "older" after ten pages of 25.
  const deep = done[Math.min(done.length - 1, 10 * 25 - 1)]!;
  return {
    heavy: { name: heavy.name, scans: Number(heavy.n) },
    typical: { name: typical.name, scans: Number(typical.n) },
    oldest: done[done.length - 1]!.id,
    newest: done[0]!.id,
    middle: done[Math.floor(done.length / 2)]!.id,
    deepCursor: encodeCursor(deep),
    domains: Number(counts.domains),
    scans: Number(counts.scans),
  };
}

async function serviceResults(db: Db, s: Sample, o: Options): Promise<Result[]> {
  const now = new Date();
  // The seeder writes into the default workspace; read it as its owner would.
  const scope = systemScope((await getDefaultWorkspace(db)).id);
  const view = (p: Partial<DomainListParams>) => ({ ...DEFAULT_PARAMS, ...p });
  const cases: [string, () => Promise<unknown>][] = [
    ["loadPortfolio /", () => loadPortfolio(scope, view({}), { now }, db)],
    ["loadPortfolio ?page=150&sort=grade", () => loadPortfolio(scope, view({ page: 150, sort: "grade", dir: "asc" }), { now }, db)],
    ["loadPortfolio ?page=200 (last)", () => loadPortfolio(scope, view({ page: 200 }), { now }, db)],
    ["loadPortfolio ?exposure=exposed", () => loadPortfolio(scope, view({ exposure: ["exposed"] }), { now }, db)],
    ["loadPortfolio ?sort=scanned", () => loadPortfolio(scope, view({ sort: "scanned", dir: "desc" }), { now }, db)],
    ["loadPortfolio ?sort=critical&page=40", () => loadPortfolio(scope, view({ sort: "critical", dir: "desc", page: 40 }), { now }, db)],
    ["loadPortfolio ?q=river", () => loadPortfolio(scope, view({ q: "river" }), { now }, db)],
    ["loadPortfolio ?finding=mta-sts-testing&stale=1", () => loadPortfolio(scope, view({ finding: "mta-sts-testing", stale: true }), { now }, db)],
    ["loadPortfolio ?dmarc=none,missing&mtaSts=…&sort=grade", () => loadPortfolio(scope, view({ dmarc: ["none", "missing"], mtaSts: ["none-published", "testing"], sort: "grade", dir: "asc" }), { now }, db)],
    ["loadPortfolio ?grade=F&severity=critical", () => loadPortfolio(scope, view({ grade: ["F"], severity: "critical" }), { now }, db)],
    ["listDomains / (table only)", () => listDomains(scope, view({}), { now }, db)],
    ["getPortfolioStats", () => getPortfolioStats(scope, { now }, db)],
    [`getDomain (${s.heavy.scans} scans)`, () => getDomain(scope, s.heavy.name, db)],
    [`getDomain (${s.typical.scans} scans)`, () => getDomain(scope, s.typical.name, db)],
    ["getDomainScan (older scan)", () => getDomainScan(scope, s.heavy.name, s.middle, db)],
    ["getDomainHistory first page", () => getDomainHistory(scope, s.heavy.name, {}, db)],
    ["getDomainHistory page 11 (?before=)", () => getDomainHistory(scope, s.heavy.name, { before: s.deepCursor }, db)],
    ["getDomainHistory back up (?after=)", () => getDomainHistory(scope, s.heavy.name, { after: s.deepCursor }, db)],
    ["compareScans default pair", () => compareScans(scope, s.heavy.name, {}, db)],
    ["compareScans oldest vs newest", () => compareScans(scope, s.heavy.name, { a: s.oldest, b: s.newest }, db)],
    ["getTrends 12 weeks", () => getTrends(scope, { weeks: "12", now }, db)],
    ["getTrends 26 weeks", () => getTrends(scope, { weeks: "26", now }, db)],
    ["getTrends 52 weeks", () => getTrends(scope, { weeks: "52", now }, db)],
    ["getTrendCsv grades 52 weeks", () => getTrendCsv(scope, { weeks: "52", chart: "grades", now }, db)],
    ["getFixPlan", () => getFixPlan(scope, s.heavy.name, db)],
    ["listQueue", () => listQueue(scope, { now }, db)],
    ["API v1 listApiDomains page 1", () => listApiDomains(scope, { page: 1, perPage: 50 }, db)],
    ["API v1 listApiDomains page 200", () => listApiDomains(scope, { page: 200, perPage: 50 }, db)],
    ["API v1 listApiDomains per_page=500", () => listApiDomains(scope, { page: 1, perPage: 500 }, db)],
    ["API v1 listApiDomainScans", () => listApiDomainScans(scope, s.heavy.name, { page: 1, perPage: 50 }, db)],
    ["API v1 getApiScan", () => getApiScan(scope, s.middle, db)],
  ];
  const out: Result[] = [];
  for (const [name, fn] of cases) {
    const r = await measure(name, QUERY_TARGET_MS, o, fn);
    out.push(r);
    if (!o.markdown) process.stderr.write(`  ${name}: p95 ${fmt(percentile(r.samples, 95))} ms\n`);
  }
  return out;
}

/** The routes a person (or a script) reads, with the sample's identifiers filled in. */
function pageList(s: Sample): [string, string][] {
  const d = encodeURIComponent(s.heavy.name);
  return [
    ["/", "/"],
    ["/?page=150&sort=grade", "/?page=150&sort=grade"],
    ["/?exposure=exposed", "/?exposure=exposed"],
    ["/domains/<d>", `/domains/${d}`],
    ["/domains/<d>/scans/<id>", `/domains/${d}/scans/${s.middle}`],
    ["/domains/<d>/history", `/domains/${d}/history`],
    ["/domains/<d>/history?before=<page 11>", `/domains/${d}/history?before=${encodeURIComponent(s.deepCursor)}`],
    ["/domains/<d>/compare?a=&b=", `/domains/${d}/compare?a=${s.oldest}&b=${s.newest}`],
    ["/domains/<d>/fix", `/domains/${d}/fix`],
    ["/trends?weeks=52", "/trends?weeks=52"],
    ["/scans", "/scans"],
    ["/api/v1/domains", "/api/v1/domains"],
    ["/api/v1/domains/<d>/scans", `/api/v1/domains/${d}/scans`],
    ["/api/v1/scans/<id>", `/api/v1/scans/${s.middle}`],
  ];
}

/** A session cookie and a read token for the bench account (owner of the seeded workspace). */
type Credentials = { cookie: string; token: string };

async function signIn(db: Db, base: string): Promise<Credentials> {
  const email = "bench@mailposture.invalid";
  const password = "bench account password";
  const auth = createAuth({ db, secret: await instanceSecret(db, process.env.MAILPOSTURE_SECRET || undefined), baseURL: base, trustedOrigins: [base] });
  if (!(await db.user.findUnique({ where: { email } }))) await createAccount(auth, db, { name: "Benchmark", email, password });
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const workspace = await getDefaultWorkspace(db);
  await db.membership.upsert({ where: { workspaceId_userId: { workspaceId: workspace.id, userId: user.id } }, create: { workspaceId: workspace.id, userId: user.id, role: "owner" }, update: {} });
  const res = await auth.api.signInEmail({ body: { email, password }, headers: new Headers(), returnHeaders: true });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");
  const { token } = await createApiToken(systemScope(workspace.id, { kind: "cli", name: "bench" }), { name: "bench", scope: "read", expiresInDays: 1 }, db);
  return { cookie, token };
}

/** A page with the session, the API with the read token. */
function headersFor(path: string, creds: Credentials): Record<string, string> {
  return path.startsWith("/api/") ? { accept: "application/json", authorization: `Bearer ${creds.token}` } : { accept: "text/html", cookie: creds.cookie };
}

function fetchAs(base: string, path: string, creds: Credentials): Promise<Response> {
  return fetch(`${base}${path}`, { redirect: "manual", headers: headersFor(path, creds) });
}

async function pageResults(base: string, s: Sample, o: Options, creds: Credentials): Promise<Result[]> {
  const pages = pageList(s);
  const out: Result[] = [];
  for (const [name, path] of pages) {
    let bytes = 0;
    const fetchPage = async () => {
      const res = await fetchAs(base, path, creds);
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
      bytes = body.byteLength;
    };
    const r = await measure(name, PAGE_TARGET_MS, { iterations: o.pageIterations, warmup: o.warmup }, fetchPage);
    r.note = `${(bytes / 1024).toFixed(0)} KiB`;
    out.push(r);
    if (!o.markdown) process.stderr.write(`  ${name}: p95 ${fmt(percentile(r.samples, 95))} ms\n`);
  }
  return out;
}

/**
 * One GET over `agent`'s keep-alive connections; resolves with the status once the whole body is
 * read. The concurrent mode uses this rather than `fetch`: `fetch` shares one connection pool
 * across the process, and a handful of pooled connections would carry all 50 users' requests.
 */
function getVia(agent: http.Agent, base: string, path: string, creds: Credentials): Promise<number> {
  const url = new URL(path, base);
  const request = url.protocol === "https:" ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      // The same accept-encoding as `fetch` and browsers: the server compresses as it would for them.
      { agent, headers: { "accept-encoding": "gzip, deflate, br", ...headersFor(path, creds) } },
      (res) => {
        res.on("data", () => undefined);
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/**
 * N virtual users, each fetching a random route after another until the time is up. Each user is
 * a browser of its own (`--connections per-user`, the default): its own keep-alive connections,
 * at most 6 as browsers open per origin. `--connections shared` sends every user's requests over
 * one pool instead, as a reverse proxy in front of the app would.
 */
async function concurrentResults(
  base: string,
  s: Sample,
  o: Options,
  creds: Credentials,
): Promise<{ results: Result[]; errors: number; errorKinds: Map<string, number>; requests: number }> {
  const pages = pageList(s);
  const samples = new Map<string, number[]>(pages.map(([name]) => [name, []]));
  let errors = 0;
  const errorKinds = new Map<string, number>();
  const failed = (kind: string) => {
    errors++;
    errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
  };
  let requests = 0;
  // The ramp runs the same users unmeasured first, so every web process has rendered every route
  // (JIT, module loading) before a figure counts, as on a server that has been up for a while.
  // Errors count from the first request.
  const measureFrom = performance.now() + o.rampSeconds * 1000;
  const until = measureFrom + o.seconds * 1000;
  const newAgent = () => {
    // An idle connection is dropped after 4 s, before the server's 5 s keep-alive timeout: a
    // request sent on a connection the server is closing at that instant fails with a reset, which
    // a browser retries unseen and Node's agent reports as an error of the app.
    const keep = { keepAlive: true, maxSockets: 6, timeout: 4_000 };
    return base.startsWith("https:") ? new https.Agent(keep) : new http.Agent(keep);
  };
  const shared = o.connections === "shared" ? newAgent() : null;
  const agents: http.Agent[] = [];
  const user = async () => {
    const agent = shared ?? newAgent();
    agents.push(agent);
    // With think time the users arrive spread over one mean pause, as people reading pages are: all
    // 50 first requests at the same instant would measure a thundering herd no dashboard sees.
    if (o.thinkMs > 0) await new Promise((r) => setTimeout(r, o.thinkMs * Math.random()));
    while (performance.now() < until) {
      const [name, path] = pages[Math.floor(Math.random() * pages.length)]!;
      const t = performance.now();
      try {
        const status = await getVia(agent, base, path, creds);
        if (status !== 200) failed(`${name}: HTTP ${status}`);
      } catch (error) {
        failed(`${name}: ${error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error)}`);
      }
      if (t >= measureFrom) {
        samples.get(name)!.push(performance.now() - t);
        requests++;
      }
      if (o.thinkMs > 0) await new Promise((r) => setTimeout(r, o.thinkMs * (0.5 + Math.random())));
    }
  };
  await Promise.all(Array.from({ length: o.users }, user));
  for (const agent of new Set(agents)) agent.destroy();
  const results = pages.map(([name]) => ({ name, samples: samples.get(name)!.sort((a, b) => a - b), target: CONCURRENT_P95_MS }));
  return { results, errors, errorKinds, requests };
}

function printConcurrent(title: string, run: { results: Result[]; errors: number; errorKinds: Map<string, number>; requests: number }, seconds: number): void {
  console.log(`\n${title}`);
  const width = Math.max(...run.results.map((r) => r.name.length), 10);
  console.log(`${"".padEnd(width)}  ${"n".padStart(6)}  ${"p50".padStart(8)}  ${"p95".padStart(8)}  ${"p99".padStart(8)}  target`);
  let missed = 0;
  for (const r of run.results) {
    const p95 = percentile(r.samples, 95);
    const p99 = percentile(r.samples, 99);
    const ok = p95 <= CONCURRENT_P95_MS && p99 <= CONCURRENT_P99_MS;
    if (!ok) missed++;
    console.log(`${r.name.padEnd(width)}  ${String(r.samples.length).padStart(6)}  ${fmt(percentile(r.samples, 50)).padStart(8)}  ${fmt(p95).padStart(8)}  ${fmt(p99).padStart(8)}  ${ok ? "ok" : "MISSED"}`);
  }
  console.log(`${run.requests} requests in ${seconds} s (${(run.requests / seconds).toFixed(1)}/s), ${run.errors} errors; ${missed === 0 ? "every route within target" : `${missed} routes missed p95 ≤ ${CONCURRENT_P95_MS} / p99 ≤ ${CONCURRENT_P99_MS} ms`}`);
  for (const [kind, n] of run.errorKinds) console.log(`  error: ${kind} (${n}×)`);
}

async function main() {
  const o = parseOptions(process.argv.slice(2));
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: point it at a seeded database (npm run seed)");
  const db = createDb(url, 10);
  try {
    const s = await pickSample(db);
    const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
    console.log(`dashboard benchmark: ${s.domains} domains, ${s.scans} scans; ${os.cpus().length} cores (${cpu}), Node ${process.version}`);
    console.log(`domain pages use ${s.heavy.name} (${s.heavy.scans} scans; the most of any domain); typical domain ${s.typical.name} (${s.typical.scans})`);
    console.log(`${o.warmup} warm-up + ${o.iterations} timed calls each, one at a time`);
    printTable(`Service calls (p95 target ≤ ${QUERY_TARGET_MS} ms)`, await serviceResults(db, s, o), o.markdown);
    if (o.pages) {
      const creds = await signIn(db, o.pages);
      console.log(`\npages from ${o.pages} (signed in; the API with a read token): ${o.warmup} warm-up + ${o.pageIterations} timed fetches each, full body read`);
      printTable(`Pages over HTTP (p95 target ≤ ${PAGE_TARGET_MS} ms)`, await pageResults(o.pages, s, o, creds), o.markdown);
      if (o.users > 0) {
        const run = await concurrentResults(o.pages, s, o, creds);
        printConcurrent(`${o.users} concurrent users for ${o.seconds} s after a ${o.rampSeconds} s ramp${o.thinkMs > 0 ? `, ${o.thinkMs} ms mean think time` : ", no think time"}, ${o.connections === "shared" ? "one shared connection pool" : "connections per user"} (targets p95 ≤ ${CONCURRENT_P95_MS} ms, p99 ≤ ${CONCURRENT_P99_MS} ms, 0 errors)`, run, o.seconds);
      }
    } else if (o.users > 0) {
      throw new Error("--users needs --pages <base URL of a running app>");
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(`bench:dashboard failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
