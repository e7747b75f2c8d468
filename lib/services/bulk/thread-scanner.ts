/**
 * The scanner one bulk thread runs: the settings come in as plain values (they cross a thread
 * boundary), and the scan itself is lib/services/context.ts's, so a bulk scan is configured
 * exactly like a dashboard or single-domain CLI scan. Each thread (or the main thread, with one
 * thread) loads its trust anchors once.
 */
import { performance } from "node:perf_hooks";
import { loadTrustAnchors } from "@/lib/scan/net/trust-store";
import type { ScanReport } from "@/lib/scan/types";
import { scannerWith, type ScannerSettings } from "@/lib/services/context";

export type ThreadScanner = {
  scan(domain: string): Promise<ScanReport>;
  /** Trust-store problems (roots left out); the caller decides where they go. */
  warnings: string[];
  anchorCount: number;
  anchorsLoadMs: number;
};

export async function createThreadScanner(settings: ScannerSettings): Promise<ThreadScanner> {
  const started = performance.now();
  const { anchors, warnings } = await loadTrustAnchors({ extraCaPem: settings.extraCaPem, extraCaFile: settings.extraCaFile });
  const anchorsLoadMs = performance.now() - started;
  // scannerWith's scanner is async: a dependency that throws while being built rejects that scan only.
  const scanner = scannerWith(settings, async () => anchors);
  return {
    warnings,
    anchorCount: anchors.certificates.length,
    anchorsLoadMs,
    scan: (domain) => scanner(domain, { onProgress: () => {}, signal: new AbortController().signal }),
  };
}
