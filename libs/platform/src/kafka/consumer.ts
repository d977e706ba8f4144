/**
 * A consumer that commits manually after processing, deduplicates through the inbox, and parks
 * what it cannot decode or process on the dead-letter topic (with reason and origin) before
 * committing past it. A record that decodes but whose content is impossible (the content check of
 * its topic's schema, contracts/src/content.ts) is parked as INVALID_CONTENT and never reaches the
 * handler. Messages are handled in chunks inside one transaction (fast path); when a chunk fails
 * for a reason of a record's own (poison, failure-kind.ts), its messages are retried one by one so
 * that the poison record is isolated and parked while the others are processed.
 *
 * A transient failure (the database or the broker unreachable, a deadlock; also anything not
 * recognised, see failure-kind.ts) parks nothing: the partition waits inside its batch, offsets
 * neither resolved nor committed, with a capped exponential backoff with jitter (heartbeats going
 * on), and retries the same records in the same order, for as long as it takes; the inbox (claim
 * and effect in one transaction) keeps that exactly once. Waiting in the batch rather than with
 * kafkajs' pause(): a paused partition is fetched again only after the fetch's maxWaitTime (5 s).
 * While a partition waits, readiness is held down (health.ts `readinessHolds`; after 10 s the
 * connection status says `stalled` too), `inkijk_consumer_paused` is 1 and
 * `inkijk_consumer_retries_total` counts; one log line says it paused and why, one that it resumed
 * and after how long. A rebalance (the heartbeat fails) or a stop ends the wait; the records come
 * again from the committed offset.
 */
import type { Context } from '@opentelemetry/api';
import { SpanKind, trace } from '@opentelemetry/api';
import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { platformContract, TopicSpec } from '@inkijk/contracts';
import { contentProblem, topics } from '@inkijk/contracts';
import { codecFor, DecodeError } from '../avro/codec';
import { deadLetterOf } from './dead-letter';
import { JsonLogger } from '../logging/json-logger';
import { countConsumerRecords, countConsumerRetry, countDeadLetter, observeConsumer, reportConsumerWaiting } from '../metrics/metrics';
import { readinessHolds, ReadinessHolds } from '../health/health';
import { classifyFailure, FailureClass } from './failure-kind';
import { extractTraceContext, inSpan, traceIdOf } from '../tracing/propagation';
import type { KafkaConnectionStatus } from './connection-status';
import { refusalOf, RefusalReporter } from './refusals';
import type { DurableSender } from './durable-sender';
import type { SqlQuery } from '../database/transactor';
import type { Inbox } from './inbox';

export interface ConsumedRecord<T> {
  value: T;
  eventId: string;
  partition: number;
  offset: string;
  headers: IHeaders;
  /** W3C trace id the producer wrote, if any. */
  traceId?: string;
  traceContext: Context;
}

export interface ConsumerOptions<T, Tx> {
  /** The topic, or several topics of one schema (e.g. every municipality's caseload topic). */
  topic: TopicSpec<T> | readonly TopicSpec<T>[];
  groupId: string;
  inbox: Inbox<Tx>;
  /** The event id used for deduplication. */
  eventIdOf: (value: T) => string;
  /** Applies the effect of fresh (never processed) records, in the inbox's transaction (tx, or its SQL: query). */
  handle: (records: ConsumedRecord<T>[], tx: Tx, query: SqlQuery) => Promise<void>;
  deadLetters: DurableSender;
  status?: KafkaConnectionStatus;
  /** Says a refusal by the broker (ACL) once and in health, instead of restarting for ever. */
  refusals?: RefusalReporter;
  fromBeginning?: boolean;
  /** Attempts per record failing for a reason of its own (poison) before it is parked. */
  maxAttempts?: number;
  chunkSize?: number;
  /** Wait between those attempts (times the attempt number). */
  retryDelayMs?: number;
  /** Backoff of a partition after a transient failure: initialMs doubling up to maxMs, with jitter (default 200 ms to 30 s). */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Where readiness is held down while a partition waits (default the process's readinessHolds). */
  readiness?: ReadinessHolds;
  /**
   * How long a fetch may wait for CONSUMER_GATHER_BYTES of records before it returns what there
   * is (default 0: at once). Under moderate load a chunk then carries many records in one
   * transaction and one offset commit instead of one record each.
   */
  gatherMs?: number;
}

/** What a gathering fetch waits for: about a chunk of 100 attributed queries. */
export const CONSUMER_GATHER_BYTES = 64 * 1024;

/** A partition that waits after a transient failure. */
interface Waiting {
  since: number;
  /** Failed attempts so far (the backoff doubles with each). */
  attempts: number;
  offset: string;
}

/** Thrown inside a batch when a step failed transiently: the partition waits and tries again. */
class MustWait extends Error {
  constructor(readonly failure: FailureClass, readonly error: unknown) {
    super(errorText(error));
  }
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export type DeadLetterReason = platformContract.DeadLetterReason;

export class IdempotentConsumer<T, Tx> {
  private consumer?: Consumer;
  private readonly log: JsonLogger;
  private readonly specs: Map<string, TopicSpec<T>>;
  readonly stats = { processed: 0, duplicates: 0, parked: 0, retries: 0 };
  /** "topic[partition]" -> the wait in progress. */
  private readonly waiting = new Map<string, Waiting>();
  /** "topic[partition]@offset" parked by this process and not yet committed past (no second dead letter on a retry). */
  private readonly parkedHere = new Set<string>();
  private stopping = false;

