/**
 * The account-changes follower (ADR 0017): every service that accepts login tokens runs one. It
 * reads the users topic (deactivations, changes of roles or rights) and the sessions topic
 * (sign-outs) from their beginning into the service's `Revocations`, and keeps following them, so
 * that a change takes effect at this service within the time a record takes to arrive (measured:
 * well under a second; the requirement is 5 s).
 *
 * A consumer group of its own per process (`<principal>.account-changes.<host>-<pid>-<random>`,
 * nothing committed): every replica sees every record, and every start replays from offset 0.
 * Until it has read up to the end offsets the topics had at its start, the `Revocations` are not
 * current: health says so (readiness down) and the verifier holds requests for a moment, then
 * answers 503, rather than accept a token revoked in a record not read yet.
 *
 * Records are decoded with the platform codec and checked with the content check of their schema;
 * a record that fails is parked on the dead-letter topic (awaited) and the follower moves on, like
 * every consumer of ours. Why not the IdempotentConsumer: it commits offsets and deduplicates
 * through a database inbox; this state is in memory, rebuilt at every start, and applying a
 * record twice changes nothing (notBefore only moves forward).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { contentProblem, topics } from '@inkijk/contracts';
import type { platformContract, registration, TopicSpec } from '@inkijk/contracts';
import { codecFor, DecodeError } from '../avro/codec';
import type { HealthIndicator, HealthReport } from '../health/health';
import type { KafkaConnectionStatus } from '../kafka/connection-status';
import { deadLetterOf } from '../kafka/dead-letter';
import type { DurableSender } from '../kafka/durable-sender';
import { JsonLogger } from '../logging/json-logger';
import { observeConsumer } from '../metrics/metrics';
import { applySessionEvent, applyUserEvent, Revocations } from './revocations';

/** The two topics followed (tests may give copies). */
export interface AccountChangeTopics {
  users: TopicSpec<registration.UserEvent>;
  sessions: TopicSpec<registration.SessionEvent>;
}

export const ACCOUNT_CHANGE_TOPICS: AccountChangeTopics = { users: topics.users, sessions: topics.sessions };

export interface AccountChangesOptions {
  kafka: Kafka;
  revocations: Revocations;
  /** The service's group in the catalogue, e.g. ConsumerGroups.auditLogAccountChanges. */
  groupIdPrefix: string;
  /** Parks poison records; usually KafkaPlatform.sender. */
  deadLetters: DurableSender;
  status?: KafkaConnectionStatus;
  topics?: AccountChangeTopics;
  deadLetterTopic?: TopicSpec<platformContract.DeadLetter>;
  /** How often signed-out tokens that expired are forgotten (default a minute). */
  pruneEveryMs?: number;
}

export class AccountChangesFollower implements HealthIndicator {
  readonly name = 'account-changes';
  readonly groupId: string;
  readonly stats = { applied: 0, ignored: 0, parked: 0 };
  private readonly topics: AccountChangeTopics;
  private readonly byName: Map<string, TopicSpec<unknown>>;
  /** "topic:partition" -> next offset to read. */
  private readonly next = new Map<string, bigint>();
  /** "topic:partition" -> offset to reach before the revocations are current. */
  private readonly targets = new Map<string, bigint>();
  private consumer?: Consumer;
  private pruner?: NodeJS.Timeout;
  private readonly log = new JsonLogger('account-changes');

  constructor(private readonly opts: AccountChangesOptions) {
    this.topics = opts.topics ?? ACCOUNT_CHANGE_TOPICS;
    this.byName = new Map<string, TopicSpec<unknown>>([
      [this.topics.users.name, this.topics.users as TopicSpec<unknown>],
      [this.topics.sessions.name, this.topics.sessions as TopicSpec<unknown>],
    ]);
    this.groupId = `${opts.groupIdPrefix}.${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    opts.revocations.follow();
  }

  /** Notes the end offsets, then reads both topics from their beginning and keeps following. */
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
    const consumer = this.opts.kafka.consumer({ groupId: this.groupId, allowAutoTopicCreation: false, sessionTimeout: 30_000, heartbeatInterval: 3_000 });
    this.consumer = consumer;
    this.opts.status?.watchConsumer(`consumer:${this.opts.groupIdPrefix}`, consumer);
    observeConsumer(consumer, this.opts.groupIdPrefix);
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.byName.keys()], fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (b) => this.onBatch(b) });
    const every = this.opts.pruneEveryMs ?? 60_000;
    this.pruner = setInterval(() => this.opts.revocations.prune(Date.now()), every);
    this.pruner.unref();
  }

  async stop(): Promise<void> {
    if (this.pruner) clearInterval(this.pruner);
    await this.consumer?.disconnect();
  }

  check(): HealthReport {
    if (this.opts.revocations.isCurrent()) return { status: 'up' };
    const behind = [...this.targets].filter(([k, t]) => (this.next.get(k) ?? 0n) < t).map(([k, t]) => `${k} at ${this.next.get(k) ?? 0n} of ${t}`);
    return { status: 'down', detail: `loading account changes: ${behind.join(', ') || 'starting'}` };
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const topic = this.byName.get(batch.topic)!;
    const key = `${batch.topic}:${batch.partition}`;
    for (const m of batch.messages) {
      if (!isRunning() || isStale()) return;
      const offset = BigInt(m.offset);
      if (offset < (this.next.get(key) ?? 0n)) continue; // fetched again after a retry: applied already
      await this.applyOne(topic, batch.partition, m);
      this.next.set(key, offset + 1n);
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
    const problem = contentProblem(topic, value, m.timestamp);
    if (problem !== null) {
      await this.park(topic, partition, m, 'INVALID_CONTENT', problem);
      return;
    }
    const outcome = topic.name === this.topics.users.name ? applyUserEvent(this.opts.revocations, value as registration.UserEvent) : applySessionEvent(this.opts.revocations, value as registration.SessionEvent);
    this.stats[outcome === 'revoked' ? 'applied' : 'ignored']++;
  }

  private checkCaughtUp(): void {
    if (this.opts.revocations.isCurrent()) return;
    for (const [k, t] of this.targets) if ((this.next.get(k) ?? 0n) < t) return;
    this.opts.revocations.caughtUp();
    this.log.log(`account changes loaded: ${JSON.stringify(this.opts.revocations.stats())}`);
  }

  /** Parks a record on the dead-letter topic; returns once Kafka acknowledged it. */
  private async park(topic: TopicSpec<unknown>, partition: number, m: KafkaMessage, reason: platformContract.DeadLetterReason, error: string): Promise<void> {
    await this.opts.deadLetters.send(
      this.opts.deadLetterTopic ?? topics.deadLetters,
      deadLetterOf({ topic: topic.name, partition, message: m, consumerGroup: this.opts.groupIdPrefix }, reason, error, 1),
      { key: topic.name },
    );
    this.stats.parked++;
    this.log.warn(`parked ${topic.name}[${partition}]@${m.offset} on the dead-letter topic: ${reason}`);
  }
}
