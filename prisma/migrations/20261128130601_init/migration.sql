-- CreateEnum
CREATE TYPE "ScanStatus" AS ENUM ('queued', 'running', 'done', 'failed');

-- CreateTable
CREATE TABLE "Workspace" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Workspace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Domain" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Domain_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Scan" (
    "id" UUID NOT NULL,
    "domainId" UUID NOT NULL,
    "status" "ScanStatus" NOT NULL DEFAULT 'queued',
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "durationMs" INTEGER,
    "grade" TEXT,
    "score" INTEGER,
    "scannerVersion" TEXT,
    "rulesetVersion" INTEGER,
    "report" JSONB,
    "progress" JSONB,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "workerId" TEXT,
    "heartbeatAt" TIMESTAMPTZ(3),

    CONSTRAINT "Scan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Finding" (
    "id" BIGSERIAL NOT NULL,
    "scanId" UUID NOT NULL,
    "domainId" UUID NOT NULL,
    "findingId" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "host" TEXT,

    CONSTRAINT "Finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DomainLatest" (
    "domainId" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "scanId" UUID NOT NULL,
    "finishedAt" TIMESTAMPTZ(3) NOT NULL,
    "grade" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "exposure" TEXT,
    "mtaStsMode" TEXT,
    "daneState" TEXT,
    "dmarcPolicy" TEXT,
    "criticalCount" INTEGER NOT NULL DEFAULT 0,
    "highCount" INTEGER NOT NULL DEFAULT 0,
    "findingIds" TEXT[],

    CONSTRAINT "DomainLatest_pkey" PRIMARY KEY ("domainId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Workspace_slug_key" ON "Workspace"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Domain_workspaceId_name_key" ON "Domain"("workspaceId", "name");

-- CreateIndex
CREATE INDEX "Scan_domainId_requestedAt_idx" ON "Scan"("domainId", "requestedAt" DESC);

-- CreateIndex
CREATE INDEX "Scan_status_requestedAt_idx" ON "Scan"("status", "requestedAt");

-- CreateIndex
CREATE INDEX "Scan_status_heartbeatAt_idx" ON "Scan"("status", "heartbeatAt");

-- CreateIndex
CREATE INDEX "Finding_scanId_idx" ON "Finding"("scanId");

-- CreateIndex
CREATE INDEX "Finding_findingId_domainId_idx" ON "Finding"("findingId", "domainId");

-- CreateIndex
CREATE INDEX "DomainLatest_workspaceId_grade_idx" ON "DomainLatest"("workspaceId", "grade");

-- CreateIndex
CREATE INDEX "DomainLatest_workspaceId_finishedAt_idx" ON "DomainLatest"("workspaceId", "finishedAt" DESC);

-- AddForeignKey
ALTER TABLE "Domain" ADD CONSTRAINT "Domain_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Scan" ADD CONSTRAINT "Scan_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_scanId_fkey" FOREIGN KEY ("scanId") REFERENCES "Scan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DomainLatest" ADD CONSTRAINT "DomainLatest_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "Domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (Prisma's schema does not express it): one domain has at most one active scan.
CREATE UNIQUE INDEX "Scan_one_active_per_domain" ON "Scan" ("domainId") WHERE status IN ('queued','running');
