/**
 * The completeness check's index of the attributed-query topic (issue 19): a consumer in a group
 * of its own copies every record (offset, event id, municipality, time) into the service's
 * database, so the service can count what reached the topic against what it stored. It indexes
 * also what the service's own consumer parks (a parked record is what the check must show): no
 * content check, no dead letters; a record that cannot be decoded is indexed without an event id.
 *
 * The position is kept in the database, in the same transaction as the rows, not in the group:
 * at every join each assigned partition is sought to it (kafkajs starts a rejoin from the
 * group's committed offsets, and nothing is committed here). A restore of an older database
 * therefore re-reads the topic from the restored position. Rows are inserted idempotently, so
 * re-reading is harmless.
 *
 * The tables (the same in every service that checks): completeness_event (topic, partition,
 * offset, event_id, acting_for_id, occurred_at; unique per topic, partition, offset) and
 * completeness_position (topic, partition, next_offset).
 */
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import type { query, TopicSpec } from '@inkijk/contracts';
import { codecFor } from '../avro/codec';
import { ApiError } from '../http/errors';
import { JsonLogger } from '../logging/json-logger';
import type { KafkaConnectionStatus } from './connection-status';
import { observeConsumer } from '../metrics/metrics';
import { pgTransactor } from '../database/transactor';

export interface IndexedRecord {
  offset: string;
  /** Null: the record could not be decoded. */
  eventId: string | null;
  actingForId: string | null;
  occurredAt: number | null;
}

export interface TopicIndexStore {
  positions(topic: string): Promise<Map<number, bigint>>;
  index(topic: string, partition: number, records: readonly IndexedRecord[], nextOffset: bigint): Promise<void>;
}

const tsOf = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** The index's two tables in a service's PostgreSQL; the service's completeness store extends it with its comparisons. */
export class PgTopicIndex implements TopicIndexStore {
  constructor(protected readonly pool: Pool) {}

  /** partition -> next offset not yet indexed. */
  async positions(topic: string): Promise<Map<number, bigint>> {
    const { rows } = await this.pool.query<{ partition: number; next_offset: string }>('SELECT partition, next_offset FROM completeness_position WHERE topic = $1', [topic]);
    return new Map(rows.map((r) => [r.partition, BigInt(r.next_offset)]));
  }

  /** Stores a batch of one partition and moves its position to `nextOffset` (never back), in one transaction. */
  /** Records below the committed offsets that could not be decoded. */
  async unreadable(topic: string, committed: ReadonlyMap<number, number>): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM completeness_event e JOIN unnest($2::int[], $3::bigint[]) AS c(partition, below) ON c.partition = e.partition AND e."offset" < c.below
       WHERE e.topic = $1 AND e.event_id IS NULL`,
      [topic, [...committed.keys()], [...committed.values()]],
    );
    return rows[0].n;
  }

  async index(topic: string, partition: number, records: readonly IndexedRecord[], nextOffset: bigint): Promise<void> {
    // pgTransactor: a connection cut mid-transaction fails the call instead of ending the process.
    await pgTransactor(this.pool).transaction(async (client) => {
      if (records.length > 0) {
        await client.query(
          `INSERT INTO completeness_event (topic, partition, "offset", event_id, acting_for_id, occurred_at)
           SELECT $1, $2, o, e, a, t FROM unnest($3::bigint[], $4::text[], $5::text[], $6::timestamptz[]) AS u(o, e, a, t)
           ON CONFLICT DO NOTHING`,
          [topic, partition, records.map((r) => r.offset), records.map((r) => r.eventId), records.map((r) => r.actingForId), records.map((r) => tsOf(r.occurredAt))],
        );
      }
      await client.query(
        `INSERT INTO completeness_position (topic, partition, next_offset) VALUES ($1, $2, $3)
         ON CONFLICT (topic, partition) DO UPDATE SET next_offset = GREATEST(completeness_position.next_offset, EXCLUDED.next_offset)`,
        [topic, partition, nextOffset.toString()],
      );
    });
  }
}

export class TopicIndexer {
  private readonly log = new JsonLogger('topic-indexer');
  private consumer?: Consumer;
  /** partition -> next offset indexed (never ahead of the database). */
  private readonly next = new Map<number, bigint>();
  indexed = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: TopicSpec<query.AttributedQuery>,
    private readonly groupId: string,
    private readonly store: TopicIndexStore,
    private readonly status?: KafkaConnectionStatus,
  ) {}

  async start(): Promise<void> {
    for (const [p, o] of await this.store.positions(this.topic.name)) this.next.set(p, o);
    const consumer = this.kafka.consumer({ groupId: this.groupId, allowAutoTopicCreation: false, sessionTimeout: 30_000, heartbeatInterval: 3_000 });
    this.consumer = consumer;
    this.status?.watchConsumer(`consumer:${this.groupId}`, consumer);
    observeConsumer(consumer, this.groupId);
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      for (const partition of payload.memberAssignment[this.topic.name] ?? []) {
        const next = this.next.get(partition);
        if (next !== undefined && next > 0n) consumer.seek({ topic: this.topic.name, partition, offset: next.toString() });
      }
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [this.topic.name], fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (b) => this.onBatch(b) });
    this.log.log(`indexing ${this.topic.name} as ${this.groupId} for the completeness check`);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (batch.messages.length === 0 || !isRunning() || isStale()) return;
    const codec = codecFor(this.topic);
    const records: IndexedRecord[] = batch.messages.map((m) => {
      try {
        const v = codec.decode(m.value);
        return { offset: m.offset, eventId: v.eventId, actingForId: v.actingFor.id, occurredAt: v.occurredAt };
      } catch {
        return { offset: m.offset, eventId: null, actingForId: null, occurredAt: null };
      }
    });
    const last = BigInt(batch.messages[batch.messages.length - 1].offset);
    // The database away: wait and try again (capped backoff, heartbeats going), as the service's
    // own consumers do, instead of failing the batch and restarting the consumer.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.store.index(this.topic.name, batch.partition, records, last + 1n);
        if (attempt > 1) this.log.log(`indexing ${this.topic.name}[${batch.partition}] resumed after ${attempt - 1} retries`);
        break;
      } catch (e) {
        if (!isRunning() || isStale()) throw e;
        if (attempt === 1) this.log.warn(`indexing ${this.topic.name}[${batch.partition}] waits: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, Math.min(200 * 2 ** Math.min(attempt, 6), 10_000)));
        await heartbeat().catch(() => undefined);
      }
    }
    const before = this.next.get(batch.partition) ?? 0n;
    if (last + 1n > before) this.next.set(batch.partition, last + 1n);
    this.indexed += records.length;
    resolveOffset(last.toString());
    await heartbeat();
  }
}

