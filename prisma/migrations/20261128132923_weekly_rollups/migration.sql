-- CreateTable
CREATE TABLE "DomainWeek" (
    "domainId" UUID NOT NULL,
    "weekStart" DATE NOT NULL,
    "workspaceId" UUID NOT NULL,
    "scanId" UUID NOT NULL,
    "finishedAt" TIMESTAMPTZ(3) NOT NULL,
    "grade" TEXT NOT NULL,
    "exposure" TEXT,
    "mtaStsEnforce" BOOLEAN NOT NULL DEFAULT false,
    "daneValid" BOOLEAN NOT NULL DEFAULT false,
    "dmarcEnforce" BOOLEAN NOT NULL DEFAULT false,
    "criticalCount" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DomainWeek_pkey" PRIMARY KEY ("domainId","weekStart")
);

-- CreateTable
CREATE TABLE "WorkspaceWeek" (
    "workspaceId" UUID NOT NULL,
    "weekStart" DATE NOT NULL,
    "domains" INTEGER NOT NULL DEFAULT 0,
    "gradeAPlus" INTEGER NOT NULL DEFAULT 0,
    "gradeA" INTEGER NOT NULL DEFAULT 0,
    "gradeB" INTEGER NOT NULL DEFAULT 0,
    "gradeC" INTEGER NOT NULL DEFAULT 0,
    "gradeD" INTEGER NOT NULL DEFAULT 0,
    "gradeF" INTEGER NOT NULL DEFAULT 0,
    "exposed" INTEGER NOT NULL DEFAULT 0,
    "partial" INTEGER NOT NULL DEFAULT 0,
    "protected" INTEGER NOT NULL DEFAULT 0,
    "noInboundMail" INTEGER NOT NULL DEFAULT 0,
    "mtaStsEnforce" INTEGER NOT NULL DEFAULT 0,
    "daneValid" INTEGER NOT NULL DEFAULT 0,
    "dmarcEnforce" INTEGER NOT NULL DEFAULT 0,
    "withCritical" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "WorkspaceWeek_pkey" PRIMARY KEY ("workspaceId","weekStart")
);

-- CreateIndex
CREATE INDEX "DomainWeek_workspaceId_weekStart_idx" ON "DomainWeek"("workspaceId", "weekStart");
