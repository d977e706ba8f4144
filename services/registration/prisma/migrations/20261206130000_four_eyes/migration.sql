-- Four eyes (ADR 0016): the operator organisation (BKWI) that homes the security officers, and
-- grants of sensitive rights (escape right, security-officer and mandated-person roles) that
-- wait for a second authorised person.

-- AlterEnum: added only; nothing in this migration uses the new value.
ALTER TYPE "organisation_kind" ADD VALUE 'OPERATOR';

-- CreateEnum
CREATE TYPE "grant_account" AS ENUM ('NEW', 'EXISTING');

-- CreateEnum
CREATE TYPE "sensitive_right" AS ENUM ('ESCAPE_RIGHT', 'SECURITY_OFFICER', 'MANDATED_PERSON');

-- CreateEnum
CREATE TYPE "grant_status" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');

-- CreateTable
CREATE TABLE "rights_grant" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "home_municipality_id" UUID NOT NULL,
    "account" "grant_account" NOT NULL,
    "roles" "role"[],
    "permitted_products" TEXT[],
    "escape_right" BOOLEAN NOT NULL,
    "sensitive_rights" "sensitive_right"[],
    "username" TEXT,
    "display_name" TEXT,
    "password_hash" TEXT,
    "pending_username" TEXT,
    "status" "grant_status" NOT NULL,
    "requested_by" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "decision_reason" TEXT,

    CONSTRAINT "rights_grant_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "rights_grant_pending_username_key" ON "rights_grant"("pending_username");

-- CreateIndex
CREATE INDEX "rights_grant_user_id_idx" ON "rights_grant"("user_id");

-- CreateIndex
CREATE INDEX "rights_grant_status_idx" ON "rights_grant"("status");

-- AddForeignKey
ALTER TABLE "rights_grant" ADD CONSTRAINT "rights_grant_home_municipality_id_fkey" FOREIGN KEY ("home_municipality_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
