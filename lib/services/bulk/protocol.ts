/** Messages between the bulk runner (parent) and its worker threads. */
import type { StoredObservation } from "@/lib/scan/probe-cache";
import type { ScanReport } from "@/lib/scan/types";
import type { ScannerSettings } from "@/lib/services/context";

export type WorkerInit = { settings: ScannerSettings; moduleUrl: string };

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
  | { type: "report"; domain: string; report: ScanReport; durationMs: number }
  | { type: "error"; domain: string; message: string; durationMs: number }
  | { type: "fatal"; message: string }
  | SharingRequest;
