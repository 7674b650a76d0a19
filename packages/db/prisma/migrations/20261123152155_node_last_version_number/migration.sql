-- AlterTable
ALTER TABLE "nodes" ADD COLUMN     "last_version_number" INTEGER NOT NULL DEFAULT 0;
