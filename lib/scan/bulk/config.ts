/**
 * The scan one bulk thread runs: plain, serializable settings in (they cross a thread boundary),
 * a `scan(domain)` function out. Each thread (or the main thread, with one thread) loads its trust
 * anchors once and gives every scan fresh dependencies, as lib/services/context.ts does.
 */
import { performance } from "node:perf_hooks";
import { createScanDeps } from "../default-deps";
import type { DnsServerAddress } from "../net/dns-types";
import { loadTrustAnchors } from "../net/trust-store";
import { scanDomain } from "../scan-domain";
import type { ScanReport } from "../types";

/** Everything a bulk thread needs to scan, as structured-clone-safe values (no env is read here). */
export type BulkScanConfig = {
  resolvers: DnsServerAddress[];
  allowPrivate: boolean;
  smtpPort: number;
  httpsPort: number;
  /** Our name in EHLO. */
  ehloName: string;
  /** Extra trusted roots as PEM text. */
  extraCaPem?: string[];
  /** Path of a PEM bundle of extra roots (the caller passes NODE_EXTRA_CA_CERTS). */
  extraCaFile?: string;
};

export type ThreadScanner = {
  scan(domain: string): Promise<ScanReport>;
  /** Trust-store problems (roots left out); the caller decides where they go. */
  warnings: string[];
  anchorCount: number;
  anchorsLoadMs: number;
};

export async function createThreadScanner(config: BulkScanConfig): Promise<ThreadScanner> {
  const started = performance.now();
  const { anchors, warnings } = await loadTrustAnchors({ extraCaPem: config.extraCaPem, extraCaFile: config.extraCaFile });
  const anchorsLoadMs = performance.now() - started;
  return {
    warnings,
    anchorCount: anchors.certificates.length,
    anchorsLoadMs,
    // async: a dependency that throws while being built rejects this scan only.
    scan: async (domain) => {
      const deps = createScanDeps({ resolvers: config.resolvers, anchors, allowPrivate: config.allowPrivate, httpsPort: config.httpsPort });
      return scanDomain(domain, deps, {
        allowPrivate: config.allowPrivate,
        smtpPort: config.smtpPort,
        ehloName: config.ehloName,
        onProgress: () => {},
        signal: new AbortController().signal,
      });
    },
  };
}
