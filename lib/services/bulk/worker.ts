/**
 * A bulk-scan worker thread (started through worker-bootstrap.mjs): builds its own scanner from
 * the serializable settings, then scans every domain the parent sends, at once (the parent keeps
 * the number in flight at the thread's share of the concurrency), answering each with its report
 * or, if the scan threw, its error message.
 */
import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import { headlineOf, type FromWorker, type ToWorker, type WorkerInit } from "./protocol";
import { remoteSharing } from "./shared-probes";
import { createThreadScanner } from "./thread-scanner";

const port = parentPort;
if (!port) throw new Error("lib/services/bulk/worker.ts runs only as a worker thread");
const post = (message: FromWorker): void => port.postMessage(message);
const { settings } = workerData as WorkerInit;
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

try {
  const sharing = remoteSharing(port);
  const scanner = await createThreadScanner(settings, sharing.handles);
  port.on("message", (message: ToWorker) => {
    if (message.type !== "scan") return sharing.onReply(message);
    const { domain } = message;
    const started = performance.now();
    scanner.scan(domain).then(
      (report) => {
        try {
          post({ type: "report", domain, json: JSON.stringify(report), headline: headlineOf(report), durationMs: performance.now() - started });
        } catch (error) {
          post({ type: "error", domain, message: `report could not be sent: ${messageOf(error)}`, durationMs: performance.now() - started });
        }
      },
      (error: unknown) => post({ type: "error", domain, message: messageOf(error), durationMs: performance.now() - started }),
    );
  });
  post({ type: "ready", warnings: scanner.warnings, anchorCount: scanner.anchorCount, anchorsLoadMs: scanner.anchorsLoadMs });
} catch (error) {
  post({ type: "fatal", message: `could not start: ${messageOf(error)}` });
}
