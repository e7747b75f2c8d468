/** The readable, optionally coloured summary of a report that the CLI prints. Pure. */
import type { CheckStatus, ScanReport, Severity } from "@/lib/scan/types";

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
const SEVERITY_ORDER: Severity[] = ["critical", "high", "medium", "low", "info"];

const AREAS: [keyof ScanReport["checks"], string][] = [
  ["starttls", "MX & STARTTLS"],
  ["mtaSts", "MTA-STS"],
  ["tlsRpt", "TLS-RPT"],
  ["dane", "DANE / DNSSEC"],
  ["dmarc", "DMARC"],
  ["spf", "SPF"],
];

function verdictSentence(report: ScanReport): string | undefined {
  return report.exposure?.sentence;
}

export function formatReportText(report: ScanReport, options: { color: boolean }): string {
  const paint: Paint = options.color ? (code, text) => `\x1b[${code}m${text}\x1b[0m` : (_code, text) => text;
  const gradeColor = report.grade.startsWith("A") ? "1;32" : report.grade === "B" ? "1;36" : report.grade === "C" ? "1;33" : "1;31";
  const lines: string[] = [];
  lines.push(`${paint("1", report.domain)}  ${paint(gradeColor, `Grade ${report.grade}`)} (${report.score}/100)  scanned ${report.startedAt} in ${(report.durationMs / 1000).toFixed(1)} s`);
  const sentence = verdictSentence(report);
  if (sentence) lines.push(sentence);
  lines.push("");
  for (const [key, label] of AREAS) {
    const check = report.checks[key];
    const [word, color] = STATUS_MARK[check.status] ?? STATUS_MARK.error;
    const record = typeof check.record === "string" ? `  ${paint("90", check.record)}` : "";
    lines.push(`  ${label.padEnd(15)}${paint(color, word.padEnd(18))}${record}`);
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
  lines.push("", paint("1", `Findings (${findings.length})`));
  if (findings.length === 0) lines.push("  none");
  for (const f of findings) {
    lines.push(`  ${paint(SEVERITY_COLOR[f.severity], f.severity.toUpperCase().padEnd(8))} ${f.title}${f.host ? `  [${f.host}]` : ""}  ${paint("90", f.id)}`);
    lines.push(`           ${f.detail}`);
    lines.push(`           ${paint("1", "Fix:")} ${f.fix}`);
  }
  return lines.join("\n") + "\n";
}
