/**
 * The scan job on graphile-worker's Postgres queue. Jobs are added with SQL inside the same
 * transaction that creates the Scan row, so a scan is never stored without its job or vice versa.
 */
import type { Prisma } from "@/lib/generated/prisma/client";

export const SCAN_TASK = "scan";
/** Attempts before a scan is marked failed: a crashed worker or a database outage costs one each. */
export const SCAN_MAX_ATTEMPTS = 5;

export type ScanJobPayload = { scanId: string };

export function isScanJobPayload(value: unknown): value is ScanJobPayload {
  return typeof value === "object" && value !== null && typeof (value as ScanJobPayload).scanId === "string";
}

/** Enqueues the scan; the job key makes a second request for the same domain update, not duplicate, the job. */
export async function enqueueScan(tx: Prisma.TransactionClient, scanId: string, domainId: string): Promise<void> {
  const payload = JSON.stringify({ scanId } satisfies ScanJobPayload);
  await tx.$executeRaw`SELECT 1 FROM graphile_worker.add_job(${SCAN_TASK}, ${payload}::json, job_key := ${`scan:${domainId}`}, max_attempts := ${SCAN_MAX_ATTEMPTS})`;
}
