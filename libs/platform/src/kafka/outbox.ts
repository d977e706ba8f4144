/**
 * Transactional outbox: a service writes its change and the event announcing it in one
 * database transaction; the relay publishes pending events in order and marks them published.
 * No change without its event, no event without its change, nothing half-written.
 *
 * Each producing service has the table in its migrations and Prisma schema (model OutboxMessage).
 */
import type { TopicSpec } from '@inkijk/contracts';
import { codecFor } from '../avro/codec';
import { JsonLogger } from '../logging/json-logger';
import { injectTraceHeaders } from '../tracing/propagation';
import type { DurableSender } from './durable-sender';
import type { SqlQuery, Transactor } from '../database/transactor';

/** Adds an event to the outbox inside the caller's transaction (validated and encoded now). */
export async function addToOutbox<T>(query: SqlQuery, topic: TopicSpec<T>, value: T, key = topic.keyOf(value)): Promise<void> {
  const payload = codecFor(topic).encode(value);
  await query('INSERT INTO outbox_message (topic, message_key, payload, headers) VALUES ($1, $2, $3, $4::jsonb)', [
    topic.name,
    key,
    payload,
    JSON.stringify(injectTraceHeaders({})),
  ]);
}

export class OutboxRelay<Tx> {
  private timer?: NodeJS.Timeout;
  private running = false;
  private again = false;
  private stopped = false;
  private readonly log = new JsonLogger('outbox-relay');
  readonly stats = { published: 0, failures: 0 };

  constructor(
    private readonly db: Transactor<Tx>,
    private readonly sender: DurableSender,
    private readonly opts: { pollMs?: number; batchSize?: number } = {},
  ) {}

  start(): void {
    this.stopped = false;
    const tick = async () => {
      await this.drain();
      if (!this.stopped) this.timer = setTimeout(tick, this.opts.pollMs ?? 500);
    };
    void tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** Publish now (call after a commit); coalesces with a drain already running. */
  nudge(): void {
    void this.drain();
  }

  /** Publishes until no pending event is left; returns how many were published. */
  async drain(): Promise<number> {
    if (this.running) {
      this.again = true;
      return 0;
    }
    this.running = true;
    let total = 0;
    try {
      do {
        this.again = false;
        let n: number;
        do {
          n = await this.publishBatch();
          total += n;
        } while (n > 0);
      } while (this.again);
    } catch (e) {
      this.stats.failures++;
      this.log.warn(`outbox publishing paused: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
    return total;
  }

  private async publishBatch(): Promise<number> {
    return this.db.transaction(async (_tx, query) => {
      const rows = await query(
        'SELECT id, topic, message_key, payload, headers FROM outbox_message WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED',
        [this.opts.batchSize ?? 500],
      );
      if (rows.length === 0) return 0;
      await Promise.all(
        rows.map((r) =>
          // pg gives Buffers, Prisma's raw queries Uint8Arrays: kafkajs needs Buffers.
          this.sender.sendRaw(r.topic as string, {
            key: String(r.message_key),
            value: Buffer.from(r.payload as Uint8Array),
            headers: r.headers as Record<string, string>,
          }),
        ),
      );
      await query('UPDATE outbox_message SET published_at = now() WHERE id = ANY($1::bigint[])', [rows.map((r) => String(r.id))]);
      this.stats.published += rows.length;
      return rows.length;
    });
  }
}

export const OUTBOX_TABLE_SQL = `
CREATE TABLE IF NOT EXISTS "outbox_message" (
    "id" BIGSERIAL NOT NULL,
    "topic" TEXT NOT NULL,
    "message_key" TEXT NOT NULL,
    "payload" BYTEA NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),
    CONSTRAINT "outbox_message_pkey" PRIMARY KEY ("id")
);
CREATE INDEX IF NOT EXISTS "outbox_message_published_at_id_idx" ON "outbox_message"("published_at", "id");`;
