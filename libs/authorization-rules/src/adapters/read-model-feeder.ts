/**
 * Feeds the in-memory read model from the four registration topics, always from offset 0: a
 * consumer group of its own per process (nothing committed; the group disappears with it), so
 * every start replays the topics and rebuilds the same state. Records are decoded with the
 * platform codec and checked with the content check of their schema (contracts/src/content.ts);
 * what cannot be decoded, is impossible (INVALID_CONTENT) or cannot be applied is parked on the
 * dead-letter topic (through the DurableSender, awaited) and the feeder moves on.
 *
 * Tracks the next offset applied per topic-partition (the decision record's readModelOffsets)
 * and is `ready` once it has caught up with the high watermarks the topics had at start.
 *
 * Why not the platform's IdempotentConsumer: it deduplicates through a database inbox and
 * commits offsets; an in-memory model deduplicates by event id itself and must not commit.
 * Reused: createKafka/KafkaPlatform's client, codecFor, DecodeError, DurableSender, the
 * DeadLetter contract, KafkaConnectionStatus.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { ConsumerGroups, contentProblem, topics, TopicSpec } from '@inkijk/contracts';
import type { platformContract } from '@inkijk/contracts';
import { codecFor, deadLetterOf, DecodeError, DurableSender, HealthIndicator, HealthReport, JsonLogger, KafkaConnectionStatus, observeConsumer } from '@inkijk/platform';
import type { ReadModel, RegistrationEvent } from '../domain/read-model';

/** The four registration topics (test copies may be given). */
export interface RegistrationTopics {
  organisations: TopicSpec<unknown>;
  collaborations: TopicSpec<unknown>;
  users: TopicSpec<unknown>;
  whitelist: TopicSpec<unknown>;
}

export const REGISTRATION_TOPICS: RegistrationTopics = {
  organisations: topics.organisations as TopicSpec<unknown>,
  collaborations: topics.collaborations as TopicSpec<unknown>,
  users: topics.users as TopicSpec<unknown>,
  whitelist: topics.whitelist as TopicSpec<unknown>,
};

export interface ReadModelFeederOptions {
  kafka: Kafka;
  model: ReadModel;
  /** Parks poison records; usually KafkaPlatform.sender. */
  deadLetters: DurableSender;
  topics?: RegistrationTopics;
  deadLetterTopic?: TopicSpec<platformContract.DeadLetter>;
  /** Prefix of the per-process consumer group (default authorization.read-model). */
  groupIdPrefix?: string;
  status?: KafkaConnectionStatus;
}

export interface FeederStats {
  applied: number;
  duplicates: number;
  parked: number;
}

export class ReadModelFeeder implements HealthIndicator {
  readonly name = 'read-model';
  readonly groupId: string;
  readonly stats: FeederStats = { applied: 0, duplicates: 0, parked: 0 };
  /** Resolves once the model has caught up with the topics' high watermarks at start. */
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private readyNow = false;
  private readonly topics: RegistrationTopics;
  private readonly byName: Map<string, TopicSpec<unknown>>;
  /** "topic:partition" -> next offset to apply. */
  private readonly next = new Map<string, bigint>();
  /** "topic:partition" -> offset to reach before the model is ready. */
  private readonly targets = new Map<string, bigint>();
  private offsetsSnapshot: Record<string, number> | null = {};
  private consumer?: Consumer;
  private readonly log = new JsonLogger('read-model-feeder');

