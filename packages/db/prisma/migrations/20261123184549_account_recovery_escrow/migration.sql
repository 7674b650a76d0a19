-- AlterTable
ALTER TABLE "accounts" ADD COLUMN     "recovery_escrow" TEXT;
