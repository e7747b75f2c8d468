import { FileJson, History } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { areaSummary, type AreaSummary } from "@/lib/report/area-facts";
import { AREAS, groupFindings, type AreaKey, type AreaMeta, type FindingGroup } from "@/lib/report/areas";
import {
  daneEvidence,
  dmarcDiscoverySentence,
  dmarcEvidence,
  dmarcRecordsView,
  mtaStsEvidence,
  mtaStsRecordsView,
  spfEvidence,
  spfRecordsView,
  starttlsEvidence,
  tlsRptEvidence,
  tlsRptRecordsView,
} from "@/lib/report/evidence";
import { exposureSummary } from "@/lib/report/exposure";
import { formatDuration, formatUtcLong } from "@/lib/report/format";
import { countFindings } from "@/lib/report/summary";
import { EXPOSURE_WORD, verdictSentence } from "@/lib/report/verdict";
import type { ScanReport } from "@/lib/scan/types";
import { AreaCard, areaTone } from "./area-card";
import { AreaChips } from "./area-chips";
import { DaneEvidenceView } from "./evidence/dane";
import { MxEvidence } from "./evidence/endpoints";
import { MtaStsEvidenceView } from "./evidence/mta-sts";
import { DmarcEvidenceView, SpfEvidenceView, TlsRptEvidenceView } from "./evidence/policies";
import { ExposureCard } from "./exposure-card";
import { FindingsSection } from "./findings-section";
import { FixFirst } from "./fix-first";
import { fixFirstOrder } from "@/lib/report/deadlines";
import { STATUS_META, StatusIcon } from "./status-label";
import { VerdictSummary } from "./verdict-summary";

function evidenceFor(key: AreaKey, report: ScanReport, now: Date): ReactNode {
  switch (key) {
    case "starttls":
      return <MxEvidence mx={report.mx} now={now} messages={starttlsEvidence(report).messages} />;
    case "mtaSts":
      return <MtaStsEvidenceView e={mtaStsEvidence(report)} domain={report.domain} mx={report.mx} records={mtaStsRecordsView(report)} />;
    case "tlsRpt":
      return <TlsRptEvidenceView e={tlsRptEvidence(report)} records={tlsRptRecordsView(report)} />;
    case "dane":
      return <DaneEvidenceView mx={report.mx} dane={daneEvidence(report)} />;
    case "dmarc":
      return <DmarcEvidenceView e={dmarcEvidence(report)} domain={report.domain} records={dmarcRecordsView(report)} discovery={dmarcDiscoverySentence(report)} />;
    case "spf":
      return <SpfEvidenceView e={spfEvidence(report)} records={spfRecordsView(report)} />;
  }
}

type Area = { meta: AreaMeta; summary: AreaSummary; groups: FindingGroup[] };

function areasOf(report: ScanReport, groups: FindingGroup[], now: Date): Area[] {
  return AREAS.map((meta) => ({ meta, summary: areaSummary(report, meta.key, now), groups: groups.filter((g) => g.place === meta.key) }));
}

export type ReportViewProps = {
  report: ScanReport;
  /** Time the page was rendered (ages, certificate expiry). */
  now?: Date;
  /** The domain's Fix page; findings a suggested file resolves link there. Omit in read-only views. */
  fixHref?: string;
};

/**
 * The report body in the order of docs/ui.md §0 — verdict → why → evidence → fix: grade, verdict and
 * why not higher; the exposure card; area chips; fix first; the six area cards in fixed order;
 * all findings by severity. The first part is the printed summary page.
 */
