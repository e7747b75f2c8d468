-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "dedupeKey" TEXT,
ALTER COLUMN "scanId" DROP NOT NULL,
ALTER COLUMN "previousScanId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "IngestSettings" (
    "workspaceId" UUID NOT NULL,
    "tokenHash" TEXT,
    "tokenCreatedAt" TIMESTAMPTZ(3),
    "imapUrl" TEXT,
    "imapMailbox" TEXT NOT NULL DEFAULT 'INBOX',
    "imapDoneMailbox" TEXT NOT NULL DEFAULT '',
    "imapLastPollAt" TIMESTAMPTZ(3),
    "imapLastError" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IngestSettings_pkey" PRIMARY KEY ("workspaceId")
);

-- CreateTable
CREATE TABLE "RawReport" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "sha256" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "kind" TEXT,
    "contentType" TEXT,
    "bytes" BYTEA NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "verified" BOOLEAN NOT NULL DEFAULT false,
    "origin" JSONB,
    "processedAt" TIMESTAMPTZ(3),

    CONSTRAINT "RawReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SenderReport" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "rawId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "domainId" UUID NOT NULL,
    "orgName" TEXT NOT NULL,
    "contactInfo" TEXT,
    "reportId" TEXT NOT NULL,
    "rangeStart" TIMESTAMPTZ(3) NOT NULL,
    "rangeEnd" TIMESTAMPTZ(3) NOT NULL,
    "verified" BOOLEAN NOT NULL DEFAULT false,
    "conflict" BOOLEAN NOT NULL DEFAULT false,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "policyPublished" JSONB,

    CONSTRAINT "SenderReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TlsRptPolicy" (
    "id" BIGSERIAL NOT NULL,
    "reportId" UUID NOT NULL,
    "domainId" UUID NOT NULL,
    "policyType" TEXT NOT NULL,
    "policyDomain" TEXT NOT NULL,
    "policyStrings" TEXT[],
    "mxHosts" TEXT[],
    "successCount" BIGINT NOT NULL DEFAULT 0,
    "failureCount" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "TlsRptPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TlsRptFailure" (
    "id" BIGSERIAL NOT NULL,
    "policyId" BIGINT NOT NULL,
    "domainId" UUID NOT NULL,
    "resultType" TEXT NOT NULL,
    "sendingMtaIp" TEXT,
    "receivingMxHost" TEXT,
    "receivingMxHelo" TEXT,
    "receivingIp" TEXT,
    "failedSessions" BIGINT NOT NULL DEFAULT 0,
    "additionalInfo" TEXT,
    "failureReasonCode" TEXT,

    CONSTRAINT "TlsRptFailure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DmarcRow" (
    "id" BIGSERIAL NOT NULL,
    "reportId" UUID NOT NULL,
    "domainId" UUID NOT NULL,
    "sourceIp" TEXT NOT NULL,
    "count" BIGINT NOT NULL,
    "disposition" TEXT NOT NULL,
    "dkim" TEXT NOT NULL,
    "spf" TEXT NOT NULL,
    "headerFrom" TEXT NOT NULL,
    "envelopeFrom" TEXT,
    "authResults" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "DmarcRow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SenderDay" (
    "domainId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "workspaceId" UUID NOT NULL,
    "tlsSuccess" BIGINT NOT NULL DEFAULT 0,
    "tlsFailure" BIGINT NOT NULL DEFAULT 0,
    "tlsFailureByType" JSONB NOT NULL DEFAULT '{}',
    "dmarcMessages" BIGINT NOT NULL DEFAULT 0,
    "dmarcPass" BIGINT NOT NULL DEFAULT 0,
    "dmarcFail" BIGINT NOT NULL DEFAULT 0,
    "reports" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SenderDay_pkey" PRIMARY KEY ("domainId","day")
);

-- CreateTable
CREATE TABLE "ReverseDns" (
    "address" TEXT NOT NULL,
    "name" TEXT,
    "checkedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReverseDns_pkey" PRIMARY KEY ("address")
);

-- CreateIndex
CREATE UNIQUE INDEX "IngestSettings_tokenHash_key" ON "IngestSettings"("tokenHash");

-- CreateIndex
CREATE INDEX "RawReport_workspaceId_receivedAt_idx" ON "RawReport"("workspaceId", "receivedAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "RawReport_workspaceId_sha256_key" ON "RawReport"("workspaceId", "sha256");

-- CreateIndex
CREATE INDEX "SenderReport_domainId_rangeStart_idx" ON "SenderReport"("domainId", "rangeStart" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "SenderReport_workspaceId_kind_orgName_reportId_key" ON "SenderReport"("workspaceId", "kind", "orgName", "reportId");

-- CreateIndex
CREATE INDEX "TlsRptPolicy_domainId_idx" ON "TlsRptPolicy"("domainId");

-- CreateIndex
CREATE INDEX "TlsRptFailure_domainId_resultType_idx" ON "TlsRptFailure"("domainId", "resultType");

-- CreateIndex
CREATE INDEX "DmarcRow_domainId_sourceIp_idx" ON "DmarcRow"("domainId", "sourceIp");

-- CreateIndex
CREATE INDEX "DmarcRow_reportId_idx" ON "DmarcRow"("reportId");

-- CreateIndex
CREATE INDEX "TlsRptPolicy_reportId_idx" ON "TlsRptPolicy"("reportId");

-- CreateIndex
CREATE INDEX "TlsRptFailure_policyId_idx" ON "TlsRptFailure"("policyId");

-- CreateIndex
CREATE INDEX "SenderDay_workspaceId_day_idx" ON "SenderDay"("workspaceId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "Event_dedupeKey_key" ON "Event"("dedupeKey");

-- AddForeignKey
ALTER TABLE "IngestSettings" ADD CONSTRAINT "IngestSettings_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RawReport" ADD CONSTRAINT "RawReport_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SenderReport" ADD CONSTRAINT "SenderReport_rawId_fkey" FOREIGN KEY ("rawId") REFERENCES "RawReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SenderReport" ADD CONSTRAINT "SenderReport_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TlsRptPolicy" ADD CONSTRAINT "TlsRptPolicy_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "SenderReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TlsRptFailure" ADD CONSTRAINT "TlsRptFailure_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "TlsRptPolicy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DmarcRow" ADD CONSTRAINT "DmarcRow_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "SenderReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SenderDay" ADD CONSTRAINT "SenderDay_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;


