/**
 * The scanner one bulk thread runs: the settings come in as plain values (they cross a thread
 * boundary), and the scan itself is lib/services/context.ts's, so a bulk scan is configured
 * exactly like a dashboard or single-domain CLI scan. Each thread (or the main thread, with one
 * thread) loads its trust anchors once.
 */
import { performance } from "node:perf_hooks";
import { loadTrustAnchors } from "@/lib/scan/net/trust-store";
import type { ScanReport } from "@/lib/scan/types";
import { memorySharing, scannerWith, type ProbeSharingHandles, type ScannerSettings } from "@/lib/services/context";

export type ThreadScanner = {
  scan(domain: string): Promise<ScanReport>;
  /** Trust-store problems (roots left out); the caller decides where they go. */
  warnings: string[];
  anchorCount: number;
  anchorsLoadMs: number;
};

/**
 * `sharing`: the run's probe cache and limiter (a worker thread passes the parent's, reached by
 * messages); without it the scanner shares in memory within this thread.
 */
export async function createThreadScanner(settings: ScannerSettings, sharing?: ProbeSharingHandles): Promise<ThreadScanner> {
  const started = performance.now();
  const { anchors, warnings } = await loadTrustAnchors({ extraCaPem: settings.extraCaPem, extraCaFile: settings.extraCaFile });
  const anchorsLoadMs = performance.now() - started;
  // scannerWith's scanner is async: a dependency that throws while being built rejects that scan only.
  const scanner = scannerWith(settings, async () => anchors, sharing ?? memorySharing(settings.politeness));
  return {
    warnings,
    anchorCount: anchors.certificates.length,
    anchorsLoadMs,
    scan: (domain) => scanner(domain, { onProgress: () => {}, signal: new AbortController().signal }),
  };
}
