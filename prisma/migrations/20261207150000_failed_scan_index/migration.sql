-- Failed scans by domain and finish time: the portfolio's stale test asks, for every domain with a
-- schedule, whether a scan failed after its latest finished one. A partial index over the few
-- failed rows answers that in one short probe per domain (Prisma's schema cannot express a
-- partial index; like "Scan_one_active_per_domain" it lives in the migrations only).
CREATE INDEX "Scan_failed_domainId_finishedAt_idx" ON "Scan" ("domainId", "finishedAt" DESC) WHERE status = 'failed';
