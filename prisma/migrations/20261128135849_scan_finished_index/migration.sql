-- CreateIndex
CREATE INDEX "Scan_finishedAt_idx" ON "Scan"("finishedAt" DESC);