/** A consumer group's committed offsets and a topic's end offsets, from the broker's admin API. */
/** A consumer group's committed offsets (0 where none) and the topic's end offsets, per partition, read in that order. */
export interface TopicOffsets {
  read(topic: string, groupId: string): Promise<{ committed: Map<number, number>; ends: Map<number, number> }>;
}

export class KafkaTopicOffsets implements TopicOffsets {
  constructor(private readonly kafka: Kafka) {}

  async read(topic: string, groupId: string): Promise<{ committed: Map<number, number>; ends: Map<number, number> }> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      // Committed first, end offsets after: every committed offset is at most its end offset.
      const [group] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const committed = new Map((group?.partitions ?? []).map((p) => [p.partition, Math.max(0, Number(p.offset))]));
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
      for (const p of ends.keys()) if (!committed.has(p)) committed.set(p, 0);
      return { committed, ends };
    } finally {
      await admin.disconnect();
    }
  }
}

/** An index that has not read its topic up to the offsets asked for within the wait (answered 503). */
export class TopicIndexBehindError extends ApiError {
  constructor(partitions: number[]) {
    super(503, 'COMPLETENESS_INDEX_BEHIND', `The completeness index has not yet read the topic up to now (partitions ${partitions.join(', ')}). Try again shortly.`);
  }
}

/** Waits until the index has read every partition up to `ends` (end offsets); throws TopicIndexBehindError after `waitMs`. */
export async function awaitTopicIndex(store: Pick<TopicIndexStore, 'positions'>, topic: string, ends: ReadonlyMap<number, number>, waitMs: number, clock: () => number = Date.now): Promise<void> {
  const deadline = clock() + waitMs;
  for (;;) {
    const positions = await store.positions(topic);
    const behind = [...ends].filter(([p, end]) => (positions.get(p) ?? 0n) < BigInt(end)).map(([p]) => p);
    if (behind.length === 0) return;
    if (clock() >= deadline) throw new TopicIndexBehindError(behind);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A job run every interval, one run at a time, its failures logged (a periodic completeness check). */
export class PeriodicJob {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly name: string,
    private readonly job: () => Promise<unknown>,
    private readonly log: JsonLogger,
  ) {}

  /** Runs the job every intervalMs (0: never). */
  start(intervalMs: number): void {
    if (intervalMs <= 0) return;
    const run = () =>
      this.job()
        .catch((e: unknown) => this.log.warn(`${this.name} failed: ${(e as Error).message}`))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(run, intervalMs).unref();
        });
    this.timer = setTimeout(run, intervalMs).unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
