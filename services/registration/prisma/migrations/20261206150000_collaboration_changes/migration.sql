-- Bitemporal history of collaborations (issue 26): every announced change as it was reported,
-- so the state can be read "as known at" a moment besides "as effective on" a day. Collaborations
-- registered before this migration have no recorded changes; they answer "as known at" with
-- 409 KNOWN_HISTORY_NOT_RECORDED.

-- CreateTable
CREATE TABLE "collaboration_change" (
    "collaboration_id" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "change" JSONB NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recorded_by" TEXT NOT NULL,

    CONSTRAINT "collaboration_change_pkey" PRIMARY KEY ("collaboration_id","sequence")
);

-- AddForeignKey
ALTER TABLE "collaboration_change" ADD CONSTRAINT "collaboration_change_collaboration_id_fkey" FOREIGN KEY ("collaboration_id") REFERENCES "collaboration"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
