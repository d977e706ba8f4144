-- Account-management actions are counted from the actions (inkijk.audit.activity.v1, ADR 0018) instead of the
-- user events: account_action gives way to activity_usage, filled by a replay of the activity topic.

-- DropTable
DROP TABLE "account_action";

-- CreateTable
CREATE TABLE "activity_usage" (
    "month" CHAR(7) NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "actor_user_id" TEXT NOT NULL,
    "actions" BIGINT NOT NULL,
    "last_occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "activity_usage_pkey" PRIMARY KEY ("organisation_id","month","action","outcome","actor_user_id")
);