export function ReportView({ report, now = new Date(), fixHref }: ReportViewProps) {
  const groups = groupFindings(report.findings);
  const areas = areasOf(report, groups, now);
  return (
    <div className="space-y-6">
      <div className="print-summary space-y-6">
        <VerdictSummary report={report} sentence={verdictSentence(report)} groups={groups} />
        <ExposureCard summary={exposureSummary(report)} domain={report.domain} findings={groups.filter((g) => g.place === "exposure")} />
        <AreaChips chips={areas} />
        <FixFirst items={fixFirstOrder(groups, report, now)} fixHref={fixHref} />
      </div>
      <section aria-labelledby="areas-h" className="space-y-4">
        <h2 id="areas-h" className="text-lg font-semibold">
          Checks by area
        </h2>
        {areas.map((a) => (
          <AreaCard key={a.meta.key} meta={a.meta} summary={a.summary} groups={a.groups} evidence={evidenceFor(a.meta.key, report, now)} />
        ))}
      </section>
      <FindingsSection findings={report.findings} fixHref={fixHref} />
    </div>
  );
}

/** The right rail at ≥ 1280 px (docs/ui.md §5.2): on this page, scan metadata, JSON. */
export function ReportRail({ report, scanId, jsonHref, historyHref }: { report: ScanReport; scanId?: string; jsonHref?: string; historyHref?: string }) {
  const groups = groupFindings(report.findings);
  const now = new Date(report.startedAt);
  const areas = areasOf(report, groups, now);
  const exposure = exposureSummary(report).verdict;
  return (
    <div className="sticky top-4 space-y-4 text-sm">
      <nav aria-label="On this page" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500">On this page</h2>
        <ul className="mt-2 space-y-1.5">
          <li>
            <a href="#exposure" className="text-blue-700 hover:underline">
              Exposure: {EXPOSURE_WORD[exposure]}
            </a>
          </li>
          {areas.map((a) => (
            <li key={a.meta.key}>
              <a href={`#${a.meta.anchor}`} className="inline-flex items-center gap-1.5 text-blue-700 hover:underline">
                <StatusIcon status={a.summary.status} tone={areaTone(a.summary, a.groups)} />
                {a.meta.title}
                <span className="sr-only">: {STATUS_META[a.summary.status]?.word}</span>
              </a>
            </li>
          ))}
          {groups.some((g) => g.severity !== "info") ? (
            <li>
              <a href="#fix-first" className="text-blue-700 hover:underline">
                Fix first
              </a>
            </li>
          ) : null}
          <li>
            <a href="#findings" className="text-blue-700 hover:underline">
              Findings ({countFindings(report.findings).total})
            </a>
          </li>
        </ul>
      </nav>
      <section aria-labelledby="meta-h" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="meta-h" className="text-xs font-semibold uppercase tracking-wide text-slate-500">
          Scan metadata
        </h2>
        <dl className="mt-2 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1">
          <dt className="text-slate-500">Started</dt>
          <dd>{formatUtcLong(report.startedAt)}</dd>
          <dt className="text-slate-500">Duration</dt>
          <dd>{formatDuration(report.durationMs)}</dd>
          <dt className="text-slate-500">Scanner</dt>
          <dd>{report.scannerVersion ?? "unknown"}</dd>
          <dt className="text-slate-500">Rules</dt>
          <dd>{report.rulesetVersion ?? "unknown"}</dd>
          <dt className="text-slate-500">Schema</dt>
          <dd>{report.schemaVersion}</dd>
          {scanId ? (
            <>
              <dt className="text-slate-500">Scan id</dt>
              <dd className="font-mono text-xs break-all">{scanId}</dd>
            </>
          ) : null}
        </dl>
        <div className="mt-3 flex flex-col gap-1.5">
          {jsonHref ? (
            <a href={jsonHref} className="inline-flex items-center gap-1 text-blue-700 hover:underline">
              <FileJson aria-hidden className="h-4 w-4" /> Report as JSON
            </a>
          ) : null}
          {historyHref ? (
            <Link href={historyHref} className="inline-flex items-center gap-1 text-blue-700 hover:underline">
              <History aria-hidden className="h-4 w-4" /> History
            </Link>
          ) : null}
        </div>
      </section>
    </div>
  );
}
