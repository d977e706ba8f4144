-- Citizen notifications (issue 21, opt-in; ADR 0025): who asked to be told, by pseudonym, and
-- which (citizen, organisation, day) was told already. Not part of any chain: the subscribing
-- and unsubscribing are actions (ActivityEvent, through the outbox) and so in the citizens' chain.

-- A citizen who asked to be told, from when (queries before that are not announced).
CREATE TABLE "citizen_subscription" (
    "subject_pseudonym" TEXT NOT NULL,
    "subscribed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "citizen_subscription_pkey" PRIMARY KEY ("subject_pseudonym")
);

-- One row per notification written: at most one per citizen, organisation and day (Europe/Amsterdam).
CREATE TABLE "citizen_notification" (
    "subject_pseudonym" TEXT NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "notification_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "citizen_notification_pkey" PRIMARY KEY ("subject_pseudonym","organisation_id","day")
);

REVOKE ALL ON "citizen_subscription", "citizen_notification" FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ("subscribed_at"), DELETE ON "citizen_subscription" TO "inkijk_audit_writer";
GRANT SELECT, INSERT ON "citizen_notification" TO "inkijk_audit_writer";
