-- Signals of misuse (issue 22, ADR 0021): one row per signal id, stored with its outbox record in
-- the detectors' transaction, and the review by a security officer or a mandated person.

-- CreateTable
CREATE TABLE "misuse_signal" (
    "signal_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "organisation_id" TEXT,
    "worker_user_id" TEXT,
    "subject_pseudonym" TEXT,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "window_end" TIMESTAMPTZ(3) NOT NULL,
    "evidence" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "review_reason" TEXT,
    "reviewed_by" TEXT,
    "reviewed_at" TIMESTAMPTZ(3),
    "detected_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "misuse_signal_pkey" PRIMARY KEY ("signal_id")
);

-- CreateIndex
CREATE INDEX "misuse_signal_status_organisation_id_idx" ON "misuse_signal"("status", "organisation_id");

-- CreateIndex
CREATE INDEX "misuse_signal_kind_idx" ON "misuse_signal"("kind");
