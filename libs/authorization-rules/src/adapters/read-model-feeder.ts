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
 * The replay plumbing (consumer, offsets, catch-up targets, decoding, content check, parking) is
 * the platform's ReplayingFollower, shared with the account-changes follower; why not the
 * IdempotentConsumer is said there. The model deduplicates by event id itself. After a rejoin
 * of its group (a broker restart, a rebalance) the follower goes on from its own position, so the
 * feeder catches up once and then idles (about one fetch per 5 s), see `fetches()`.
 */
import type { Kafka } from 'kafkajs';
import { ConsumerGroups, topics, TopicSpec } from '@inkijk/contracts';
import type { platformContract } from '@inkijk/contracts';
import { DurableSender, HealthIndicator, HealthReport, JsonLogger, KafkaConnectionStatus, ReplayingFollower } from '@inkijk/platform';
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
  private readonly replay: ReplayingFollower<'applied' | 'duplicates'>;
  private readonly log = new JsonLogger('read-model-feeder');

  constructor(opts: ReadModelFeederOptions) {
    this.replay = new ReplayingFollower({
      kafka: opts.kafka,
      topics: Object.values(opts.topics ?? REGISTRATION_TOPICS),
      // The gateway's in-process model runs under its own prefix: its status and dead letters name it.
      groupIdPrefix: opts.groupIdPrefix ?? ConsumerGroups.authorizationReadModel,
      deadLetters: opts.deadLetters,
      deadLetterTopic: opts.deadLetterTopic,
      status: opts.status,
      maxBytesPerPartition: 4 * 1024 * 1024,
      stats: this.stats,
      log: this.log,
      apply: (_topic, event) => (opts.model.apply(event as RegistrationEvent) === 'applied' ? 'applied' : 'duplicates'),
      onCaughtUp: () => this.log.log(`read model ready: ${JSON.stringify(opts.model.stats())}`),
    });
    this.groupId = this.replay.groupId;
    this.ready = this.replay.caughtUp;
  }

  /** Notes the high watermarks, then consumes every topic from its beginning. */
  start(): Promise<void> {
    return this.replay.start();
  }

  stop(): Promise<void> {
    return this.replay.stop();
  }

  isReady(): boolean {
    return this.replay.isCaughtUp();
  }

  /** topic:partition -> next offset applied (a copy, renewed only when it changed). */
  offsets(): Record<string, number> {
    return this.replay.offsets();
  }

  /** Fetch requests made so far. */
  fetches(): number {
    return this.replay.fetches();
  }

  check(): HealthReport {
    if (this.replay.isCaughtUp()) return { status: 'up' };
    return { status: 'down', detail: `replaying registration topics: ${this.replay.lag()}` };
  }
}
