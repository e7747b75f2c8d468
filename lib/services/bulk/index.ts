/**
 * Bulk scans sharded over worker threads: one event loop saturates at a few hundred domains/s, so
 * a bulk run uses one thread per core, each scanning its share of the concurrency with its own
 * dependencies and trust anchors. With one thread the scans run in this thread, as before.
 *
 *   await runBulkScans({ domains, concurrency: 50, threads: 2, settings: scannerSettings(env), onReport, onError });
 *
 * Domains are pulled from the (async) iterable only when a thread has a free slot, so a file is
 * streamed, not loaded whole; reports are emitted in completion order. A scan that throws is
 * reported through onError; a thread that dies fails the run (the promise rejects).
 *
 * A report reaches onReport as its JSON text, made in the scanning thread, with the object parsed
 * only when asked for: the CLI's --json output writes the text as it is, so the parent thread
 * neither rebuilds each report's object graph from the structured clone nor stringifies it again.
 */
import os from "node:os";
import { performance, type EventLoopUtilization } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import type { ScanReport } from "@/lib/scan/types";
import { memorySharing, type ScannerSettings } from "@/lib/services/context";
import { headlineOf, type FromWorker, type ReportHeadline, type ToWorker, type WorkerInit } from "./protocol";
import { isSharingRequest, serveSharing } from "./shared-probes";
import { createThreadScanner } from "./thread-scanner";
import type { EntryCode } from "@/lib/runtime/bundle.mjs";
import { workerEntry } from "./worker-entry";

export type ScanInfo = { domain: string; durationMs: number; thread: number };

/** One finished scan: `json` is JSON.stringify(report); `report` parses it on first use. */
export type BulkReport = { readonly json: string; readonly report: ScanReport; readonly headline: ReportHeadline };

function bulkReport(json: string, headline: ReportHeadline): BulkReport {
  let parsed: ScanReport | undefined;
  return {
    json,
    headline,
    get report() {
      return (parsed ??= JSON.parse(json) as ScanReport);
    },
  };
}

export type BulkRunOptions = {
  domains: AsyncIterable<string> | Iterable<string>;
  onReport: (result: BulkReport, info: ScanInfo) => void;
  onError: (domain: string, message: string, info: ScanInfo) => void;
};

export type BulkScannerOptions = {
  /** Scans in flight across all threads (each thread gets at most ceil(concurrency / threads)). */
  concurrency: number;
  /** Worker threads (default: os.availableParallelism()); 1 scans in the calling thread. */
  threads?: number;
  /** How every thread scans (lib/services/context.ts scannerSettings(env), or the benchmark's lab). */
  settings: ScannerSettings;
};

export type BulkScanner = {
  readonly threads: number;
  /** Trust-store warnings of every thread (deduplicated). */
  readonly warnings: string[];
  readonly anchorCount: number;
  /** Slowest thread's trust-anchor load. */
  readonly anchorsLoadMs: number;
  /** How the worker threads load the scanner (worker-entry.ts); null when scanning in the calling thread. */
  readonly threadCode: EntryCode | null;
  /** Scans the domains; resolves when every one has been reported. One run at a time. */
  run(options: BulkRunOptions): Promise<void>;
  /** Each thread's event-loop utilization so far (pass an earlier snapshot to get the difference). */
  eventLoopUtilization(before?: EventLoopUtilization[]): EventLoopUtilization[];
  close(): Promise<void>;
};

