-- Monitoring (docs/monitoring.md, docs/alerts.md): rescan schedules, change events, alert channels,
-- rules, deliveries and digests. Written by hand to hold only these tables and columns.

-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN "scanIntervalSeconds" INTEGER NOT NULL DEFAULT 86400;

-- AlterTable
ALTER TABLE "Domain" ADD COLUMN "scanIntervalSeconds" INTEGER,
ADD COLUMN "nextScanAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "Event" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "domainId" UUID NOT NULL,
    "scanId" UUID NOT NULL,
    "previousScanId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "before" TEXT,
    "after" TEXT,
    "summary" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertChannel" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "secret" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertChannel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertRule" (
    "id" UUID NOT NULL,
    "channelId" UUID NOT NULL,
    "kinds" TEXT[],
    "minSeverity" TEXT NOT NULL DEFAULT 'high',
    "mode" TEXT NOT NULL DEFAULT 'immediate',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertDelivery" (
    "id" UUID NOT NULL,
    "channelId" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "log" JSONB NOT NULL DEFAULT '[]',
    "digestId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),

    CONSTRAINT "AlertDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertDigest" (
    "id" UUID NOT NULL,
    "channelId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "log" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),

    CONSTRAINT "AlertDigest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Event_workspaceId_createdAt_idx" ON "Event"("workspaceId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Event_domainId_createdAt_idx" ON "Event"("domainId", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Event_scanId_kind_subject_key" ON "Event"("scanId", "kind", "subject");

-- CreateIndex
CREATE INDEX "AlertChannel_workspaceId_idx" ON "AlertChannel"("workspaceId");

-- CreateIndex
CREATE INDEX "AlertRule_channelId_idx" ON "AlertRule"("channelId");

-- CreateIndex
CREATE INDEX "AlertDelivery_channelId_status_idx" ON "AlertDelivery"("channelId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "AlertDelivery_channelId_eventId_key" ON "AlertDelivery"("channelId", "eventId");

-- CreateIndex
CREATE UNIQUE INDEX "AlertDigest_channelId_day_key" ON "AlertDigest"("channelId", "day");

-- Scheduler: the due-domain scan (lib/services/monitoring/schedule.ts).
CREATE INDEX "Domain_nextScanAt_idx" ON "Domain"("nextScanAt");

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertChannel" ADD CONSTRAINT "AlertChannel_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertRule" ADD CONSTRAINT "AlertRule_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "AlertChannel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertDelivery" ADD CONSTRAINT "AlertDelivery_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "AlertChannel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertDelivery" ADD CONSTRAINT "AlertDelivery_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertDelivery" ADD CONSTRAINT "AlertDelivery_digestId_fkey" FOREIGN KEY ("digestId") REFERENCES "AlertDigest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertDigest" ADD CONSTRAINT "AlertDigest_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "AlertChannel"("id") ON DELETE CASCADE ON UPDATE CASCADE;
