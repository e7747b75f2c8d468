/**
 * Builds the scanner's real dependencies from the environment. Tests point the same adapters at
 * loopback servers through the spec's variables; nothing here knows about fakes.
 */
import os from "node:os";
import type { Env } from "@/lib/env";
import { scanDomain, SCANNER_VERSION } from "@/lib/scan";
import { createScanDeps } from "@/lib/scan/default-deps";
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

/** A scanner configured from env; each scan gets its own DNS client (and so its own cache). */
export function createScanner(env: Env): Scanner {
  const resolvers = resolversFrom(env);
  const ehloName = os.hostname().includes(".") ? os.hostname() : "scanner.mailposture.invalid";
  return async (domain, { onProgress, signal }) => {
    const { anchors } = await trustAnchors();
    const deps = createScanDeps({ resolvers, anchors, allowPrivate: env.MAILPOSTURE_ALLOW_PRIVATE, httpsPort: env.MAILPOSTURE_HTTPS_PORT });
    return scanDomain(domain, deps, { allowPrivate: env.MAILPOSTURE_ALLOW_PRIVATE, smtpPort: env.MAILPOSTURE_SMTP_PORT, ehloName, onProgress, signal });
  };
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
