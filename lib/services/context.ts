/**
 * Builds the scanner's real dependencies from the environment. Tests point the same adapters at
 * loopback servers through the spec's variables; nothing here knows about fakes.
 */
import os from "node:os";
import type { Env } from "@/lib/env";
import { scanDomain, SCANNER_VERSION } from "@/lib/scan";
import type { TrustAnchors } from "@/lib/scan/x509";
import { createScanDeps } from "@/lib/scan/default-deps";
import type { DnsServerAddress } from "@/lib/scan/net/dns-types";
import { parseResolverList, readSystemResolvers } from "@/lib/scan/net/resolvers";
import { loadTrustAnchors } from "@/lib/scan/net/trust-store";
import type { Scanner } from "@/lib/services/scans/run-scan";

export function resolversFrom(env: Pick<Env, "MAILPOSTURE_DNS">) {
  return env.MAILPOSTURE_DNS ? parseResolverList(env.MAILPOSTURE_DNS) : readSystemResolvers();
}

let anchorsOnce: ReturnType<typeof loadTrustAnchors> | undefined;

/** Node's roots plus NODE_EXTRA_CA_CERTS (a lab's private CA), loaded once per process. */
function trustAnchors() {
  anchorsOnce ??= loadTrustAnchors({ extraCaFile: process.env.NODE_EXTRA_CA_CERTS }).then((loaded) => {
    for (const warning of loaded.warnings) console.warn(`[scanner] ${warning}`);
    return loaded;
  });
  return anchorsOnce;
}

/**
 * What env configures about a scan, as plain values: they cross a thread boundary when the bulk
 * runner (lib/services/bulk) builds one scanner per worker thread from them.
 */
export type ScannerSettings = {
  resolvers: DnsServerAddress[];
  allowPrivate: boolean;
  smtpPort: number;
  httpsPort: number;
  /** Our name in EHLO. */
  ehloName: string;
  /** Extra trusted roots as PEM text (the benchmark's lab CA). */
  extraCaPem?: string[];
  /** A PEM bundle of extra trusted roots (NODE_EXTRA_CA_CERTS). */
  extraCaFile?: string;
};

export function scannerSettings(env: Env): ScannerSettings {
  return {
    resolvers: resolversFrom(env),
    allowPrivate: env.MAILPOSTURE_ALLOW_PRIVATE,
    smtpPort: env.MAILPOSTURE_SMTP_PORT,
    httpsPort: env.MAILPOSTURE_HTTPS_PORT,
    ehloName: os.hostname().includes(".") ? os.hostname() : "scanner.mailposture.invalid",
    extraCaFile: process.env.NODE_EXTRA_CA_CERTS,
  };
}

/** A scanner with these settings; each scan gets its own DNS client (and so its own cache). */
export function scannerWith(settings: ScannerSettings, anchors: () => Promise<TrustAnchors>): Scanner {
  return async (domain, { onProgress, signal }) => {
    const deps = createScanDeps({ resolvers: settings.resolvers, anchors: await anchors(), allowPrivate: settings.allowPrivate, httpsPort: settings.httpsPort });
    return scanDomain(domain, deps, { allowPrivate: settings.allowPrivate, smtpPort: settings.smtpPort, ehloName: settings.ehloName, onProgress, signal });
  };
}

/** A scanner configured from env, with the process's trust anchors. */
export function createScanner(env: Env): Scanner {
  return scannerWith(scannerSettings(env), async () => (await trustAnchors()).anchors);
}

export function scanWorkerSettings(env: Env) {
  const staleAfterMs = env.MAILPOSTURE_WORKER_STALE_SECONDS * 1000;
  return {
    scanner: createScanner(env),
    scannerVersion: SCANNER_VERSION,
    concurrency: env.MAILPOSTURE_WORKER_CONCURRENCY,
    // Several heartbeats fit in the stale window, so one slow UPDATE never looks like a death.
    heartbeatMs: Math.max(250, Math.floor(staleAfterMs / 5)),
    staleAfterMs,
  };
}
