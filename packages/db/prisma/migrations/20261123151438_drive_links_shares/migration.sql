-- CreateEnum
CREATE TYPE "node_kind" AS ENUM ('folder', 'file');

-- CreateEnum
CREATE TYPE "file_version_state" AS ENUM ('uploading', 'committed');

-- CreateEnum
CREATE TYPE "share_role" AS ENUM ('read', 'write');

-- AlterTable
ALTER TABLE "accounts" ADD COLUMN     "keep_versions" INTEGER NOT NULL DEFAULT 10;

-- CreateTable
CREATE TABLE "nodes" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "parent_id" UUID,
    "root_of" UUID,
    "kind" "node_kind" NOT NULL,
    "key_wrap" BYTEA NOT NULL,
    "name" BYTEA NOT NULL,
    "metadata" BYTEA NOT NULL,
    "version" INTEGER NOT NULL,
    "signature" BYTEA NOT NULL,
    "writer_id" UUID NOT NULL,
    "trashed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "nodes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "file_versions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "node_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "encrypted_as" INTEGER NOT NULL,
    "file_key_wrap" BYTEA NOT NULL,
    "ciphertext_size" BIGINT NOT NULL,
    "part_size" INTEGER NOT NULL,
    "state" "file_version_state" NOT NULL DEFAULT 'uploading',
    "quota_bytes" BIGINT NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "committed_at" TIMESTAMPTZ(3),

    CONSTRAINT "file_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "version_parts" (
    "version_id" UUID NOT NULL,
    "n" INTEGER NOT NULL,
    "object_id" TEXT NOT NULL,
    "size" INTEGER NOT NULL,

    CONSTRAINT "version_parts_pkey" PRIMARY KEY ("version_id","n")
);

-- CreateTable
CREATE TABLE "object_purges" (
    "object_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "object_purges_pkey" PRIMARY KEY ("object_id")
);

-- CreateTable
CREATE TABLE "links" (
    "id" TEXT NOT NULL,
    "owner_id" UUID NOT NULL,
    "node_id" UUID NOT NULL,
    "key_wrap" BYTEA NOT NULL,
    "password_params" BYTEA,
    "access_hash" BYTEA NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "max_downloads" INTEGER,
    "downloads" INTEGER NOT NULL DEFAULT 0,
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "links_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shares" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "node_id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "role" "share_role" NOT NULL,
    "sealed_key" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "accepted_at" TIMESTAMPTZ(3),

    CONSTRAINT "shares_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "nodes_root_of_key" ON "nodes"("root_of");

-- CreateIndex
CREATE INDEX "nodes_parent_id_created_at_id_idx" ON "nodes"("parent_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "nodes_owner_id_trashed_at_idx" ON "nodes"("owner_id", "trashed_at");

-- CreateIndex
CREATE INDEX "file_versions_state_expires_at_idx" ON "file_versions"("state", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "file_versions_node_id_number_key" ON "file_versions"("node_id", "number");

-- CreateIndex
CREATE INDEX "version_parts_object_id_idx" ON "version_parts"("object_id");

-- CreateIndex
CREATE INDEX "links_owner_id_created_at_idx" ON "links"("owner_id", "created_at");

-- CreateIndex
CREATE INDEX "shares_recipient_id_idx" ON "shares"("recipient_id");

-- CreateIndex
CREATE UNIQUE INDEX "shares_node_id_recipient_id_key" ON "shares"("node_id", "recipient_id");

-- AddForeignKey
ALTER TABLE "nodes" ADD CONSTRAINT "nodes_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "nodes" ADD CONSTRAINT "nodes_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "nodes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "file_versions" ADD CONSTRAINT "file_versions_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "nodes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "version_parts" ADD CONSTRAINT "version_parts_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "file_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "links" ADD CONSTRAINT "links_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "links" ADD CONSTRAINT "links_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "nodes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shares" ADD CONSTRAINT "shares_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "nodes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shares" ADD CONSTRAINT "shares_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shares" ADD CONSTRAINT "shares_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
