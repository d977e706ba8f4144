-- CreateTable
CREATE TABLE "audit_record" (
    "id" BIGSERIAL NOT NULL,
    "chain" TEXT NOT NULL,
    "sequence" BIGINT NOT NULL,
    "hash" CHAR(64) NOT NULL,
    "prev_hash" CHAR(64) NOT NULL,
    "event_id" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "trace_id" TEXT NOT NULL,
    "span_id" TEXT NOT NULL,
    "parent_span_id" TEXT,
    "name" TEXT NOT NULL,
    "start_time" TIMESTAMPTZ(3) NOT NULL,
    "end_time" TIMESTAMPTZ(3) NOT NULL,
    "status_code" TEXT NOT NULL,
    "processing_activity_id" TEXT NOT NULL,
    "subject_id_type" TEXT,
    "subject_pseudonym" TEXT,
    "subject_sealed_bsn" BYTEA,
    "worker_user_id" TEXT NOT NULL,
    "worker_home_id" TEXT NOT NULL,
    "worker_home_cbs_code" TEXT,
    "worker_home_oin" TEXT NOT NULL,
    "worker_home_name" TEXT NOT NULL,
    "acting_for_id" TEXT NOT NULL,
    "acting_for_cbs_code" TEXT,
    "acting_for_oin" TEXT NOT NULL,
    "acting_for_name" TEXT NOT NULL,
    "collaboration_id" TEXT,
    "legal_domain" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "search_key_type" TEXT NOT NULL,
    "sources" JSONB NOT NULL,
    "whitelist_outcome" TEXT NOT NULL,
    "escape_reason" TEXT,
    "decision_id" TEXT NOT NULL,
    "decision_result" TEXT NOT NULL,
    "decision_reason_code" TEXT,
    "rules_version" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,

    CONSTRAINT "audit_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_chain" (
    "chain" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_chain_pkey" PRIMARY KEY ("chain")
);

-- CreateTable
CREATE TABLE "audit_checkpoint" (
    "checkpoint_id" TEXT NOT NULL,
    "chain" TEXT NOT NULL,
    "head_sequence" BIGINT NOT NULL,
    "head_hash" CHAR(64) NOT NULL,
    "record_count" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "key_id" TEXT NOT NULL,
    "signature" BYTEA NOT NULL,

    CONSTRAINT "audit_checkpoint_pkey" PRIMARY KEY ("checkpoint_id")
);

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

-- CreateIndex
CREATE INDEX "audit_record_acting_for_id_start_time_idx" ON "audit_record"("acting_for_id", "start_time");

-- CreateIndex
CREATE INDEX "audit_record_worker_user_id_start_time_idx" ON "audit_record"("worker_user_id", "start_time");

-- CreateIndex
CREATE INDEX "audit_record_subject_pseudonym_idx" ON "audit_record"("subject_pseudonym");

-- CreateIndex
CREATE INDEX "audit_record_trace_id_idx" ON "audit_record"("trace_id");

-- CreateIndex
CREATE INDEX "audit_record_start_time_idx" ON "audit_record"("start_time");

-- CreateIndex
CREATE UNIQUE INDEX "audit_record_chain_sequence_key" ON "audit_record"("chain", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "audit_record_event_id_key" ON "audit_record"("event_id");

-- CreateIndex
CREATE INDEX "audit_checkpoint_chain_head_sequence_idx" ON "audit_checkpoint"("chain", "head_sequence");

-- CreateIndex
CREATE INDEX "outbox_message_published_at_id_idx" ON "outbox_message"("published_at", "id");

-- ---------------------------------------------------------------------------------------------
-- Hand-written: append-only enforcement and least privilege (docs/adr/0005-audit-hash-chains.md)
-- ---------------------------------------------------------------------------------------------

-- The log tables refuse UPDATE, DELETE and TRUNCATE from anyone, the owner included. Only a
-- superuser who switches triggers off (session_replication_role = replica, or ALTER TABLE ...
-- DISABLE TRIGGER) gets past this, and the hash chain and the checkpoints reveal what they did.
CREATE FUNCTION "audit_refuse_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "audit_record_append_only"
    BEFORE UPDATE OR DELETE ON "audit_record"
    FOR EACH ROW EXECUTE FUNCTION "audit_refuse_change"();
CREATE TRIGGER "audit_record_no_truncate"
    BEFORE TRUNCATE ON "audit_record"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_refuse_change"();

CREATE TRIGGER "audit_chain_append_only"
    BEFORE UPDATE OR DELETE ON "audit_chain"
    FOR EACH ROW EXECUTE FUNCTION "audit_refuse_change"();
CREATE TRIGGER "audit_chain_no_truncate"
    BEFORE TRUNCATE ON "audit_chain"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_refuse_change"();

CREATE TRIGGER "audit_checkpoint_append_only"
    BEFORE UPDATE OR DELETE ON "audit_checkpoint"
    FOR EACH ROW EXECUTE FUNCTION "audit_refuse_change"();
CREATE TRIGGER "audit_checkpoint_no_truncate"
    BEFORE TRUNCATE ON "audit_checkpoint"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_refuse_change"();

-- The service's login role. Roles belong to the whole server: created only when missing; its
-- password (if the server asks for one) is set by the operator, never in a migration.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'inkijk_audit_writer') THEN
        CREATE ROLE "inkijk_audit_writer" LOGIN;
    END IF;
END;
$$;

REVOKE ALL ON "audit_record", "audit_chain", "audit_checkpoint", "inbox_message", "outbox_message" FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO "inkijk_audit_writer";
-- Log tables: read and append, nothing else.
GRANT SELECT, INSERT ON "audit_record", "audit_chain", "audit_checkpoint" TO "inkijk_audit_writer";
GRANT USAGE ON SEQUENCE "audit_record_id_seq" TO "inkijk_audit_writer";
-- Inbox (exactly-once bookkeeping): claims are inserted, never changed.
GRANT SELECT, INSERT ON "inbox_message" TO "inkijk_audit_writer";
-- Outbox (checkpoints to Kafka): the relay marks a message published, nothing more.
GRANT SELECT, INSERT ON "outbox_message" TO "inkijk_audit_writer";
GRANT UPDATE ("published_at") ON "outbox_message" TO "inkijk_audit_writer";
GRANT USAGE ON SEQUENCE "outbox_message_id_seq" TO "inkijk_audit_writer";
