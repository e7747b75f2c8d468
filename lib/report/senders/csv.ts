/**
 * The sender reports of one domain as a CSV download (docs/ui.md §5.8): one line per stored
 * report. Organisation names and report ids are the sender's text, so they go through csvCell,
 * which keeps `=HYPERLINK(…)` and its kin as text in a spreadsheet.
 */
import { csvLines } from "@/lib/report/csv";

export type SenderReportLine = {
  kind: string;
  orgName: string;
  reportId: string;
  rangeStart: Date;
  rangeEnd: Date;
  channel: string;
  verified: boolean;
  conflict: boolean;
  /** TLS-RPT: sessions and failed sessions over all policies; null for DMARC. */
  sessions: number | null;
  failures: number | null;
  /** DMARC: messages and messages that passed neither DKIM nor SPF; null for TLS-RPT. */
  messages: number | null;
  dmarcFail: number | null;
};

export const SENDER_CSV_COLUMNS = [
  "Kind",
  "Organisation",
  "Report id",
  "From (UTC)",
  "To (UTC)",
  "Received via",
  "Verified",
  "Same id, other content",
  "TLS sessions",
  "TLS failures",
  "DMARC messages",
  "DMARC fail",
];

export function senderReportsCsv(lines: SenderReportLine[]): string {
  return csvLines([
    SENDER_CSV_COLUMNS,
    ...lines.map((l) => [
      l.kind === "tlsrpt" ? "TLS-RPT" : "DMARC",
      l.orgName,
      l.reportId,
      l.rangeStart.toISOString(),
      l.rangeEnd.toISOString(),
      l.channel,
      l.verified ? "yes" : "no",
      l.conflict ? "yes" : "no",
      l.sessions,
      l.failures,
      l.messages,
      l.dmarcFail,
    ]),
  ]);
}