  constructor(private readonly kafka: Kafka, private readonly opts: ConsumerOptions<T, Tx>) {
    this.log = new JsonLogger(opts.groupId);
    const specs: readonly TopicSpec<T>[] = Array.isArray(opts.topic) ? opts.topic : [opts.topic as TopicSpec<T>];
    this.specs = new Map(specs.map((t) => [t.name, t]));
  }

  async start(): Promise<void> {
    const component = `consumer:${this.opts.groupId}`;
    const topicNames = [...this.specs.keys()];
    const consumer = this.kafka.consumer({
      groupId: this.opts.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      ...(this.opts.gatherMs ? { minBytes: CONSUMER_GATHER_BYTES, maxWaitTimeInMs: this.opts.gatherMs } : {}),
      // A refusal (ACL) is no passing fault: no restart loop, one log line and health down.
      retry: { restartOnFailure: async (e) => !this.opts.refusals?.report(component, 'read', topicNames, e) },
    });
    this.consumer = consumer;
    this.stopping = false;
    this.opts.status?.watchConsumer(component, consumer);
    observeConsumer(consumer, this.opts.groupId);
    for (const name of topicNames) reportConsumerWaiting(this.opts.groupId, name, 0, undefined);
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: topicNames, fromBeginning: this.opts.fromBeginning ?? true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: (payload) => this.onBatch(payload),
      });
    } catch (e) {
      await consumer.disconnect().catch(() => undefined);
      if (this.opts.refusals?.report(component, 'read', topicNames, e)) {
        throw new Error(`the broker refused consumer group ${this.opts.groupId} reading ${topicNames.join(', ')} (${refusalOf(e)}): check the ACLs generated from the topic catalogue`, { cause: e });
      }
      throw e;
    }
  }

  async stop(): Promise<void> {
    // A batch waiting out a failure sees this within a quarter of a second and gives up.
    this.stopping = true;
    await this.consumer?.disconnect();
  }

  /** The partitions waiting after a transient failure, e.g. `topic[0]@17` (empty when none). */
  waitingPartitions(): string[] {
    return [...this.waiting].map(([key, w]) => `${key}@${w.offset}`);
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat } = payload;
    const size = this.opts.chunkSize ?? 500;
    const key = `${batch.topic}[${batch.partition}]`;
    try {
      for (let i = 0; i < batch.messages.length; i += size) {
        if (!this.live(payload)) return;
        const chunk = batch.messages.slice(i, i + size);
        for (;;) {
          try {
            await this.processChunk(this.specs.get(batch.topic)!, batch.partition, chunk);
            break;
          } catch (e) {
            if (!(e instanceof MustWait)) throw e;
            // Neither resolved nor committed: the same records again, in order, after the wait.
            if (!(await this.waitAfter(payload, chunk[0].offset, e))) return;
          }
        }
        const last = chunk[chunk.length - 1].offset;
        resolveOffset(last);
        await this.consumer!.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
        this.forgetParked(batch.topic, batch.partition, BigInt(last));
        const w = this.waiting.get(key);
        if (w) this.endWait(key, w);
        await heartbeat();
      }
    } catch (e) {
      // Handed to kafkajs (which fetches again from the committed offset): this wait is over.
      const w = this.waiting.get(key);
      if (w) this.endWait(key, w, `the batch failed (${errorText(e)})`);
      throw e;
    }
  }

  private live({ isRunning, isStale }: EachBatchPayload): boolean {
    return isRunning() && !isStale() && !this.stopping;
  }

  /** Runs a step; a transient failure becomes MustWait, a poison one is thrown as it is. */
  private async step(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      if (e instanceof MustWait) throw e;
      const failure = classifyFailure(e);
      if (failure.kind === 'transient') throw new MustWait(failure, e);
      throw e;
    }
  }

  private async processChunk(topic: TopicSpec<T>, partition: number, messages: KafkaMessage[]): Promise<void> {
    const decoded: ConsumedRecord<T>[] = [];
    for (const m of messages) {
      let value: T;
      try {
        value = codecFor(topic).decode(m.value);
      } catch (e) {
        const reason: DeadLetterReason = e instanceof DecodeError ? e.reason : 'UNDECODABLE';
        await this.parkOnce(topic, partition, m, reason, (e as Error).message, 1);
        continue;
      }
      // Checked against the record's own timestamp, so a replay from offset 0 decides the same.
      const problem = contentProblem(topic, value, m.timestamp);
      if (problem !== null) {
        await this.parkOnce(topic, partition, m, 'INVALID_CONTENT', problem, 1);
        continue;
      }
      decoded.push(this.record(value, partition, m));
    }
    if (decoded.length === 0) return;
    try {
      await this.step(() => this.apply(topic, decoded));
    } catch (e) {
      if (e instanceof MustWait) throw e;
      const failure = classifyFailure(e);
      this.log.warn(`chunk of ${decoded.length} failed (${failure.signal}: ${errorText(e)}); processing one by one`);
      for (const r of decoded) await this.applyWithRetries(topic, partition, messages.find((m) => m.offset === r.offset)!, r);
    }
  }

  private record(value: T, partition: number, m: KafkaMessage): ConsumedRecord<T> {
    const headers = m.headers ?? {};
    return {
      value,
      eventId: this.opts.eventIdOf(value),
      partition,
      offset: m.offset,
      headers,
      traceId: traceIdOf(headers),
      traceContext: extractTraceContext(headers),
    };
  }

  private async apply(topic: TopicSpec<T>, records: ConsumedRecord<T>[]): Promise<void> {
    let processed = 0;
    let duplicates = 0;
    // One span per chunk, a child of the first record's trace and linked to the others' (their
    // traces lead to it through the link); single records keep their own trace.
    const links = records.slice(1).flatMap((r) => {
      const linked = trace.getSpanContext(r.traceContext);
      return linked ? [{ context: linked }] : [];
    });
    await inSpan(
      `${topic.name} process`,
      { kind: SpanKind.CONSUMER, parent: records[0].traceContext, links, attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic.name, 'messaging.consumer.group.name': this.opts.groupId, 'messaging.batch.message_count': records.length } },
      async () => {
        await this.opts.inbox.runOnce(this.opts.groupId, records.map((r) => r.eventId), async (fresh, tx, query) => {
          const seen = new Set<string>();
          const todo = records.filter((r) => fresh.has(r.eventId) && !seen.has(r.eventId) && seen.add(r.eventId));
          if (todo.length > 0) await this.opts.handle(todo, tx, query);
          duplicates = records.length - todo.length;
          processed = todo.length;
        });
      },
    );
    // Counted once the transaction committed.
    this.stats.processed += processed;
    this.stats.duplicates += duplicates;
    countConsumerRecords(this.opts.groupId, topic.name, 'processed', processed);
    countConsumerRecords(this.opts.groupId, topic.name, 'duplicate', duplicates);
  }

  /** One record on the slow path: parked after maxAttempts poison failures; a transient one makes the partition wait. */
  private async applyWithRetries(topic: TopicSpec<T>, partition: number, m: KafkaMessage, r: ConsumedRecord<T>): Promise<void> {
    if (this.parkedHere.has(parkedKey(topic.name, partition, m.offset))) return;
    const max = this.opts.maxAttempts ?? 3;
    let lastError: unknown;
    for (let attempt = 1; attempt <= max; attempt++) {
      try {
        await this.step(() => this.apply(topic, [r]));
        return;
      } catch (e) {
        if (e instanceof MustWait) throw e;
        lastError = e;
        if (attempt < max) await new Promise((res) => setTimeout(res, (this.opts.retryDelayMs ?? 100) * attempt));
      }
    }
    await this.parkOnce(topic, partition, m, 'PROCESSING_FAILED', lastError === undefined ? 'unknown error' : errorText(lastError), max);
  }

  /** Parks a record unless this process parked it already (a retry of its batch); a broker that does not answer makes the partition wait. */
  private async parkOnce(topic: TopicSpec<T>, partition: number, m: KafkaMessage, reason: DeadLetterReason, error: string, attempts: number): Promise<void> {
    const key = parkedKey(topic.name, partition, m.offset);
    if (this.parkedHere.has(key)) return;
    try {
      await this.park(topic, partition, m, reason, error, attempts);
    } catch (e) {
      // Whatever keeps a dead letter from the broker is not the record's fault.
      throw new MustWait({ ...classifyFailure(e), kind: 'transient' }, e);
    }
    this.parkedHere.add(key);
  }

  private forgetParked(topic: string, partition: number, upTo: bigint): void {
    if (this.parkedHere.size === 0) return;
    for (const key of this.parkedHere) {
      const [t, rest] = [key.slice(0, key.lastIndexOf('[')), key.slice(key.lastIndexOf('[') + 1)];
      const [p, offset] = rest.split(']@');
      if (t === topic && Number(p) === partition && BigInt(offset) <= upTo) this.parkedHere.delete(key);
    }
  }

  /**
   * Waits out a transient failure of the batch's partition: the backoff, in slices that keep the
   * group's heartbeat going. False when the batch must be given up (the consumer stops, the
   * partition was sought elsewhere); a failing heartbeat (a rebalance) is thrown to kafkajs.
   */
  private async waitAfter(payload: EachBatchPayload, offset: string, wait: MustWait): Promise<boolean> {
    const { batch, heartbeat } = payload;
    const { topic, partition } = batch;
    const key = `${topic}[${partition}]`;
    let w = this.waiting.get(key);
    if (!w) {
      w = { since: Date.now(), attempts: 0, offset };
      this.waiting.set(key, w);
      this.log.warn(`paused ${key} at offset ${offset} because of a ${wait.failure.recognised ? 'transient' : 'unrecognised (treated as transient)'} failure (${wait.failure.signal}: ${errorText(wait.error)}); retrying with backoff, nothing parked`);
    }
    w.attempts++;
    w.offset = offset;
    this.stats.retries++;
    countConsumerRetry(this.opts.groupId, topic, wait.failure.recognised ? 'transient' : 'unknown');
    reportConsumerWaiting(this.opts.groupId, topic, partition, Number(BigInt(batch.highWatermark) - BigInt(offset)));
    this.holds().hold(`consumer:${this.opts.groupId} ${key}`, `waiting at offset ${offset} (${wait.failure.signal}, ${w.attempts} attempt(s))`);
    const until = Date.now() + this.backoffMs(w.attempts);
    while (Date.now() < until) {
      if (!this.live(payload)) {
        this.endWait(key, w, this.stopping || !payload.isRunning() ? 'the consumer stops' : 'the partition was sought');
        return false;
      }
      await new Promise((r) => setTimeout(r, Math.min(250, Math.max(0, until - Date.now()))));
      try {
        await heartbeat();
      } catch (e) {
        this.endWait(key, w, `the group rebalances (${errorText(e)})`);
        throw e;
      }
    }
    return this.live(payload);
  }

  private holds(): ReadinessHolds {
    return this.opts.readiness ?? readinessHolds;
  }

  /** initialMs * 2^(attempt-1), capped at maxMs, times a jitter of 0.5 to 1. */
  private backoffMs(attempt: number): number {
    const initial = this.opts.backoff?.initialMs ?? 200;
    const max = this.opts.backoff?.maxMs ?? 30_000;
    const capped = Math.min(max, initial * 2 ** Math.min(attempt - 1, 30));
    return Math.round(capped * (0.5 + Math.random() / 2));
  }

  /** The partition goes on (processed past the failure), or its batch was given up (`why`). */
  private endWait(key: string, w: Waiting, why?: string): void {
    this.waiting.delete(key);
    const [topic, partition] = splitKey(key);
    reportConsumerWaiting(this.opts.groupId, topic, partition, undefined);
    this.holds().release(`consumer:${this.opts.groupId} ${key}`);
    const ms = Date.now() - w.since;
    if (why) this.log.log(`stopped waiting on ${key} after ${ms} ms: ${why}`);
    else this.log.log(`resumed ${key} after ${ms} ms and ${w.attempts} failed attempt(s)`);
  }

  /** Parks a record on the dead-letter topic; returns only once Kafka acknowledged it. */
  private async park(topic: TopicSpec<T>, partition: number, m: KafkaMessage, reason: DeadLetterReason, error: string, attempts: number): Promise<void> {
    await this.opts.deadLetters.send(
      topics.deadLetters,
      deadLetterOf({ topic: topic.name, partition, message: m, consumerGroup: this.opts.groupId }, reason, error, attempts),
      { key: topic.name },
    );
    this.stats.parked++;
    countConsumerRecords(this.opts.groupId, topic.name, 'parked');
    countDeadLetter(this.opts.groupId, topic.name, reason);
    this.log.warn(`parked ${topic.name}[${partition}]@${m.offset} on the dead-letter topic: ${reason}`);
  }
}

const parkedKey = (topic: string, partition: number, offset: string) => `${topic}[${partition}]@${offset}`;

function splitKey(key: string): [string, number] {
  const at = key.lastIndexOf('[');
  return [key.slice(0, at), Number(key.slice(at + 1, -1))];
}

// The classification, for handlers that throw a record's own problem (PoisonError) and for tests.
export { classifyFailure, PoisonError, TransientError } from './failure-kind';
export type { FailureClass, FailureKind } from './failure-kind';
