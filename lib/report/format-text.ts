/** The readable, optionally coloured summary of a report that the CLI prints. Pure. */
import type { CheckStatus, ScanReport, Severity } from "@/lib/scan/types";
import { countFindings } from "./summary";
import { SEVERITY_ORDER, verdictSentence } from "./verdict";

type Paint = (code: string, text: string) => string;

const STATUS_MARK: Record<CheckStatus, [string, string]> = {
  pass: ["✓ pass", "32"],
  warn: ["▲ warning", "33"],
  fail: ["✕ fail", "31"],
  missing: ["◌ missing", "33"],
  error: ["? inconclusive", "90"],
  "n/a": ["– not applicable", "90"],
};

const SEVERITY_COLOR: Record<Severity, string> = { critical: "1;41;97", high: "1;31", medium: "33", low: "36", info: "90" };

const AREAS: [keyof ScanReport["checks"], string][] = [
  ["starttls", "MX & STARTTLS"],
  ["mtaSts", "MTA-STS"],
  ["tlsRpt", "TLS-RPT"],
  ["dane", "DANE / DNSSEC"],
  ["dmarc", "DMARC"],
  ["spf", "SPF"],
];

/** A few lines of evidence per area, so a reader sees why without opening the JSON. */
function areaEvidence(report: ScanReport, key: keyof ScanReport["checks"]): string[] {
  const c = report.checks[key] as Record<string, unknown>;
  switch (key) {
    case "mtaSts": {
      const p = report.checks.mtaSts.policy;
      const fetch = c.fetch as { kind?: string; status?: number; contentType?: string | null; detail?: string } | undefined;
      return [
        ...(p ? [`policy: mode ${p.mode}, max_age ${p.maxAge}, mx ${p.mx.join(" ")}`] : []),
        ...(fetch && fetch.kind !== "ok" ? [`policy fetch: ${fetch.kind}${fetch.detail ? ` (${fetch.detail})` : ""}`] : []),
        ...(fetch?.kind === "ok" && fetch.status !== 200 ? [`policy fetch: HTTP ${fetch.status}`] : []),
      ];
    }
    case "dmarc":
      return [
        ...(typeof c.policy === "string" ? [`policy ${c.policy}${c.inherited ? ` (inherited from ${String(c.source)})` : ""}`] : []),
      ];
    case "spf":
      return typeof c.lookups === "number" ? [`${c.lookups}/10 DNS lookups, ${String(c.voidLookups ?? 0)} void${c.macrosNotExpanded ? "; macros counted, not expanded" : ""}`] : [];
    case "dane":
      return c.resolverValidating === false ? ["resolver does not validate DNSSEC: DANE not judged"] : typeof c.dnssec === "string" ? [`domain DNSSEC: ${c.dnssec}`] : [];
    default:
      return [];
  }
}

export function formatReportText(report: ScanReport, options: { color: boolean }): string {
  const paint: Paint = options.color ? (code, text) => `\x1b[${code}m${text}\x1b[0m` : (_code, text) => text;
  const gradeColor = report.grade.startsWith("A") ? "1;32" : report.grade === "B" ? "1;36" : report.grade === "C" ? "1;33" : "1;31";
  const lines: string[] = [];
  // A scan without a grade says why instead of showing the grade it stored (docs/report-format.md `notGraded`).
  const grade = report.notGraded ? paint("1;33", `Not graded: ${report.notGraded}`) : `${paint(gradeColor, `Grade ${report.grade}`)} (${report.score}/100)`;
  lines.push(`${paint("1", report.domain)}  ${grade}  scanned ${report.startedAt} in ${(report.durationMs / 1000).toFixed(1)} s`);
  const sentence = verdictSentence(report);
  lines.push(sentence);
  lines.push("");
  for (const [key, label] of AREAS) {
    const check = report.checks[key];
    const [word, color] = STATUS_MARK[check.status] ?? STATUS_MARK.error;
    const record = typeof check.record === "string" ? `  ${paint("90", check.record)}` : "";
    lines.push(`  ${label.padEnd(15)}${paint(color, word.padEnd(18))}${record}`);
    for (const fact of areaEvidence(report, key)) lines.push(`  ${" ".repeat(33)}${paint("90", fact)}`);
  }
  if (report.exposure && report.exposure.hosts.length > 0) {
    lines.push("", paint("1", "STARTTLS stripping, per MX"));
    for (const h of report.exposure.hosts) lines.push(`  ${h.host}: protected for ${h.protectedFor} (${h.why})`);
  }
  if (report.mx.length > 0) {
    lines.push("", paint("1", "Mail servers"));
    for (const mx of report.mx) {
      lines.push(`  ${mx.host}${mx.implicit ? " (implicit MX)" : ""}  preference ${mx.preference}  DNSSEC ${mx.dnssec}${mx.tlsa ? `  TLSA ${mx.tlsa.records.length} (${mx.tlsa.usable ? "usable" : "unusable"})` : ""}`);
      if (mx.endpoints.length === 0) lines.push(`    ${paint("90", "no address")}`);
      for (const e of mx.endpoints) {
        const tls = e.tls ? `  ${e.tls.version} ${e.tls.cipher}` : "";
        const cert = e.certificate ? `  cert ${e.certificate.subject}, expires ${e.certificate.notAfter.slice(0, 10)}${e.certificate.trusted ? "" : ", untrusted"}${e.certificate.nameMatches ? "" : ", name mismatch"}` : "";
        const dane = e.dane ? `  DANE ${e.dane.matches ? "match" : "no match"}` : "";
        const detail = e.detail ? `  (${e.detail})` : "";
        lines.push(`    ${e.address.padEnd(16)} ${e.starttls}${tls}${cert}${dane}${detail}`);
      }
    }
  }
  const findings = [...report.findings].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  // The same count the dashboard and API show (./summary.ts countFindings), with the severity split.
  const counts = countFindings(report.findings);
  const split = SEVERITY_ORDER.filter((s) => counts.bySeverity[s] > 0).map((s) => `${counts.bySeverity[s]} ${s}`);
  lines.push("", paint("1", `Findings (${counts.total})${split.length > 0 ? `: ${split.join(", ")}` : ""}`));
  if (findings.length === 0) lines.push("  none");
  for (const f of findings) {
    lines.push(`  ${paint(SEVERITY_COLOR[f.severity], f.severity.toUpperCase().padEnd(8))} ${f.title}${f.host ? `  [${f.host}]` : ""}  ${paint("90", f.id)}`);
    lines.push(`           ${f.detail}`);
    lines.push(`           ${paint("1", "Fix:")} ${f.fix}`);
  }
  return lines.join("\n") + "\n";
}
