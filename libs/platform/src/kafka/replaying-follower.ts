/**
 * Replays topics from offset 0 into memory and keeps following them: the plumbing shared by the
 * account-changes follower (ADR 0017) and the authorization read-model feeder.
 *
 * A consumer group of its own per process (`<prefix>.<host>-<pid>-<random>`, nothing committed;
 * the group disappears with the process): every replica sees every record, and every start
 * replays the topics and rebuilds the same state. At start it notes the end offsets the topics
 * have (the catch-up targets); once it has read up to them it is caught up (`caughtUp` resolves,
 * `onCaughtUp` runs once); until then `lag()` names the partitions still behind, for health.
 *
 * Records are decoded with the platform codec and checked with the content check of their schema
 * (contracts/src/content.ts), against the record's own timestamp so that every replay decides
 * the same. What cannot be decoded (UNDECODABLE or the codec's reason), is impossible
 * (INVALID_CONTENT) or cannot be applied (`apply` throws: PROCESSING_FAILED) is parked on the
 * dead-letter topic (through the DurableSender, awaited) and the follower moves on.
 *
 * Why not the IdempotentConsumer: it commits offsets and deduplicates through a database inbox;
 * this state is in memory, rebuilt at every start; a record redelivered after a retry is skipped
 * by its offset (the next offset per partition is kept here), and applying the same event twice
 * is the `apply`'s own business (its result names the counter it counts under).
 *
 * The position is kept here, not in the group (nothing is committed): kafkajs makes a new offset
 * manager at every (re)join of the group (a rebalance, a broker restart), which starts again from
 * offset 0. So at every join each assigned partition is sought to the next offset kept here, and a
 * record skipped as applied already still resolves its offset: without both, every rejoin made
 * the follower fetch every partition from 0 again and again, skipping and never advancing.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { contentProblem, topics } from '@inkijk/contracts';
import type { platformContract, TopicSpec } from '@inkijk/contracts';
import { codecFor, DecodeError } from '../avro/codec';
import type { JsonLogger } from '../logging/json-logger';
import { countDeadLetter, observeConsumer } from '../metrics/metrics';
import type { KafkaConnectionStatus } from './connection-status';
import { deadLetterOf } from './dead-letter';
import type { DurableSender } from './durable-sender';

export interface ReplayingFollowerOptions<K extends string> {
  kafka: Kafka;
  /** The topics followed, each from its beginning. */
  topics: readonly TopicSpec<unknown>[];
  /** Prefix of the per-process consumer group; also the group the consumer's metrics name. */
  groupIdPrefix: string;
  /** The catalogue group named in the connection status and on dead letters (default groupIdPrefix). */
  consumerGroup?: string;
  /** Parks poison records; usually KafkaPlatform.sender. */
  deadLetters: DurableSender;
  deadLetterTopic?: TopicSpec<platformContract.DeadLetter>;
  status?: KafkaConnectionStatus;
  /** kafkajs' maxBytesPerPartition (default kafkajs' own). */
  maxBytesPerPartition?: number;
  /** The counters: `parked` counted here, the others as `apply` says. */
  stats: Record<K | 'parked', number>;
  /** Applies a decoded, content-checked record; returns the counter it counts under. A throw parks the record. */
  apply: (topic: TopicSpec<unknown>, value: unknown) => K;
  /** Runs once, when the targets noted at start are reached. */
  onCaughtUp: () => void;
  log: JsonLogger;
}

export class ReplayingFollower<K extends string> {
  readonly groupId: string;
  /** Resolves once caught up with the end offsets the topics had at start. */
  readonly caughtUp: Promise<void>;
  private markCaughtUp!: () => void;
  private done = false;
  private readonly byName: Map<string, TopicSpec<unknown>>;
  private readonly consumerGroup: string;
  /** "topic:partition" -> next offset to read. */
  private readonly next = new Map<string, bigint>();
  /** "topic:partition" -> offset to reach before caught up. */
  private readonly targets = new Map<string, bigint>();
  private offsetsSnapshot: Record<string, number> | null = {};
  private consumer?: Consumer;
  private fetchCount = 0;

