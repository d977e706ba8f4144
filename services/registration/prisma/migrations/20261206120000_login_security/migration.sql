-- Login security (ADR 0015): failure counters per login name (throttling per account, lockout),
-- the second factor (TOTP) of each account, and the events the holder and the user
-- administrator see.

-- CreateEnum
CREATE TYPE "login_security_event_kind" AS ENUM ('FAILED_PASSWORD', 'FAILED_CODE', 'CODE_REUSED', 'LOCKED', 'LIFTED_BY_HOLDER', 'LIFTED_BY_ADMINISTRATOR', 'SECOND_FACTOR_ENROLLED', 'SECOND_FACTOR_RESET');

-- CreateTable: per login name (an HMAC of it), whether or not an account has that name.
CREATE TABLE "login_counter" (
    "name_key" CHAR(64) NOT NULL,
    "failures" INTEGER NOT NULL,
    "last_failure_at" TIMESTAMPTZ(3) NOT NULL,
    "locked_at" TIMESTAMPTZ(3),

    CONSTRAINT "login_counter_pkey" PRIMARY KEY ("name_key")
);

-- CreateTable: secrets are stored encrypted (AES-256-GCM), never in clear.
CREATE TABLE "second_factor" (
    "user_id" UUID NOT NULL,
    "secret" TEXT,
    "enrolled_at" TIMESTAMPTZ(3),
    "last_used_step" BIGINT,
    "pending_secret" TEXT,
    "pending_since" TIMESTAMPTZ(3),

    CONSTRAINT "second_factor_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "login_security_event" (
    "id" BIGSERIAL NOT NULL,
    "user_id" UUID NOT NULL,
    "kind" "login_security_event_kind" NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "source_address" TEXT,
    "actor_id" TEXT,

    CONSTRAINT "login_security_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "login_security_event_user_id_occurred_at_idx" ON "login_security_event"("user_id", "occurred_at");

-- AddForeignKey
ALTER TABLE "second_factor" ADD CONSTRAINT "second_factor_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "login_security_event" ADD CONSTRAINT "login_security_event_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
