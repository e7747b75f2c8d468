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
import { createMemoryLimiter, createMemoryProbeCache, shareProbe, type BackoffPolicy, type DestinationLimiter, type PolitenessLimits, type ProbeCache } from "@/lib/scan/probe-cache";
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
  /** Shared SMTP observations and politeness per address (docs/politeness.md); unset: neither. */
  politeness?: PolitenessSettings;
};

/** How SMTP observations are shared and sessions to one address limited (docs/politeness.md). */
export type PolitenessSettings = {
  /** Age up to which an observation of (MX host, address, port) serves other scans; 0: never. */
  ttlMs: number;
  perAddress: PolitenessLimits;
  backoff?: BackoffPolicy;
};

/** The cache and limiter a scanner shares with other scans (in memory, or PostgreSQL-backed). */
export type ProbeSharingHandles = { cache?: ProbeCache; limiter?: DestinationLimiter };

/** The service's politeness from env: 4 concurrent and 120 new sessions a minute per address by default. */
export function politenessSettings(env: Env): PolitenessSettings {
  return {
    ttlMs: env.MAILPOSTURE_PROBE_TTL_SECONDS * 1000,
    perAddress: {
      concurrent: env.MAILPOSTURE_PER_ADDRESS_CONCURRENCY,
      ...(env.MAILPOSTURE_PER_ADDRESS_RATE > 0 ? { perWindow: env.MAILPOSTURE_PER_ADDRESS_RATE } : {}),
      windowMs: env.MAILPOSTURE_PER_ADDRESS_WINDOW_MS,
    },
  };
}

export function scannerSettings(env: Env): ScannerSettings {
  return {
    resolvers: resolversFrom(env),
    allowPrivate: env.MAILPOSTURE_ALLOW_PRIVATE,
    smtpPort: env.MAILPOSTURE_SMTP_PORT,
    httpsPort: env.MAILPOSTURE_HTTPS_PORT,
    ehloName: os.hostname().includes(".") ? os.hostname() : "scanner.mailposture.invalid",
    extraCaFile: process.env.NODE_EXTRA_CA_CERTS,
    politeness: politenessSettings(env),
  };
}

/**
 * A scanner with these settings; each scan gets its own DNS client (and so its own cache). Its
 * SMTP probes go through `shared` (the process's, or the one a scan passes: the workers' PostgreSQL
 * cache and limiter), so domains naming the same MX share one observation (docs/politeness.md).
 */
export function scannerWith(settings: ScannerSettings, anchors: () => Promise<TrustAnchors>, shared?: ProbeSharingHandles): Scanner {
  return async (domain, { onProgress, signal, refreshProbes, sharing }) => {
    const deps = createScanDeps({ resolvers: settings.resolvers, anchors: await anchors(), allowPrivate: settings.allowPrivate, httpsPort: settings.httpsPort });
    const handles = sharing ?? shared;
    if (handles && settings.politeness) {
      const p = settings.politeness;
      deps.probe = shareProbe(deps.probe, {
        ...(p.ttlMs > 0 && handles.cache ? { cache: handles.cache } : {}),
        ...(handles.limiter ? { limiter: handles.limiter } : {}),
        maxAgeMs: p.ttlMs,
        refresh: refreshProbes ?? false,
        ...(p.backoff ? { backoff: p.backoff } : {}),
      });
    }
    return scanDomain(domain, deps, { allowPrivate: settings.allowPrivate, smtpPort: settings.smtpPort, ehloName: settings.ehloName, onProgress, signal });
  };
}

/** A scanner configured from env, with the process's trust anchors. */
export function createScanner(env: Env, politeness?: PolitenessSettings): Scanner {
  const settings = { ...scannerSettings(env), ...(politeness ? { politeness } : {}) };
  return scannerWith(settings, async () => (await trustAnchors()).anchors, memorySharing(settings.politeness));
}

/** One process's cache and limiter (the CLI, one bulk run): nothing outlives the process. */
export function memorySharing(politeness: PolitenessSettings | undefined): ProbeSharingHandles | undefined {
  if (!politeness) return undefined;
  return { cache: createMemoryProbeCache(), limiter: createMemoryLimiter(politeness.perAddress) };
}

export function scanWorkerSettings(env: Env) {
  const staleAfterMs = env.MAILPOSTURE_WORKER_STALE_SECONDS * 1000;
  return {
    // Workers share observations and politeness through PostgreSQL: the scan task passes the
    // handles (lib/services/probe-cache) with each scan, so this scanner has none of its own.
    scanner: scannerWith(scannerSettings(env), async () => (await trustAnchors()).anchors),
    politeness: politenessSettings(env),
    unchangedRetentionDays: env.MAILPOSTURE_UNCHANGED_RETENTION_DAYS,
    scannerVersion: SCANNER_VERSION,
    concurrency: env.MAILPOSTURE_WORKER_CONCURRENCY,
    // Several heartbeats fit in the stale window, so one slow UPDATE never looks like a death.
    heartbeatMs: Math.max(250, Math.floor(staleAfterMs / 5)),
    staleAfterMs,
  };
}