export function defaultThreads(): number {
  return os.availableParallelism();
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Starts the threads (waiting until each has loaded its trust anchors). */
export async function createBulkScanner(options: BulkScannerOptions): Promise<BulkScanner> {
  const threads = options.threads ?? defaultThreads();
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads must be a whole number of at least 1, not ${threads}`);
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new Error(`concurrency must be a whole number of at least 1, not ${options.concurrency}`);
  return threads === 1 ? inProcess(options) : await withWorkers(options, threads);
}

/** createBulkScanner + run + close. */
export async function runBulkScans(options: BulkScannerOptions & BulkRunOptions): Promise<void> {
  const scanner = await createBulkScanner(options);
  try {
    await scanner.run(options);
  } finally {
    await scanner.close();
  }
}

async function inProcess(options: BulkScannerOptions): Promise<BulkScanner> {
  const scanner = await createThreadScanner(options.settings);
  return {
    threads: 1,
    warnings: scanner.warnings,
    anchorCount: scanner.anchorCount,
    anchorsLoadMs: scanner.anchorsLoadMs,
    threadCode: null,
    eventLoopUtilization: (before) => [performance.eventLoopUtilization(before?.[0])],
    close: async () => {},
    async run({ domains, onReport, onError }) {
      const running = new Set<Promise<void>>();
      for await (const domain of domains) {
        const started = performance.now();
        const p = scanner
          .scan(domain)
          .then(
            (report) => onReport(inThread(report), { domain, durationMs: performance.now() - started, thread: 0 }),
            (error: unknown) => onError(domain, messageOf(error), { domain, durationMs: performance.now() - started, thread: 0 }),
          )
          .finally(() => running.delete(p));
        running.add(p);
        if (running.size >= options.concurrency) await Promise.race(running);
      }
      await Promise.all(running);
    },
  };
}

/** A report scanned in this thread: the object is at hand, the text is made when asked for. */
function inThread(report: ScanReport): BulkReport {
  let json: string | undefined;
  return {
    report,
    headline: headlineOf(report),
    get json() {
      return (json ??= JSON.stringify(report));
    },
  };
}

type Thread = { index: number; worker: Worker; inFlight: number };

async function withWorkers(options: BulkScannerOptions, count: number): Promise<BulkScanner> {
  const perThread = Math.ceil(options.concurrency / count);
  // One cache and limiter for the whole run, in this thread (docs/politeness.md).
  const sharing = memorySharing(options.settings.politeness);
  const entry = await workerEntry();
  const init: WorkerInit = { settings: options.settings, moduleUrl: new URL("./worker.ts", import.meta.url).href };
  let closing = false;
  /** The first thread failure or callback error; every waiting run rejects with it. */
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const fail = (error: Error): void => {
    failure ??= error;
    notify();
  };
  let handlers: Pick<BulkRunOptions, "onReport" | "onError"> | undefined;

  const threads: Thread[] = [];
  const ready: Promise<Extract<FromWorker, { type: "ready" }>>[] = [];
  for (let index = 0; index < count; index++) {
    let worker: Worker;
    try {
      worker = new Worker(entry.url, { workerData: init });
    } catch (error) {
      closing = true;
      await Promise.all(threads.map((t) => t.worker.terminate()));
      throw new Error(`bulk scan thread ${index + 1} of ${count} could not start: ${messageOf(error)}`);
    }
    const thread: Thread = { index, worker, inFlight: 0 };
    threads.push(thread);
    const serve = sharing ? serveSharing(worker, sharing) : undefined;
    ready.push(
      new Promise((resolve, reject) => {
        const crashed = (message: string): void => {
          const error = new Error(`bulk scan thread ${index + 1} of ${count} ${message}`);
          reject(error);
          fail(error);
        };
        worker.on("message", (message: FromWorker) => {
          if (isSharingRequest(message)) return serve?.(message);
          if (message.type === "ready") return resolve(message);
          if (message.type === "fatal") return crashed(message.message);
          thread.inFlight--;
          const info: ScanInfo = { domain: message.domain, durationMs: message.durationMs, thread: index };
          try {
            if (message.type === "report") handlers?.onReport(bulkReport(message.json, message.headline), info);
            else handlers?.onError(message.domain, message.message, info);
          } catch (error) {
            fail(error instanceof Error ? error : new Error(String(error)));
          }
          notify();
        });
        worker.on("error", (error) => crashed(`crashed: ${messageOf(error)}`));
        worker.on("exit", (code) => {
          if (!closing) crashed(`exited unexpectedly (code ${code})${thread.inFlight > 0 ? ` with ${thread.inFlight} scan(s) in flight` : ""}`);
        });
      }),
    );
  }
  const close = async (): Promise<void> => {
    closing = true;
    await Promise.all(threads.map((t) => t.worker.terminate()));
  };
  let started: Extract<FromWorker, { type: "ready" }>[];
  try {
    started = await Promise.all(ready);
  } catch (error) {
    await close();
    throw error;
  }

  const idle = (): boolean => threads.every((t) => t.inFlight === 0);
  const waitForChange = async (): Promise<void> => {
    if (failure) throw failure;
    await new Promise<void>((resolve) => (wake = resolve));
    if (failure) throw failure;
  };
  /** The least busy thread with a free slot, if the total is under the concurrency. */
  const freeThread = (): Thread | undefined => {
    let total = 0;
    let best: Thread | undefined;
    for (const t of threads) {
      total += t.inFlight;
      if (t.inFlight < perThread && (!best || t.inFlight < best.inFlight)) best = t;
    }
    return total < options.concurrency ? best : undefined;
  };

  return {
    threads: count,
    warnings: [...new Set(started.flatMap((s) => s.warnings))],
    anchorCount: started[0]?.anchorCount ?? 0,
    anchorsLoadMs: Math.max(...started.map((s) => s.anchorsLoadMs)),
    threadCode: entry.bundled ? { bundled: true } : { bundled: false, reason: entry.reason },
    eventLoopUtilization: (before) => threads.map((t, i) => t.worker.performance.eventLoopUtilization(before?.[i])),
    close,
    async run({ domains, onReport, onError }) {
      if (handlers) throw new Error("a bulk run is already in progress");
      handlers = { onReport, onError };
      try {
        for await (const domain of domains) {
          let thread = freeThread();
          while (!thread) {
            await waitForChange();
            thread = freeThread();
          }
          if (failure) throw failure;
          thread.inFlight++;
          thread.worker.postMessage({ type: "scan", domain } satisfies ToWorker);
        }
        while (!idle()) await waitForChange();
        if (failure) throw failure;
      } finally {
        handlers = undefined;
      }
    },
  };
}
