/**
 * The `mailposture` command line (docs/report-format.md "Command line"): scan one or several
 * domains, or a file of them, printing JSON, NDJSON or a readable summary. Exit 0 when every scan
 * completed, 2 for bad input, 1 for an internal error; errors are one line on stderr, never a
 * stack trace. `--file` spreads the scans over worker threads (lib/services/bulk).
 */
import fs from "node:fs";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { getEnv } from "@/lib/env";
import { formatReportText } from "@/lib/report/format-text";
import { normalizeDomain } from "@/lib/scan/normalize";
import type { ScanReport } from "@/lib/scan/types";
import { createBulkScanner, defaultThreads } from "@/lib/services/bulk";
import { DEFAULT_PROBE_TTL_MS } from "@/lib/scan/probe-cache";
import { createScanner, scannerSettings, type PolitenessSettings, type ScannerSettings } from "@/lib/services/context";
import { ADMIN_USAGE } from "./admin-usage";

const USAGE = `usage: mailposture scan <domain>... [--json]
       mailposture scan --file <domains.txt> [--json] [--concurrency N] [--threads N] [--per-address N] [--per-address-rate R]
  --threads N            worker threads for --file (default: available parallelism, here ${defaultThreads()}); 1 scans in the main thread
  --per-address N        SMTP sessions open at once to one MX address (default 8)
  --per-address-rate R   new SMTP sessions per minute to one MX address (default: no cap)
  Within one run, domains naming the same MX host share one probe of each address (docs/politeness.md).
${ADMIN_USAGE}`;

class UsageError extends Error {}

function fail(code: number, message: string): never {
  process.stderr.write(`mailposture: ${message}\n`);
  process.exit(code);
}

function parseCli(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      file: { type: "string" },
      concurrency: { type: "string", default: "50" },
      threads: { type: "string" },
      "per-address": { type: "string", default: "8" },
      "per-address-rate": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const [command, ...domains] = positionals;
  if (command !== "scan") throw new UsageError(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
  if (!values.file && domains.length === 0) throw new UsageError(`no domain given\n${USAGE}`);
  if (values.file && domains.length > 0) throw new UsageError("give domains as arguments or with --file, not both");
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) throw new UsageError("--concurrency must be a whole number from 1 to 1000");
  const threads = values.threads === undefined ? defaultThreads() : Number(values.threads);
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) throw new UsageError("--threads must be a whole number from 1 to 256");
  const perAddress = Number(values["per-address"]);
  if (!Number.isInteger(perAddress) || perAddress < 1 || perAddress > 100) throw new UsageError("--per-address must be a whole number from 1 to 100");
  const rate = values["per-address-rate"] === undefined ? undefined : Number(values["per-address-rate"]);
  if (rate !== undefined && (!Number.isInteger(rate) || rate < 1 || rate > 100_000)) throw new UsageError("--per-address-rate must be a whole number from 1 to 100000");
  // The CLI's politeness (docs/politeness.md): one run shares observations for an hour at most.
  const politeness: PolitenessSettings = {
    ttlMs: DEFAULT_PROBE_TTL_MS,
    perAddress: { concurrent: perAddress, ...(rate !== undefined ? { perWindow: rate } : {}), windowMs: 60_000 },
  };
  return { json: values.json, file: values.file, concurrency, threads, domains, politeness };
}

