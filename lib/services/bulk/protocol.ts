/** Messages between the bulk runner (parent) and its worker threads. */
import type { ScanReport } from "@/lib/scan/types";
import type { ScannerSettings } from "@/lib/services/context";

export type WorkerInit = { settings: ScannerSettings; moduleUrl: string };

export type ToWorker = { type: "scan"; domain: string };

export type FromWorker =
  | { type: "ready"; warnings: string[]; anchorCount: number; anchorsLoadMs: number }
  | { type: "report"; domain: string; report: ScanReport; durationMs: number }
  | { type: "error"; domain: string; message: string; durationMs: number }
  | { type: "fatal"; message: string };
