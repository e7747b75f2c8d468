/** Messages between the bulk runner (parent) and its worker threads. */
import type { StoredObservation } from "@/lib/scan/probe-cache";
import type { ScannerSettings } from "@/lib/services/context";

export type WorkerInit = { settings: ScannerSettings; moduleUrl: string };

/** What a progress line needs of a report, sent beside its text so the parent need not parse it. */
export type ReportHeadline = { grade: string; notGraded?: string };

export function headlineOf(report: { grade: string; notGraded?: string }): ReportHeadline {
  return report.notGraded ? { grade: report.grade, notGraded: report.notGraded } : { grade: report.grade };
}

/**
 * The run's one probe cache and limiter live in the parent (docs/politeness.md): a thread asks it
 * before every SMTP session, so all threads of a run share observations and per-address limits.
 */
export type SharingRequest =
  | { type: "share"; id: number; key: { host: string; address: string; port: number }; maxAgeMs: number; refresh: boolean }
  | { type: "probed"; id: number; stored: StoredObservation; shareable: boolean }
  | { type: "acquire"; id: number; address: string }
  | { type: "release"; id: number }
  | { type: "backoff"; address: string; until: number };

export type SharingReply =
  | { type: "probe-now"; id: number }
  | { type: "shared"; id: number; stored: StoredObservation; reused: boolean }
  | { type: "acquired"; id: number };

export type ToWorker = { type: "scan"; domain: string } | SharingReply;

export type FromWorker =
  | { type: "ready"; warnings: string[]; anchorCount: number; anchorsLoadMs: number }
  /** The report as its JSON text: one flat string crosses threads instead of a deep object graph. */
  | { type: "report"; domain: string; json: string; headline: ReportHeadline; durationMs: number }
  | { type: "error"; domain: string; message: string; durationMs: number }
  | { type: "fatal"; message: string }
  | SharingRequest;
