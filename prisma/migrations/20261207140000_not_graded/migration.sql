-- AlterTable
ALTER TABLE "DomainLatest" ADD COLUMN     "notGraded" TEXT;

-- AlterTable
ALTER TABLE "DomainWeek" ADD COLUMN     "notGraded" TEXT;

-- AlterTable
ALTER TABLE "Scan" ADD COLUMN     "notGraded" TEXT;


