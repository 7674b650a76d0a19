-- Where the scrub's listing of each storage backend resumes at the next run; see packages/storage
-- (ScrubCursors) and apps/api/src/storage/prisma-scrub-cursors.ts.

-- CreateTable
CREATE TABLE "scrub_cursors" (
    "backend_id" TEXT NOT NULL,
    "after_key" TEXT,
    "moved_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "scrub_cursors_pkey" PRIMARY KEY ("backend_id")
);
