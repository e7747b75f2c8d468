/**
 * `npm run seed -- [--domains 10000] [--scans 1000000] [--weeks 52] [--daily [--days N]] [--seed 1] [--force]`:
 * fills the default workspace of DATABASE_URL with a realistic large portfolio for benchmarks and
 * demos (see bench/dashboard/seeder.ts and docs/benchmarks.md). Domains are under .example, never
 * real. `--daily` scans every domain once a day over the last --days days (default: scans ÷
 * domains) and stores unchanged reports by reference. Prints the storage it took at the end.
 * Refuses a database that already has domains unless --force (then it adds beside them).
 */
import { parseArgs } from "node:util";
import pg from "pg";
import { seedWorkspace } from "@/bench/dashboard/seeder";
import { measureStorage, type StorageFigures } from "@/bench/dashboard/sql";

function whole(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
}

async function main() {
  const { values } = parseArgs({
    options: {
      domains: { type: "string", default: "10000" },
      scans: { type: "string", default: "1000000" },
      weeks: { type: "string", default: "52" },
      daily: { type: "boolean", default: false },
      days: { type: "string" },
      seed: { type: "string", default: "1" },
      force: { type: "boolean", default: false },
    },
  });
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is not set: point it at a migrated database (npm run db:migrate)");
  const domains = whole("domains", values.domains, 1, 1_000_000);
  const result = await seedWorkspace({
    databaseUrl,
    domains,
    scans: whole("scans", values.scans, domains, 100_000_000),
    weeks: whole("weeks", values.weeks, 1, 520),
    daily: values.daily,
    ...(values.days !== undefined ? { days: whole("days", values.days, 1, 3_650) } : {}),
    seed: whole("seed", values.seed, 0, 2 ** 31),
    force: values.force,
    log: (line) => console.log(line),
  });
  console.log(
    `seeded ${result.domains} domains, ${result.scans} scans (${result.failedScans} failed), ${result.findings} findings, ` +
      `${result.domainWeeks} domain-weeks from ${result.templates} report templates; ${result.reportBodies} report bodies ` +
      `(average stored report ${(result.averageReportBytes / 1024).toFixed(1)} KiB) in ${result.seconds.toFixed(1)} s`,
  );
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    printStorage(await measureStorage(c));
  } finally {
    await c.end();
  }
}

const MB = (n: number) => `${(n / 1_048_576).toFixed(1)} MiB`;

function printStorage(s: StorageFigures) {
  console.log(`storage: database ${MB(s.database)}; ${s.scans} scans, ${s.reportBodies} with a report body, ${s.findings} findings`);
  for (const [table, bytes] of Object.entries(s.tables)) console.log(`  ${table.padEnd(14)} ${MB(bytes).padStart(12)}`);
  console.log(`  ${"Scan TOAST".padEnd(14)} ${MB(s.scanToast).padStart(12)}`);
  if (s.scans > 0) {
    const per = (n: number) => `${Math.round(n / s.scans)} B`;
    console.log(`  per scan: Scan ${per(s.tables.Scan)}, Scan + Finding ${per(s.tables.Scan + s.tables.Finding)}, whole database ${per(s.database)}`);
  }
}

main().catch((err: unknown) => {
  console.error(`seed failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