  constructor(private readonly opts: ReplayingFollowerOptions<K>) {
    this.byName = new Map(opts.topics.map((t) => [t.name, t]));
    this.consumerGroup = opts.consumerGroup ?? opts.groupIdPrefix;
    this.groupId = `${opts.groupIdPrefix}.${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.caughtUp = new Promise((resolve) => (this.markCaughtUp = resolve));
  }

  /** Notes the end offsets, then reads every topic from its beginning and keeps following. */
  async start(): Promise<void> {
    const admin = this.opts.kafka.admin();
    await admin.connect();
    try {
      for (const name of this.byName.keys()) {
        for (const p of await admin.fetchTopicOffsets(name)) {
          if (BigInt(p.high) > BigInt(p.low)) this.targets.set(`${name}:${p.partition}`, BigInt(p.high));
        }
      }
    } finally {
      await admin.disconnect();
    }
    this.checkCaughtUp();
    const max = this.opts.maxBytesPerPartition;
    const consumer = this.opts.kafka.consumer({ groupId: this.groupId, allowAutoTopicCreation: false, sessionTimeout: 30_000, heartbeatInterval: 3_000, ...(max === undefined ? {} : { maxBytesPerPartition: max }) });
    this.consumer = consumer;
    this.opts.status?.watchConsumer(`consumer:${this.consumerGroup}`, consumer);
    observeConsumer(consumer, this.opts.groupIdPrefix);
    consumer.on(consumer.events.FETCH, () => void this.fetchCount++);
    // A (re)join starts from the group's committed offsets, i.e. from 0: go on where it was instead.
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
        for (const partition of partitions) {
          const next = this.next.get(`${topic}:${partition}`);
          if (next !== undefined && next > 0n) consumer.seek({ topic, partition, offset: next.toString() });
        }
      }
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.byName.keys()], fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (b) => this.onBatch(b) });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  isCaughtUp(): boolean {
    return this.done;
  }

  /** Fetch requests made so far (an idle follower makes about one per maxWaitTime, 5 s). */
  fetches(): number {
    return this.fetchCount;
  }

  /** The partitions still behind their target, e.g. `topic:0 at 3 of 10` (empty when none, or before start). */
  lag(): string {
    return [...this.targets]
      .filter(([k, t]) => (this.next.get(k) ?? 0n) < t)
      .map(([k, t]) => `${k} at ${this.next.get(k) ?? 0n} of ${t}`)
      .join(', ');
  }

  /** topic:partition -> next offset applied (a copy, renewed only when it changed). */
  offsets(): Record<string, number> {
    if (!this.offsetsSnapshot) this.offsetsSnapshot = Object.fromEntries([...this.next].map(([k, v]) => [k, Number(v)]));
    return this.offsetsSnapshot;
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const topic = this.byName.get(batch.topic)!;
    const key = `${batch.topic}:${batch.partition}`;
    for (const m of batch.messages) {
      if (!isRunning() || isStale()) return;
      const offset = BigInt(m.offset);
      if (offset < (this.next.get(key) ?? 0n)) {
        // Redelivered (a retry, a rejoin): applied already, but the position must still advance.
        resolveOffset(m.offset);
        continue;
      }
      await this.applyOne(topic, batch.partition, m);
      this.next.set(key, offset + 1n);
      this.offsetsSnapshot = null;
      resolveOffset(m.offset);
    }
    await heartbeat();
    this.checkCaughtUp();
  }

  private async applyOne(topic: TopicSpec<unknown>, partition: number, m: KafkaMessage): Promise<void> {
    let value: unknown;
    try {
      value = codecFor(topic).decode(m.value);
    } catch (e) {
      await this.park(topic, partition, m, e instanceof DecodeError ? e.reason : 'UNDECODABLE', (e as Error).message);
      return;
    }
    // Checked against the record's own timestamp: every replay from offset 0 decides the same.
    const problem = contentProblem(topic, value, m.timestamp);
    if (problem !== null) {
      await this.park(topic, partition, m, 'INVALID_CONTENT', problem);
      return;
    }
    let counter: K;
    try {
      counter = this.opts.apply(topic, value);
    } catch (e) {
      await this.park(topic, partition, m, 'PROCESSING_FAILED', (e as Error).message);
      return;
    }
    this.opts.stats[counter]++;
  }

  private checkCaughtUp(): void {
    if (this.done) return;
    for (const [k, t] of this.targets) if ((this.next.get(k) ?? 0n) < t) return;
    this.done = true;
    this.opts.onCaughtUp();
    this.markCaughtUp();
  }

  /** Parks a record on the dead-letter topic; returns once Kafka acknowledged it. */
  private async park(topic: TopicSpec<unknown>, partition: number, m: KafkaMessage, reason: platformContract.DeadLetterReason, error: string): Promise<void> {
    await this.opts.deadLetters.send(
      this.opts.deadLetterTopic ?? topics.deadLetters,
      deadLetterOf({ topic: topic.name, partition, message: m, consumerGroup: this.consumerGroup }, reason, error, 1),
      { key: topic.name },
    );
    this.opts.stats.parked++;
    countDeadLetter(this.consumerGroup, topic.name, reason);
    this.opts.log.warn(`parked ${topic.name}[${partition}]@${m.offset} on the dead-letter topic: ${reason}`);
  }
}