  constructor(private readonly opts: ReadModelFeederOptions) {
    this.topics = opts.topics ?? REGISTRATION_TOPICS;
    this.byName = new Map(Object.values(this.topics).map((t) => [t.name, t]));
    this.groupId = `${opts.groupIdPrefix ?? ConsumerGroups.authorizationReadModel}.${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  /** Notes the high watermarks, then consumes every topic from its beginning. */
  async start(): Promise<void> {
    const admin = this.opts.kafka.admin();
    await admin.connect();
    try {
      for (const name of this.byName.keys()) {
        for (const p of await admin.fetchTopicOffsets(name)) {
          const key = `${name}:${p.partition}`;
          if (BigInt(p.high) > BigInt(p.low)) this.targets.set(key, BigInt(p.high));
        }
      }
    } finally {
      await admin.disconnect();
    }
    this.checkReady();
    const consumer = this.opts.kafka.consumer({ groupId: this.groupId, allowAutoTopicCreation: false, sessionTimeout: 30_000, heartbeatInterval: 3_000, maxBytesPerPartition: 4 * 1024 * 1024 });
    this.consumer = consumer;
    this.opts.status?.watchConsumer(`consumer:${ConsumerGroups.authorizationReadModel}`, consumer);
    observeConsumer(consumer, this.opts.groupIdPrefix ?? ConsumerGroups.authorizationReadModel);
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.byName.keys()], fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (b) => this.onBatch(b) });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  isReady(): boolean {
    return this.readyNow;
  }

  /** topic:partition -> next offset applied (a copy, renewed only when it changed). */
  offsets(): Record<string, number> {
    if (!this.offsetsSnapshot) this.offsetsSnapshot = Object.fromEntries([...this.next].map(([k, v]) => [k, Number(v)]));
    return this.offsetsSnapshot;
  }

  check(): HealthReport {
    if (this.readyNow) return { status: 'up' };
    const behind = [...this.targets].filter(([k, t]) => (this.next.get(k) ?? 0n) < t).map(([k, t]) => `${k} at ${this.next.get(k) ?? 0n} of ${t}`);
    return { status: 'down', detail: `replaying registration topics: ${behind.join(', ')}` };
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const topic = this.byName.get(batch.topic)!;
    const key = `${batch.topic}:${batch.partition}`;
    for (const m of batch.messages) {
      if (!isRunning() || isStale()) return;
      const offset = BigInt(m.offset);
      if (offset < (this.next.get(key) ?? 0n)) continue; // redelivered after a retry: applied already
      await this.applyOne(topic, batch.partition, m);
      this.next.set(key, offset + 1n);
      this.offsetsSnapshot = null;
      resolveOffset(m.offset);
    }
    await heartbeat();
    this.checkReady();
  }

  private async applyOne(topic: TopicSpec<unknown>, partition: number, m: KafkaMessage): Promise<void> {
    let event: RegistrationEvent;
    try {
      event = codecFor(topic).decode(m.value) as RegistrationEvent;
    } catch (e) {
      await this.park(topic, partition, m, e instanceof DecodeError ? e.reason : 'UNDECODABLE', (e as Error).message);
      return;
    }
    // Checked against the record's own timestamp: every replay from offset 0 decides the same.
    const problem = contentProblem(topic, event, m.timestamp);
    if (problem !== null) {
      await this.park(topic, partition, m, 'INVALID_CONTENT', problem);
      return;
    }
    try {
      if (this.opts.model.apply(event) === 'applied') this.stats.applied++;
      else this.stats.duplicates++;
    } catch (e) {
      await this.park(topic, partition, m, 'PROCESSING_FAILED', (e as Error).message);
    }
  }

  private checkReady(): void {
    if (this.readyNow) return;
    for (const [k, t] of this.targets) if ((this.next.get(k) ?? 0n) < t) return;
    this.readyNow = true;
    this.log.log(`read model ready: ${JSON.stringify(this.opts.model.stats())}`);
    this.markReady();
  }

  /** Parks a record on the dead-letter topic; returns once Kafka acknowledged it. */
  private async park(topic: TopicSpec<unknown>, partition: number, m: KafkaMessage, reason: platformContract.DeadLetterReason, error: string): Promise<void> {
    await this.opts.deadLetters.send(
      this.opts.deadLetterTopic ?? topics.deadLetters,
      deadLetterOf({ topic: topic.name, partition, message: m, consumerGroup: ConsumerGroups.authorizationReadModel }, reason, error, 1),
      { key: topic.name },
    );
    this.stats.parked++;
    this.log.warn(`parked ${topic.name}[${partition}]@${m.offset} on the dead-letter topic: ${reason}`);
  }
}
