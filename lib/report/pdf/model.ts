/**
 * Everything the PDF report shows, derived from a stored report with the same pure functions the web
 * report uses (verdict, exposure rows, area summaries, why-not-higher, finding groups, TLSA
 * matrices), so paper and screen always agree. Pure: the document component only lays this out.
 */
import { areaSummary, type AreaSummary } from "../area-facts";
import { AREAS, groupFindings, type AreaMeta, type FindingGroup } from "../areas";
import { deadlineOf, dueText } from "../deadlines";
import { mtaStsEvidence, flattenSpfTree, spfEvidence } from "../evidence";
import { exposureSummary, type ExposureSummary } from "../exposure";
import { countFindings, type FindingCounts } from "../summary";
import { tlsaMatrix, type TlsaMatrix } from "../tlsa";
import { verdictSentence, EXPOSURE_WORD } from "../verdict";
import { whyNotHigher, type WhyNotHigher } from "../why-not-higher";
import type { SenderSummary } from "../senders/view-types";
import type { MxHost, ScanReport } from "@/lib/scan/types";

export type PdfReportInput = {
  report: ScanReport;
  /** The workspace the domain belongs to, printed in the header and footer. */
  workspaceName: string;
  /** The stored scan's id, printed so a reader can find the same scan again. */
  scanId: string;
  /** When the PDF is made: certificate expiry ("in 12 days") is judged against it. */
  generatedAt: Date;
  /** What senders reported over the last 30 days (TLS-RPT, DMARC aggregate), when any report arrived. */
  senders?: SenderSummary;
};

export type PdfArea = { meta: AreaMeta; summary: AreaSummary; groups: FindingGroup[] };

export type PdfReportModel = {
  domain: string;
  workspaceName: string;
  scanId: string;
  generatedAt: Date;
  report: ScanReport;
  /** "Grade B · 78/100", or "Not graded: <reason>" for a scan without a grade (report `notGraded`). */
  gradeLine: string;
  /** What the grade box shows: the grade, or "?" when not graded. */
  gradeMark: string;
  sentence: string;
  exposure: ExposureSummary;
  exposureWord: string;
  why: WhyNotHigher;
  /** The one finding count (../summary.ts), as the dashboard and API show it. */
  counts: FindingCounts;
  /** Whether the stored score equals what the current table gives (else the sum line is not shown). */
  sumMatches: boolean;
  areas: PdfArea[];
  /** Findings to act on (severity above info), worst first, as on the web page. */
  actionable: FindingGroup[];
  /** Deadline lines by finding id ("expires in 4 days (12 Dec 2026): renew now"), lib/report/deadlines.ts. */
  due: Record<string, string>;
  /** Info findings, listed compactly: no action needed. */
  info: FindingGroup[];
  mx: MxHost[];
  tlsa: { host: string; matrix: TlsaMatrix }[];
  /** The MTA-STS policy file as fetched, when there was one. */
  policyText?: string;
  /** The SPF include tree, depth-first (only when it has includes to show). */
  spfTree: { domain: string; via: string; outcome: string; lookups: number; depth: number }[];
  /** The senders' 30-day summary, only when reports exist (reported names are untrusted text). */
  senders?: SenderSummary;
};

export function buildPdfModel(input: PdfReportInput): PdfReportModel {
  const { report } = input;
  const groups = groupFindings(report.findings);
  const exposure = exposureSummary(report);
  const why = whyNotHigher(report.findings);
  const spfNodes = flattenSpfTree(spfEvidence(report).includeTree);
  return {
    domain: report.domain,
    workspaceName: input.workspaceName,
    scanId: input.scanId,
    generatedAt: input.generatedAt,
    report,
    gradeLine: report.notGraded ? `Not graded: ${report.notGraded}` : `Grade ${report.grade} · ${report.score}/100`,
    gradeMark: report.notGraded ? "?" : report.grade,
    sentence: verdictSentence(report),
    exposure,
    exposureWord: EXPOSURE_WORD[exposure.verdict],
    why,
    counts: countFindings(report.findings),
    sumMatches: why.score === report.score && why.grade === report.grade,
    areas: AREAS.map((meta) => ({ meta, summary: areaSummary(report, meta.key, input.generatedAt), groups: groups.filter((g) => g.place === meta.key) })),
    actionable: groups.filter((g) => g.severity !== "info"),
    due: Object.fromEntries(
      groups.flatMap((g) => {
        const due = g.severity === "info" ? undefined : deadlineOf(g, report, input.generatedAt);
        return due ? [[g.id, dueText(due)]] : [];
      }),
    ),
    info: groups.filter((g) => g.severity === "info"),
    mx: report.mx,
    tlsa: report.mx.flatMap((m) => {
      const matrix = tlsaMatrix(m);
      return matrix ? [{ host: m.host, matrix }] : [];
    }),
    policyText: mtaStsEvidence(report).policyText,
    ...(input.senders && input.senders.reports.tlsrpt + input.senders.reports.dmarc > 0 ? { senders: input.senders } : {}),
    spfTree: spfNodes.length > 1 ? spfNodes.map(({ node, depth }) => ({ domain: node.domain, via: node.via === "root" ? "the domain" : (node.term ?? node.via), outcome: node.outcome, lookups: node.lookups, depth })) : [],
  };
}
