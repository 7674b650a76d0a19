-- The replicated store's placement records: one row per referenced object, one per copy of it.
-- See packages/storage (PlacementRecords) and apps/api/src/storage.

-- CreateEnum
CREATE TYPE "copy_state" AS ENUM ('ok', 'damaged', 'unreachable');

-- CreateTable
CREATE TABLE "stored_objects" (
    "id" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "layout" TEXT NOT NULL,
    "copies" INTEGER NOT NULL,
    "block_size" INTEGER NOT NULL,
    "block_hashes" BYTEA NOT NULL,
    "missing_copies" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "stored_objects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "object_copies" (
    "object_id" TEXT NOT NULL,
    "shard" INTEGER NOT NULL DEFAULT 0,
    "backend_id" TEXT NOT NULL,
    "jurisdiction" TEXT NOT NULL,
    "state" "copy_state" NOT NULL DEFAULT 'ok',
    "state_since" TIMESTAMPTZ(3) NOT NULL,
    "verified_at" TIMESTAMPTZ(3) NOT NULL,
    "claimed_at" TIMESTAMPTZ(3),

    CONSTRAINT "object_copies_pkey" PRIMARY KEY ("object_id","shard","backend_id")
);

-- CreateIndex
CREATE INDEX "stored_objects_missing_copies_idx" ON "stored_objects"("missing_copies");

-- CreateIndex
CREATE INDEX "object_copies_verified_at_idx" ON "object_copies"("verified_at");

-- AddForeignKey
ALTER TABLE "object_copies" ADD CONSTRAINT "object_copies_object_id_fkey" FOREIGN KEY ("object_id") REFERENCES "stored_objects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
