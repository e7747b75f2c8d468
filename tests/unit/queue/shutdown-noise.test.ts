/**
 * The queue logger's shutdown filter (lib/queue/schema.ts): connection drops are silent only once
 * the process is stopping; before that, and for any other error, they are reported.
 */
import { expect, it } from "vitest";
import { isShutdownNoise, markShuttingDown } from "@/lib/queue/schema";

const ADMIN = "terminating connection due to administrator command";

it("reports a dropped connection while running, and keeps quiet about it once stopping", () => {
  expect(isShutdownNoise(ADMIN)).toBe(false);
  expect(isShutdownNoise("Connection terminated unexpectedly")).toBe(false);

  markShuttingDown();
  expect(isShutdownNoise(ADMIN)).toBe(true);
  expect(isShutdownNoise("PostgreSQL idle client generated error: Connection terminated unexpectedly")).toBe(true);
  expect(isShutdownNoise("the database system is shutting down")).toBe(true);
  expect(isShutdownNoise("connect ECONNREFUSED 127.0.0.1:5432")).toBe(true);
  // Real failures stay visible during shutdown too.
  expect(isShutdownNoise('relation "graphile_worker._private_jobs" does not exist')).toBe(false);
  expect(isShutdownNoise("Failed to return jobs from local queue to database queue (attempt 1/3)")).toBe(false);
});
