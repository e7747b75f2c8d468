/**
 * `npm run bench:ingest`: how fast the report parsers (lib/ingest) read what senders send. It
 * generates TLS-RPT and DMARC aggregate reports in memory (a typical daily TLS-RPT report, one with
 * a thousand failure details, a small zipped DMARC report and a ~10 MB gzipped DMARC report with
 * ~25 000 records), then runs each through the job's path — `unpackReport` (detect, inflate under
 * the caps) and the parser — `--iterations` times, and prints reports/s, MB/s of inflated document
 * parsed, and the process's peak RSS. One thread: the queue runs one parse per job.
 *
 *   npm run bench:ingest -- [--iterations 20] [--json]
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { deflateRawSync, gzipSync, crc32 } from "node:zlib";
import { parseDmarcAggregate } from "@/lib/ingest/dmarc";
import { parseTlsRpt } from "@/lib/ingest/tlsrpt";
import { unpackReport } from "@/lib/ingest/unpack";

type Case = { name: string; kind: "tlsrpt" | "dmarc"; bytes: Buffer; iterations: number; rows: (ok: unknown) => number };
type Figure = { name: string; kind: string; inputBytes: number; documentBytes: number; rows: number; iterations: number; reportsPerSecond: number; mbPerSecond: number; msPerReport: number };

const { values } = parseArgs({ options: { iterations: { type: "string", default: "20" }, json: { type: "boolean", default: false } } });
const ITERATIONS = Math.max(1, Number(values.iterations) || 20);

/** A deterministic pseudo-random sequence, so every run parses the same reports. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function tlsRpt(failures: number, seed: number): string {
  const rand = prng(seed);
  const results = ["starttls-not-supported", "certificate-expired", "certificate-host-mismatch", "validation-failure", "sts-policy-fetch-error", "tlsa-invalid"];
  return JSON.stringify({
    "organization-name": "Bench Mail Inc.",
    "date-range": { "start-datetime": "2026-12-01T00:00:00Z", "end-datetime": "2026-12-01T23:59:59Z" },
    "contact-info": "smtp-tls-reporting@bench.example",
    "report-id": `2026-12-01T00:00:00Z_example.com_${seed}`,
    policies: [
      {
        policy: { "policy-type": "sts", "policy-string": ["version: STSv1", "mode: enforce", "mx: mx1.example.com", "mx: mx2.example.com", "max_age: 604800"], "policy-domain": "example.com", "mx-host": ["mx1.example.com", "mx2.example.com"] },
        summary: { "total-successful-session-count": 100_000 + failures, "total-failure-session-count": failures },
        "failure-details": Array.from({ length: failures }, (_, i) => ({
          "result-type": results[Math.floor(rand() * results.length)],
          "sending-mta-ip": `198.51.${Math.floor(rand() * 255)}.${i % 255}`,
          "receiving-mx-hostname": `mx${1 + (i % 2)}.example.com`,
          "receiving-ip": `192.0.2.${1 + (i % 2)}`,
          "failed-session-count": 1 + Math.floor(rand() * 50),
          "additional-information": "https://bench.example/tlsrpt/details",
        })),
      },
    ],
  });
}

function dmarc(records: number, seed: number): string {
  const rand = prng(seed);
  const parts: string[] = [
    `<?xml version="1.0" encoding="UTF-8" ?>\n<feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0">\n  <version>1.0</version>\n  <report_metadata>\n    <org_name>bench.example</org_name>\n    <email>noreply-dmarc@bench.example</email>\n    <report_id>${seed}</report_id>\n    <date_range><begin>1764979200</begin><end>1765065599</end></date_range>\n  </report_metadata>\n  <policy_published>\n    <domain>example.com</domain><adkim>r</adkim><aspf>r</aspf><p>quarantine</p><sp>quarantine</sp><np>reject</np><testing>n</testing><discovery_method>treewalk</discovery_method>\n  </policy_published>\n`,
  ];
  for (let i = 0; i < records; i++) {
    const pass = rand() < 0.8;
    const ip = `${10 + Math.floor(rand() * 200)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}`;
    const esp = `esp${Math.floor(rand() * 500)}.example.net`;
    // Compact like most generators' output: ~400 bytes a record, so 25 000 records are ~10 MB.
    parts.push(
      `<record><row><source_ip>${ip}</source_ip><count>${1 + Math.floor(rand() * 100)}</count><policy_evaluated><disposition>${pass ? "none" : "quarantine"}</disposition><dkim>${pass ? "pass" : "fail"}</dkim><spf>${pass ? "pass" : "fail"}</spf></policy_evaluated></row>` +
        `<identifiers><header_from>example.com</header_from></identifiers>` +
        `<auth_results><dkim><domain>example.com</domain><selector>s${i % 4}</selector><result>${pass ? "pass" : "fail"}</result></dkim><spf><domain>bounce.${esp}</domain><result>${pass ? "pass" : "softfail"}</result></spf></auth_results></record>\n`,
    );
  }
  parts.push("</feedback>\n");
  return parts.join("");
}

/** One stored (deflate) member: what Google's and Microsoft's DMARC zips look like. */
function zipOne(name: string, data: Buffer): Buffer {
  const body = deflateRawSync(data);
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc32(data) >>> 0, 14);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc32(data) >>> 0, 16);
  central.writeUInt32LE(body.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(46 + nameBytes.length, 12);
  eocd.writeUInt32LE(30 + nameBytes.length + body.length, 16);
  return Buffer.concat([local, nameBytes, body, central, nameBytes, eocd]);
}

