/**
 * A consumer that commits manually after processing, deduplicates through the inbox, retries a
 * bounded number of times, and parks what it cannot decode or process on the dead-letter topic
 * (with reason and origin) before committing past it. A record that decodes but whose content is
 * impossible (the content check of its topic's schema, contracts/src/content.ts) is parked as
 * INVALID_CONTENT and never reaches the handler. Messages are handled in chunks inside one
 * transaction (fast path); when a chunk fails, its messages are retried one by one so that a
 * single poison record is isolated and parked while the others are processed.
 */
import type { Context } from '@opentelemetry/api';
import { SpanKind, trace } from '@opentelemetry/api';
import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { platformContract, TopicSpec } from '@inkijk/contracts';
import { contentProblem, topics } from '@inkijk/contracts';
import { codecFor, DecodeError } from '../avro/codec';
import { deadLetterOf } from './dead-letter';
import { JsonLogger } from '../logging/json-logger';
import { countConsumerRecords, observeConsumer } from '../metrics/metrics';
import { extractTraceContext, inSpan, traceIdOf } from '../tracing/propagation';
import type { KafkaConnectionStatus } from './connection-status';
import { refusalOf, RefusalReporter } from './refusals';
import type { DurableSender } from './durable-sender';
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
  /** Applies the effect of fresh (never processed) records, in the inbox's transaction. */
  handle: (records: ConsumedRecord<T>[], tx: Tx) => Promise<void>;
  deadLetters: DurableSender;
  status?: KafkaConnectionStatus;
  /** Says a refusal by the broker (ACL) once and in health, instead of restarting for ever. */
  refusals?: RefusalReporter;
  fromBeginning?: boolean;
  /** Attempts per record on the slow path before it is parked. */
  maxAttempts?: number;
  chunkSize?: number;
  retryDelayMs?: number;
}

export type DeadLetterReason = platformContract.DeadLetterReason;

export class IdempotentConsumer<T, Tx> {
  private consumer?: Consumer;
  private readonly log: JsonLogger;
  private readonly specs: Map<string, TopicSpec<T>>;
  readonly stats = { processed: 0, duplicates: 0, parked: 0 };

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
      // A refusal (ACL) is no passing fault: no restart loop, one log line and health down.
      retry: { restartOnFailure: async (e) => !this.opts.refusals?.report(component, 'read', topicNames, e) },
    });
    this.consumer = consumer;
    this.opts.status?.watchConsumer(component, consumer);
    observeConsumer(consumer, this.opts.groupId);
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
    await this.consumer?.disconnect();
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const size = this.opts.chunkSize ?? 500;
    for (let i = 0; i < batch.messages.length; i += size) {
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(i, i + size);
      await this.processChunk(this.specs.get(batch.topic)!, batch.partition, chunk);
      const last = chunk[chunk.length - 1].offset;
      resolveOffset(last);
      await this.consumer!.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
      await heartbeat();
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
        await this.park(topic, partition, m, reason, (e as Error).message, 1);
        continue;
      }
      // Checked against the record's own timestamp, so a replay from offset 0 decides the same.
      const problem = contentProblem(topic, value, m.timestamp);
      if (problem !== null) {
        await this.park(topic, partition, m, 'INVALID_CONTENT', problem, 1);
        continue;
      }
      decoded.push(this.record(value, partition, m));
    }
    if (decoded.length === 0) return;
    try {
      await this.apply(topic, decoded);
    } catch (e) {
      this.log.warn(`chunk of ${decoded.length} failed (${(e as Error).message}); processing one by one`);
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
        await this.opts.inbox.runOnce(this.opts.groupId, records.map((r) => r.eventId), async (fresh, tx) => {
          const seen = new Set<string>();
          const todo = records.filter((r) => fresh.has(r.eventId) && !seen.has(r.eventId) && seen.add(r.eventId));
          if (todo.length > 0) await this.opts.handle(todo, tx);
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

  private async applyWithRetries(topic: TopicSpec<T>, partition: number, m: KafkaMessage, r: ConsumedRecord<T>): Promise<void> {
    const max = this.opts.maxAttempts ?? 3;
    let lastError: Error | undefined;
    for (let attempt = 1; attempt <= max; attempt++) {
      try {
        await this.apply(topic, [r]);
        return;
      } catch (e) {
        lastError = e as Error;
        if (attempt < max) await new Promise((res) => setTimeout(res, (this.opts.retryDelayMs ?? 100) * attempt));
      }
    }
    await this.park(topic, partition, m, 'PROCESSING_FAILED', lastError?.message ?? 'unknown error', max);
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
    this.log.warn(`parked ${topic.name}[${partition}]@${m.offset} on the dead-letter topic: ${reason}`);
  }
}
