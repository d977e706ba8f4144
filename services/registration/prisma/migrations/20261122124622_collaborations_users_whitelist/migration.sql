-- CreateEnum
CREATE TYPE "role" AS ENUM ('WORKER', 'USER_ADMINISTRATOR', 'SECURITY_OFFICER', 'MANDATED_PERSON');

-- CreateEnum
CREATE TYPE "legal_form" AS ENUM ('WGR_WITHOUT_PUBLIC_BODY', 'WGR_PUBLIC_BODY', 'SERVICE_AGREEMENT');

-- CreateEnum
CREATE TYPE "legal_domain" AS ENUM ('PARTICIPATIEWET', 'IOAW', 'IOAZ');

-- CreateEnum
CREATE TYPE "collaboration_status" AS ENUM ('PROPOSED', 'ACTIVE', 'TERMINATED');

-- CreateEnum
CREATE TYPE "application_role" AS ENUM ('OUTSOURCING', 'EXECUTING');

-- CreateEnum
CREATE TYPE "application_status" AS ENUM ('SUBMITTED', 'APPROVED', 'REJECTED');

-- CreateEnum
CREATE TYPE "whitelist_source" AS ENUM ('CASELOAD_EVENT', 'BULK_IMPORT');

-- CreateTable
CREATE TABLE "user_account" (
    "id" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "home_municipality_id" UUID NOT NULL,
    "roles" "role"[],
    "permitted_products" TEXT[],
    "escape_right" BOOLEAN NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "password_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,
    "deactivated_at" TIMESTAMPTZ(3),

    CONSTRAINT "user_account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "collaboration" (
    "id" UUID NOT NULL,
    "legal_form" "legal_form" NOT NULL,
    "executing_organisation_id" UUID NOT NULL,
    "status" "collaboration_status" NOT NULL,
    "active_from" DATE,
    "ends_on" DATE,
    "termination_reason" TEXT,
    "sequence" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "collaboration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "collaboration_terms" (
    "collaboration_id" UUID NOT NULL,
    "effective_from" DATE NOT NULL,
    "name" TEXT NOT NULL,
    "legal_domains" "legal_domain"[],
    "agreement_sha256" CHAR(64) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recorded_by" TEXT NOT NULL,

    CONSTRAINT "collaboration_terms_pkey" PRIMARY KEY ("collaboration_id","effective_from")
);

-- CreateTable
CREATE TABLE "membership" (
    "id" UUID NOT NULL,
    "collaboration_id" UUID NOT NULL,
    "municipality_id" UUID NOT NULL,
    "effective_from" DATE NOT NULL,
    "effective_to" DATE,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recorded_by" TEXT NOT NULL,

    CONSTRAINT "membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "application" (
    "id" UUID NOT NULL,
    "collaboration_id" UUID NOT NULL,
    "municipality_id" UUID NOT NULL,
    "role" "application_role" NOT NULL,
    "status" "application_status" NOT NULL,
    "signed_by" TEXT NOT NULL,
    "signed_on" DATE NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submitted_by" TEXT NOT NULL,
    "decided_at" TIMESTAMPTZ(3),
    "decided_by" TEXT,
    "decision_reason" TEXT,

    CONSTRAINT "application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agreement_document" (
    "collaboration_id" UUID NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "filename" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "content" BYTEA NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uploaded_by" TEXT NOT NULL,

    CONSTRAINT "agreement_document_pkey" PRIMARY KEY ("collaboration_id","sha256")
);

-- CreateTable
CREATE TABLE "whitelist_entry" (
    "id" BIGSERIAL NOT NULL,
    "municipality_id" UUID NOT NULL,
    "bsn" CHAR(9) NOT NULL,
    "effective_from" DATE NOT NULL,
    "effective_to" DATE,
    "source" "whitelist_source" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "whitelist_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_message" (
    "id" BIGSERIAL NOT NULL,
    "topic" TEXT NOT NULL,
    "message_key" TEXT NOT NULL,
    "payload" BYTEA NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbox_message" (
    "consumer_group" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_message_pkey" PRIMARY KEY ("consumer_group","event_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "user_account_username_key" ON "user_account"("username");

-- CreateIndex
CREATE INDEX "user_account_home_municipality_id_idx" ON "user_account"("home_municipality_id");

-- CreateIndex
CREATE INDEX "membership_municipality_id_idx" ON "membership"("municipality_id");

-- CreateIndex
CREATE INDEX "membership_collaboration_id_idx" ON "membership"("collaboration_id");

-- CreateIndex
CREATE INDEX "application_collaboration_id_idx" ON "application"("collaboration_id");

-- CreateIndex
CREATE INDEX "application_status_idx" ON "application"("status");

-- CreateIndex
CREATE INDEX "whitelist_entry_municipality_id_bsn_idx" ON "whitelist_entry"("municipality_id", "bsn");

-- CreateIndex
CREATE INDEX "outbox_message_published_at_id_idx" ON "outbox_message"("published_at", "id");

-- AddForeignKey
ALTER TABLE "user_account" ADD CONSTRAINT "user_account_home_municipality_id_fkey" FOREIGN KEY ("home_municipality_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "collaboration" ADD CONSTRAINT "collaboration_executing_organisation_id_fkey" FOREIGN KEY ("executing_organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "collaboration_terms" ADD CONSTRAINT "collaboration_terms_collaboration_id_fkey" FOREIGN KEY ("collaboration_id") REFERENCES "collaboration"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_collaboration_id_fkey" FOREIGN KEY ("collaboration_id") REFERENCES "collaboration"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_municipality_id_fkey" FOREIGN KEY ("municipality_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "application" ADD CONSTRAINT "application_collaboration_id_fkey" FOREIGN KEY ("collaboration_id") REFERENCES "collaboration"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "application" ADD CONSTRAINT "application_municipality_id_fkey" FOREIGN KEY ("municipality_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agreement_document" ADD CONSTRAINT "agreement_document_collaboration_id_fkey" FOREIGN KEY ("collaboration_id") REFERENCES "collaboration"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "whitelist_entry" ADD CONSTRAINT "whitelist_entry_municipality_id_fkey" FOREIGN KEY ("municipality_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