async function run(c: Case): Promise<Figure> {
  let documentBytes = 0;
  let rows = 0;
  // One untimed pass: checks the report parses, and warms the JIT.
  const once = async () => {
    const unpacked = await unpackReport(c.bytes);
    if (!unpacked.ok || unpacked.kind !== c.kind) throw new Error(`${c.name}: ${unpacked.ok ? `kind ${unpacked.kind}` : unpacked.error}`);
    let parsedRows = 0;
    for (const doc of unpacked.documents) {
      const parsed = c.kind === "tlsrpt" ? parseTlsRpt(doc) : parseDmarcAggregate(doc);
      if (!parsed.ok) throw new Error(`${c.name}: ${parsed.error}`);
      parsedRows += c.rows(parsed.report);
    }
    return { bytes: unpacked.documents.reduce((sum, d) => sum + d.length, 0), rows: parsedRows };
  };
  ({ bytes: documentBytes, rows } = await once());
  const started = performance.now();
  for (let i = 0; i < c.iterations; i++) await once();
  const seconds = (performance.now() - started) / 1000;
  return {
    name: c.name,
    kind: c.kind,
    inputBytes: c.bytes.length,
    documentBytes,
    rows,
    iterations: c.iterations,
    reportsPerSecond: c.iterations / seconds,
    mbPerSecond: (documentBytes * c.iterations) / 1e6 / seconds,
    msPerReport: (seconds * 1000) / c.iterations,
  };
}

const tlsRows = (r: unknown) => (r as { policies: { failures: unknown[] }[] }).policies.reduce((n, p) => n + p.failures.length, 0);
const dmarcRows = (r: unknown) => (r as { records: unknown[] }).records.length;
const bigDmarc = Buffer.from(dmarc(25_000, 4));
const cases: Case[] = [
  { name: "TLS-RPT daily (gzip, 5 failures)", kind: "tlsrpt", bytes: gzipSync(tlsRpt(5, 1)), iterations: ITERATIONS * 100, rows: tlsRows },
  { name: "TLS-RPT large (gzip, 1 000 failures)", kind: "tlsrpt", bytes: gzipSync(tlsRpt(1000, 2)), iterations: ITERATIONS * 5, rows: tlsRows },
  { name: "DMARC daily (zip, 20 records)", kind: "dmarc", bytes: zipOne("bench.example!example.com!1764979200!1765065599.xml", Buffer.from(dmarc(20, 3))), iterations: ITERATIONS * 50, rows: dmarcRows },
  { name: `DMARC ${(bigDmarc.length / 1e6).toFixed(1)} MB (gzip, 25 000 records)`, kind: "dmarc", bytes: gzipSync(bigDmarc), iterations: ITERATIONS, rows: dmarcRows },
];

// The inputs exist now; what the runs add on top of this is the parsers' own memory.
const inputsRssMb = process.memoryUsage.rss() / 1024 / 1024;
const figures: Figure[] = [];
for (const c of cases) figures.push(await run(c));
// getrusage's maxrss: the process's peak resident set (kilobytes on Linux), generation included.
const peakRssMb = process.resourceUsage().maxRSS / 1024;

if (values.json) {
  console.log(JSON.stringify({ node: process.version, cpus: os.availableParallelism(), inputsRssMb, peakRssMb, figures }, null, 2));
} else {
  console.log(`ingest parsers — node ${process.version}, ${os.availableParallelism()} CPUs, one thread, ${ITERATIONS} base iterations`);
  for (const f of figures) {
    console.log(
      `${f.name.padEnd(40)} ${f.reportsPerSecond.toFixed(1).padStart(9)} reports/s  ${f.mbPerSecond.toFixed(1).padStart(6)} MB/s  ${f.msPerReport.toFixed(2).padStart(8)} ms/report  ` +
        `(${(f.inputBytes / 1e3).toFixed(0)} kB in, ${(f.documentBytes / 1e3).toFixed(0)} kB parsed, ${f.rows} rows, ×${f.iterations})`,
    );
  }
  console.log(`peak RSS ${peakRssMb.toFixed(0)} MB (${inputsRssMb.toFixed(0)} MB with the generated inputs, before the first parse)`);
}
