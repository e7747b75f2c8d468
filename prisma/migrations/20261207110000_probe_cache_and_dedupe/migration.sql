-- Shared SMTP observations and politeness per destination (docs/politeness.md).

-- CreateTable
CREATE TABLE "ProbeResult" (
    "host" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "observedAt" TIMESTAMPTZ(3),
    "observation" JSONB,
    "claimedBy" TEXT,
    "claimedUntil" TIMESTAMPTZ(3),

    CONSTRAINT "ProbeResult_pkey" PRIMARY KEY ("host","address","port")
);

-- CreateTable
CREATE TABLE "DestinationSession" (
    "id" BIGSERIAL NOT NULL,
    "address" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),
    "leaseUntil" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DestinationSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DestinationBackoff" (
    "address" TEXT NOT NULL,
    "notBefore" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DestinationBackoff_pkey" PRIMARY KEY ("address")
);

-- CreateIndex
CREATE INDEX "ProbeResult_observedAt_idx" ON "ProbeResult"("observedAt");

-- CreateIndex
CREATE INDEX "DestinationSession_address_startedAt_idx" ON "DestinationSession"("address", "startedAt");

-- Storage grows with change: a report equal to its predecessor's is stored as a reference.
-- AlterTable
ALTER TABLE "Scan" ADD COLUMN "reportHash" TEXT,
ADD COLUMN "reportRefScanId" UUID;

-- CreateIndex
CREATE INDEX "Scan_reportRefScanId_idx" ON "Scan"("reportRefScanId");

-- AddForeignKey
ALTER TABLE "Scan" ADD CONSTRAINT "Scan_reportRefScanId_fkey" FOREIGN KEY ("reportRefScanId") REFERENCES "Scan"("id") ON DELETE NO ACTION ON UPDATE CASCADE;
