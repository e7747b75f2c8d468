/**
 * The scan job on graphile-worker's Postgres queue. Jobs are added with SQL inside the same
 * transaction that creates the Scan row, so a scan is never stored without its job or vice versa.
 */
import type { Prisma } from "@/lib/generated/prisma/client";

export const SCAN_TASK = "scan";
/** Attempts before a scan is marked failed: a crashed worker or a database outage costs one each. */
export const SCAN_MAX_ATTEMPTS = 5;

/** `fresh`: a person asked for this scan (Rescan): its SMTP probes are not reused (docs/politeness.md). */
export type ScanJobPayload = { scanId: string; fresh?: boolean };

export function isScanJobPayload(value: unknown): value is ScanJobPayload {
  return typeof value === "object" && value !== null && typeof (value as ScanJobPayload).scanId === "string";
}

export function isFreshScanPayload(value: unknown): boolean {
  return isScanJobPayload(value) && (value as ScanJobPayload).fresh === true;
}

/** Enqueues the scan; the job key makes a second request for the same domain update, not duplicate, the job. */
export async function enqueueScan(tx: Prisma.TransactionClient, scanId: string, domainId: string, options: { fresh?: boolean } = {}): Promise<void> {
  const payload = JSON.stringify({ scanId, ...(options.fresh ? { fresh: true } : {}) } satisfies ScanJobPayload);
  await tx.$executeRaw`SELECT 1 FROM graphile_worker.add_job(${SCAN_TASK}, ${payload}::json, job_key := ${`scan:${domainId}`}, max_attempts := ${SCAN_MAX_ATTEMPTS})`;
}

/**
 * Scheduled scans (docs/monitoring.md) share the scan task and job key but queue behind what a
 * person asked for: graphile-worker runs lower priority numbers first, and a "Rescan" has 0.
 */
export const SCHEDULED_SCAN_PRIORITY = 10;

export async function enqueueScheduledScan(tx: Prisma.TransactionClient, scanId: string, domainId: string): Promise<void> {
  const payload = JSON.stringify({ scanId } satisfies ScanJobPayload);
  await tx.$executeRaw`SELECT 1 FROM graphile_worker.add_job(${SCAN_TASK}, ${payload}::json, job_key := ${`scan:${domainId}`}, max_attempts := ${SCAN_MAX_ATTEMPTS}, priority := ${SCHEDULED_SCAN_PRIORITY})`;
}

/** One alert delivery (an AlertDelivery or AlertDigest row); retries are scheduled by the task itself. */
export const ALERT_TASK = "alert";

export type AlertJobPayload = { deliveryId: string } | { digestId: string };

export function isAlertJobPayload(value: unknown): value is AlertJobPayload {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.deliveryId === "string" || typeof v.digestId === "string";
}

/**
 * Queues (or re-queues, at `runAt`) the delivery. The job key holds one job per delivery, so a
 * retry replaces rather than adds, and a duplicate enqueue cannot send twice.
 */
export async function enqueueAlert(tx: Prisma.TransactionClient, payload: AlertJobPayload, runAt: Date | null = null): Promise<void> {
  const key = "deliveryId" in payload ? `alert:${payload.deliveryId}` : `digest:${payload.digestId}`;
  const json = JSON.stringify(payload);
  if (runAt) {
    await tx.$executeRaw`SELECT 1 FROM graphile_worker.add_job(${ALERT_TASK}, ${json}::json, job_key := ${key}, run_at := ${runAt}::timestamptz, max_attempts := 3)`;
  } else {
    await tx.$executeRaw`SELECT 1 FROM graphile_worker.add_job(${ALERT_TASK}, ${json}::json, job_key := ${key}, max_attempts := 3)`;
  }
}

/**
 * One received sender report (a RawReport row) to unpack, parse and store (docs/ingest.md). Its
 * own task type, run by its own runner with its own concurrency, so a flood of reports never
 * takes the slots scans run in.
 */
export const INGEST_TASK = "ingest-report";
export const INGEST_MAX_ATTEMPTS = 3;

export type IngestJobPayload = { rawId: string };

export function isIngestJobPayload(value: unknown): value is IngestJobPayload {
  return typeof value === "object" && value !== null && typeof (value as IngestJobPayload).rawId === "string";
}

/** In the transaction that stores the RawReport; the job key makes a second enqueue a no-op. */
export async function enqueueIngestReport(tx: Prisma.TransactionClient, rawId: string): Promise<void> {
  const payload = JSON.stringify({ rawId } satisfies IngestJobPayload);
  await tx.$executeRaw`SELECT 1 FROM graphile_worker.add_job(${INGEST_TASK}, ${payload}::json, job_key := ${`ingest:${rawId}`}, max_attempts := ${INGEST_MAX_ATTEMPTS})`;
}