async function* linesOf(file: string): AsyncGenerator<{ line: string; number: number }> {
  const stream = file === "-" ? process.stdin : fs.createReadStream(file, { encoding: "utf8" });
  let number = 0;
  for await (const raw of readline.createInterface({ input: stream, crlfDelay: Infinity })) {
    number++;
    const line = raw.replace(/#.*/, "").trim();
    if (line) yield { line, number };
  }
}

/** Runs `work` over the items with at most `limit` at once, in completion order. */
async function pool<T>(items: AsyncIterable<T>, limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const running = new Set<Promise<void>>();
  for await (const item of items) {
    const p = work(item).finally(() => running.delete(p));
    running.add(p);
    if (running.size >= limit) await Promise.race(running);
  }
  await Promise.all(running);
}

async function main() {
  // Account commands (API tokens, users) touch the database, not the scanner: loaded only for them.
  const noun = process.argv[2];
  if (noun === "token" || noun === "user") process.exit(await (await import("./admin")).runAdmin(process.argv.slice(2)));
  let args: ReturnType<typeof parseCli>;
  try {
    args = parseCli(process.argv.slice(2));
  } catch (err) {
    fail(2, err instanceof Error ? err.message : String(err));
  }
  let scanner: ReturnType<typeof createScanner>;
  let settings: ScannerSettings | undefined;
  try {
    const env = getEnv();
    scanner = createScanner(env, args.politeness);
    // The bulk threads get the same settings createScanner uses, as plain values.
    if (args.file) settings = { ...scannerSettings(env), politeness: args.politeness };
  } catch (err) {
    fail(2, (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, "; "));
  }
  const scan = (domain: string): Promise<ScanReport> => scanner(domain, { onProgress: () => {}, signal: new AbortController().signal });
  const color = !process.env.NO_COLOR && (process.stdout.isTTY || !!process.env.FORCE_COLOR);

  if (!args.file) {
    const domains = args.domains.map((d) => ({ input: d, parsed: normalizeDomain(d) }));
    const bad = domains.find((d) => !d.parsed.ok);
    if (bad && !bad.parsed.ok) fail(2, `"${bad.input}": ${bad.parsed.error}`);
    let internal = 0;
    await pool(
      (async function* () {
        yield* domains;
      })(),
      args.concurrency,
      async (d) => {
        const domain = (d.parsed as { domain: string }).domain;
        try {
          const report = await scan(domain);
          process.stdout.write(args.json ? `${JSON.stringify(report, null, domains.length === 1 ? 2 : undefined)}\n` : formatReportText(report, { color }));
        } catch (err) {
          internal++;
          process.stderr.write(`mailposture: ${domain}: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
        }
      },
    );
    process.exit(internal > 0 ? 1 : 0);
  }

  if (!fs.existsSync(args.file) && args.file !== "-") fail(2, `cannot read ${args.file}: no such file`);
  let bad = 0;
  let internal = 0;
  let done = 0;
  const started = Date.now();
  const valid = (async function* () {
    for await (const { line, number } of linesOf(args.file!)) {
      const parsed = normalizeDomain(line);
      if (parsed.ok) yield parsed.domain;
      else {
        bad++;
        process.stderr.write(`mailposture: line ${number}: "${line.slice(0, 80)}": ${parsed.error}; skipped\n`);
      }
    }
  })();
  // Each thread loads the trust anchors once; their warnings go where createScanner's go.
  const bulk = await createBulkScanner({ concurrency: args.concurrency, threads: args.threads, settings: settings! });
  for (const warning of bulk.warnings) console.warn(`[scanner] ${warning}`);
  await bulk.run({
    domains: valid,
    onReport: (result, { domain }) => {
      // --json writes the scanning thread's text as it is; only the summary line needs the grade.
      const report = args.json ? undefined : result.report;
      process.stdout.write(report ? formatReportText(report, { color }) : `${result.json}\n`);
      done++;
      process.stderr.write(`[${done} done, ${((Date.now() - started) / 1000).toFixed(1)} s] ${domain}: ${result.headline.notGraded ? `not graded (${result.headline.notGraded})` : `grade ${result.headline.grade}`}\n`);
    },
    onError: (domain, message) => {
      internal++;
      process.stderr.write(`mailposture: ${domain}: internal error: ${message}\n`);
    },
  });
  await bulk.close();
  process.stderr.write(`scanned ${done} domain${done === 1 ? "" : "s"} in ${((Date.now() - started) / 1000).toFixed(1)} s${bad ? `, ${bad} bad line${bad === 1 ? "" : "s"} skipped` : ""}\n`);
  process.exit(internal > 0 ? 1 : bad > 0 ? 2 : 0);
}

main().catch((err: unknown) => fail(1, `internal error: ${err instanceof Error ? err.message : String(err)}`));
