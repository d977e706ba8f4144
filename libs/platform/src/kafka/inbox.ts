/**
 * The inbox: exactly-once effect for consumers. The ids of processed events are stored in the
 * consumer's own database, in the same transaction as the effect, so a redelivery after a
 * crash finds its id and changes nothing.
 *
 * Each service that consumes includes this table in its migrations (INBOX_TABLE_SQL) and in
 * its Prisma schema (model InboxMessage).
 */
import type { Pool, PoolClient } from 'pg';

export const INBOX_TABLE_SQL = `
CREATE TABLE IF NOT EXISTS "inbox_message" (
    "consumer_group" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "inbox_message_pkey" PRIMARY KEY ("consumer_group", "event_id")
);`;

export type SqlQuery = (sql: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** Runs work in one database transaction; Tx is what the service's handler writes with. */
export interface Transactor<Tx> {
  transaction<R>(fn: (tx: Tx, query: SqlQuery) => Promise<R>): Promise<R>;
}

export class Inbox<Tx> {
  constructor(private readonly db: Transactor<Tx>) {}

  /**
   * Claims the event ids for the group and runs fn with the ids not seen before, in one
   * transaction: the claim and the effect commit together or not at all.
   */
  async runOnce<R>(group: string, eventIds: string[], fn: (fresh: Set<string>, tx: Tx) => Promise<R>): Promise<R> {
    const unique = [...new Set(eventIds)];
    return this.db.transaction(async (tx, query) => {
      const rows = await query(
        'INSERT INTO inbox_message (consumer_group, event_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING event_id',
        [group, unique],
      );
      return fn(new Set(rows.map((r) => r.event_id as string)), tx);
    });
  }
}

/** Transactor over a pg pool; the handler gets the pool client. */
export function pgTransactor(pool: Pool): Transactor<PoolClient> {
  return {
    async transaction(fn) {
      const client = await pool.connect();
      // pg emits 'error' on a checked-out client whose connection is cut (the database went
      // away mid-transaction); unheard, that ends the process. Heard, the transaction fails
      // (a transient failure the consumer waits out) and the broken client is discarded.
      let broken: Error | undefined;
      const onError = (e: Error) => (broken = e);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn(client, async (sql, params) => (await client.query(sql, params)).rows);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.removeListener('error', onError);
        client.release(broken);
      }
    },
  };
}

/** The part of a generated Prisma client the inbox needs. */
export interface PrismaLike<Tx> {
  $transaction<R>(fn: (tx: Tx) => Promise<R>, opts?: { timeout?: number; maxWait?: number }): Promise<R>;
}
type RawCapable = { $queryRawUnsafe<T = unknown>(sql: string, ...values: unknown[]): Promise<T> };

/** Transactor over a Prisma client (interactive transaction). */
export function prismaTransactor<Tx extends RawCapable>(prisma: PrismaLike<Tx>, timeoutMs = 30_000): Transactor<Tx> {
  return {
    transaction: (fn) =>
      prisma.$transaction(
        (tx) => fn(tx, (sql, params) => tx.$queryRawUnsafe<Array<Record<string, unknown>>>(sql, ...params)),
        { timeout: timeoutMs, maxWait: timeoutMs },
      ),
  };
}
