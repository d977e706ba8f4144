-- The completeness check (independent of the chains): an index of the attributed-query topic,
-- read in its own consumer group (audit-log.completeness), compared with the QUERY records.
-- Not part of any chain; rebuilt from the topic when lost (retention -1 keeps every record).

-- One row per record on the topic: its event, municipality and time (null: not decodable).
CREATE TABLE "completeness_event" (
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "offset" BIGINT NOT NULL,
    "event_id" TEXT,
    "acting_for_id" TEXT,
    "occurred_at" TIMESTAMPTZ(3),

    CONSTRAINT "completeness_event_pkey" PRIMARY KEY ("topic","partition","offset")
);
CREATE INDEX "completeness_event_event_id_idx" ON "completeness_event"("event_id");
CREATE INDEX "completeness_event_topic_occurred_at_idx" ON "completeness_event"("topic","occurred_at");

-- Per partition: every offset below next_offset is in completeness_event.
CREATE TABLE "completeness_position" (
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "next_offset" BIGINT NOT NULL,

    CONSTRAINT "completeness_position_pkey" PRIMARY KEY ("topic","partition")
);

REVOKE ALL ON "completeness_event", "completeness_position" FROM PUBLIC;
GRANT SELECT, INSERT ON "completeness_event" TO "inkijk_audit_writer";
GRANT SELECT, INSERT, UPDATE ("next_offset") ON "completeness_position" TO "inkijk_audit_writer";
