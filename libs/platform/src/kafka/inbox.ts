/**
 * The inbox: exactly-once effect for consumers. The ids of processed events are stored in the
 * consumer's own database, in the same transaction as the effect, so a redelivery after a
 * crash finds its id and changes nothing.
 *
 * Each service that consumes includes this table in its migrations (INBOX_TABLE_SQL) and in
 * its Prisma schema (model InboxMessage).
 */
import type { SqlQuery, Transactor } from '../database/transactor';

export const INBOX_TABLE_SQL = `
CREATE TABLE IF NOT EXISTS "inbox_message" (
    "consumer_group" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "inbox_message_pkey" PRIMARY KEY ("consumer_group", "event_id")
);`;

export class Inbox<Tx> {
  constructor(private readonly db: Transactor<Tx>) {}

  /**
   * Claims the event ids for the group and runs fn with the ids not seen before, in one
   * transaction (fn writes with tx, or with the transaction's SQL: query): the claim and the
   * effect commit together or not at all.
   */
  async runOnce<R>(group: string, eventIds: string[], fn: (fresh: Set<string>, tx: Tx, query: SqlQuery) => Promise<R>): Promise<R> {
    const unique = [...new Set(eventIds)];
    return this.db.transaction(async (tx, query) => {
      const rows = await query(
        'INSERT INTO inbox_message (consumer_group, event_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING event_id',
        [group, unique],
      );
      return fn(new Set(rows.map((r) => r.event_id as string)), tx, query);
    });
  }
}
