-- Accounts get their credentials (OPAQUE record, key bundle, recovery wrap) and sessions.
-- The new credential columns are NOT NULL without a default: no route created accounts before
-- this migration, and an account without credentials could never sign in.

-- AlterTable
ALTER TABLE "accounts" ADD COLUMN     "bundle_generation" INTEGER NOT NULL,
ADD COLUMN     "bundle_version" INTEGER NOT NULL,
ADD COLUMN     "deleted_at" TIMESTAMPTZ(3),
ADD COLUMN     "opaque_record" TEXT NOT NULL,
ADD COLUMN     "quota_bytes" BIGINT NOT NULL DEFAULT 10737418240,
ADD COLUMN     "recovery_wrap" TEXT NOT NULL,
ADD COLUMN     "root_key_wrap" TEXT NOT NULL,
ADD COLUMN     "sharing_public_key" TEXT NOT NULL,
ADD COLUMN     "sharing_secret_key_wrap" TEXT NOT NULL,
ADD COLUMN     "signing_public_key" TEXT NOT NULL,
ADD COLUMN     "signing_secret_key_wrap" TEXT NOT NULL,
ADD COLUMN     "used_bytes" BIGINT NOT NULL DEFAULT 0,
ALTER COLUMN "email" DROP NOT NULL;

-- CreateTable
CREATE TABLE "sessions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "account_id" UUID NOT NULL,
    "token_hash" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "user_agent" TEXT,
    "ip" TEXT,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions"("token_hash");

-- CreateIndex
CREATE INDEX "sessions_account_id_idx" ON "sessions"("account_id");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
