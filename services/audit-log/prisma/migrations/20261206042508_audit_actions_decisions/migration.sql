-- AlterTable
ALTER TABLE "audit_record" ADD COLUMN     "action" TEXT,
ADD COLUMN     "actor_roles" JSONB,
ADD COLUMN     "category" TEXT,
ADD COLUMN     "decision_escape" BOOLEAN,
ADD COLUMN     "details" JSONB,
ADD COLUMN     "evaluated_at" TIMESTAMPTZ(3),
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'QUERY',
ADD COLUMN     "object_id" TEXT,
ADD COLUMN     "object_type" TEXT,
ADD COLUMN     "read_model_offsets" JSONB,
ADD COLUMN     "reason_code" TEXT,
ADD COLUMN     "reason_for_administrator" TEXT,
ADD COLUMN     "reason_for_user" TEXT,
ADD COLUMN     "service" TEXT,
ALTER COLUMN "trace_id" DROP NOT NULL,
ALTER COLUMN "span_id" DROP NOT NULL,
ALTER COLUMN "processing_activity_id" DROP NOT NULL,
ALTER COLUMN "worker_user_id" DROP NOT NULL,
ALTER COLUMN "worker_home_id" DROP NOT NULL,
ALTER COLUMN "worker_home_oin" DROP NOT NULL,
ALTER COLUMN "worker_home_name" DROP NOT NULL,
ALTER COLUMN "acting_for_oin" DROP NOT NULL,
ALTER COLUMN "acting_for_name" DROP NOT NULL,
ALTER COLUMN "legal_domain" DROP NOT NULL,
ALTER COLUMN "product" DROP NOT NULL,
ALTER COLUMN "search_key_type" DROP NOT NULL,
ALTER COLUMN "sources" DROP NOT NULL,
ALTER COLUMN "whitelist_outcome" DROP NOT NULL,
ALTER COLUMN "decision_id" DROP NOT NULL,
ALTER COLUMN "decision_result" DROP NOT NULL,
ALTER COLUMN "rules_version" DROP NOT NULL,
ALTER COLUMN "outcome" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "audit_record_kind_acting_for_id_start_time_idx" ON "audit_record"("kind", "acting_for_id", "start_time");

-- ---------------------------------------------------------------------------------------------
-- Hand-written: three kinds in one table (docs/adr/0018-actions-in-the-audit-log.md)
-- ---------------------------------------------------------------------------------------------

-- Existing rows are QUERY rows (the default above; no table rewrite): their canonical layout
-- stays inkijk-audit-v1, so every chain verifies unchanged. On insert, a QUERY row must still
-- fill every column it required before; an ACTION names its action and outcome; a DECISION
-- its decision. (A trigger, not a CHECK: Prisma's schema engine cannot diff CHECK constraints.)
CREATE FUNCTION "audit_record_kind_columns"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.kind = 'QUERY' THEN
        IF NEW.trace_id IS NULL OR NEW.span_id IS NULL OR NEW.processing_activity_id IS NULL
            OR NEW.worker_user_id IS NULL OR NEW.worker_home_id IS NULL OR NEW.worker_home_oin IS NULL OR NEW.worker_home_name IS NULL
            OR NEW.acting_for_oin IS NULL OR NEW.acting_for_name IS NULL OR NEW.legal_domain IS NULL OR NEW.product IS NULL
            OR NEW.search_key_type IS NULL OR NEW.sources IS NULL OR NEW.whitelist_outcome IS NULL OR NEW.decision_id IS NULL
            OR NEW.decision_result IS NULL OR NEW.rules_version IS NULL OR NEW.outcome IS NULL THEN
            RAISE EXCEPTION 'a QUERY record lacks a required column' USING ERRCODE = 'not_null_violation';
        END IF;
    ELSIF NEW.kind = 'ACTION' THEN
        IF NEW.trace_id IS NULL OR NEW.span_id IS NULL OR NEW.service IS NULL OR NEW.action IS NULL OR NEW.category IS NULL
            OR NEW.object_type IS NULL OR NEW.outcome IS NULL OR NEW.actor_roles IS NULL OR NEW.details IS NULL THEN
            RAISE EXCEPTION 'an ACTION record lacks a required column' USING ERRCODE = 'not_null_violation';
        END IF;
    ELSIF NEW.kind = 'DECISION' THEN
        IF NEW.decision_id IS NULL OR NEW.decision_result IS NULL OR NEW.rules_version IS NULL OR NEW.decision_escape IS NULL
            OR NEW.worker_user_id IS NULL OR NEW.worker_home_id IS NULL OR NEW.read_model_offsets IS NULL THEN
            RAISE EXCEPTION 'a DECISION record lacks a required column' USING ERRCODE = 'not_null_violation';
        END IF;
    ELSE
        RAISE EXCEPTION 'unknown kind of audit record: %', NEW.kind USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER "audit_record_kind_columns"
    BEFORE INSERT ON "audit_record"
    FOR EACH ROW EXECUTE FUNCTION "audit_record_kind_columns"();

-- The grants of the first migration are on the table, so they cover the new columns: the
-- writer role still may only SELECT and INSERT, and the append-only triggers still refuse
-- UPDATE, DELETE and TRUNCATE to everyone.
