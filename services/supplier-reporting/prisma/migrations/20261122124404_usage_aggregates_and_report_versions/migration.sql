-- CreateEnum
CREATE TYPE "changed_scope" AS ENUM ('ORGANISATION', 'SUPPLIER');

-- CreateEnum
CREATE TYPE "report_kind" AS ENUM ('GENERIC', 'SUPPLIER');

-- CreateTable
CREATE TABLE "inbox_message" (
    "consumer_group" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_message_pkey" PRIMARY KEY ("consumer_group","event_id")
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
CREATE TABLE "customer_organisation" (
    "id" TEXT NOT NULL,
    "oin" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "cbs_code" TEXT,
    "seen_at" TIMESTAMPTZ(3) NOT NULL,
    "seen_event_id" TEXT NOT NULL,

    CONSTRAINT "customer_organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "query_usage" (
    "month" CHAR(7) NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "collaboration_id" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "search_key_type" TEXT NOT NULL,
    "outside_office_hours" BOOLEAN NOT NULL,
    "whitelist_outcome" TEXT NOT NULL,
    "escape_reason" TEXT NOT NULL,
    "queries" BIGINT NOT NULL,
    "last_occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "query_usage_pkey" PRIMARY KEY ("organisation_id","month","collaboration_id","product","search_key_type","outside_office_hours","whitelist_outcome","escape_reason")
);

-- CreateTable
CREATE TABLE "supplier_usage" (
    "month" CHAR(7) NOT NULL,
    "supplier" TEXT NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "queries" BIGINT NOT NULL,
    "person_lists_provided" BIGINT NOT NULL,
    "last_occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "supplier_usage_pkey" PRIMARY KEY ("supplier","month","organisation_id")
);

-- CreateTable
CREATE TABLE "worker_usage" (
    "month" CHAR(7) NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "queries" BIGINT NOT NULL,

    CONSTRAINT "worker_usage_pkey" PRIMARY KEY ("organisation_id","month","user_id")
);

-- CreateTable
CREATE TABLE "subject_usage" (
    "month" CHAR(7) NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "pseudonym" TEXT NOT NULL,
    "queries" BIGINT NOT NULL,

    CONSTRAINT "subject_usage_pkey" PRIMARY KEY ("organisation_id","month","pseudonym")
);

-- CreateTable
CREATE TABLE "brp_provision" (
    "event_id" TEXT NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "month" CHAR(7) NOT NULL,
    "provision_date" DATE NOT NULL,
    "customer_oin" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "pseudonym" TEXT,
    "person_lists_provided" INTEGER NOT NULL,

    CONSTRAINT "brp_provision_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "account_action" (
    "month" CHAR(7) NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actions" BIGINT NOT NULL,
    "last_occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "account_action_pkey" PRIMARY KEY ("organisation_id","month","action")
);

-- CreateTable
CREATE TABLE "changed_month" (
    "kind" "changed_scope" NOT NULL,
    "scope" TEXT NOT NULL,
    "month" CHAR(7) NOT NULL,
    "revision" BIGINT NOT NULL DEFAULT 1,

    CONSTRAINT "changed_month_pkey" PRIMARY KEY ("kind","scope","month")
);

-- CreateTable
CREATE TABLE "report_version" (
    "kind" "report_kind" NOT NULL,
    "scope" TEXT NOT NULL,
    "month" CHAR(7) NOT NULL,
    "version" INTEGER NOT NULL,
    "content_hash" CHAR(64) NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_version_pkey" PRIMARY KEY ("kind","scope","month","version")
);

-- CreateTable
CREATE TABLE "scheduled_build" (
    "month" CHAR(7) NOT NULL,
    "built_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scheduled_build_pkey" PRIMARY KEY ("month")
);

-- CreateIndex
CREATE INDEX "outbox_message_published_at_id_idx" ON "outbox_message"("published_at", "id");

-- CreateIndex
CREATE INDEX "supplier_usage_organisation_id_month_idx" ON "supplier_usage"("organisation_id", "month");

-- CreateIndex
CREATE INDEX "brp_provision_organisation_id_month_idx" ON "brp_provision"("organisation_id", "month");
