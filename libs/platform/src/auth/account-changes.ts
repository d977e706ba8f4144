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
 * every consumer of ours. That replay plumbing (consumer, offsets, catch-up targets, parking) is
 * the platform's ReplayingFollower, shared with the authorization read model; why not the
 * IdempotentConsumer is said there. Applying a record twice changes nothing here (notBefore only
 * moves forward).
 */
import type { Kafka } from 'kafkajs';
import { topics } from '@inkijk/contracts';
import type { platformContract, registration, TopicSpec } from '@inkijk/contracts';
import type { HealthIndicator, HealthReport } from '../health/health';
import type { KafkaConnectionStatus } from '../kafka/connection-status';
import type { DurableSender } from '../kafka/durable-sender';
import { ReplayingFollower } from '../kafka/replaying-follower';
import { JsonLogger } from '../logging/json-logger';
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
  private readonly replay: ReplayingFollower<'applied' | 'ignored'>;
  private pruner?: NodeJS.Timeout;
  private readonly log = new JsonLogger('account-changes');

  constructor(private readonly opts: AccountChangesOptions) {
    const followed = opts.topics ?? ACCOUNT_CHANGE_TOPICS;
    this.replay = new ReplayingFollower({
      kafka: opts.kafka,
      topics: [followed.users as TopicSpec<unknown>, followed.sessions as TopicSpec<unknown>],
      groupIdPrefix: opts.groupIdPrefix,
      deadLetters: opts.deadLetters,
      deadLetterTopic: opts.deadLetterTopic,
      status: opts.status,
      stats: this.stats,
      log: this.log,
      apply: (topic, value) => {
        const outcome = topic.name === followed.users.name ? applyUserEvent(opts.revocations, value as registration.UserEvent) : applySessionEvent(opts.revocations, value as registration.SessionEvent);
        return outcome === 'revoked' ? 'applied' : 'ignored';
      },
      onCaughtUp: () => {
        opts.revocations.caughtUp();
        this.log.log(`account changes loaded: ${JSON.stringify(opts.revocations.stats())}`);
      },
    });
    this.groupId = this.replay.groupId;
    opts.revocations.follow();
  }

  /** Notes the end offsets, then reads both topics from their beginning and keeps following. */
  async start(): Promise<void> {
    await this.replay.start();
    const every = this.opts.pruneEveryMs ?? 60_000;
    this.pruner = setInterval(() => this.opts.revocations.prune(Date.now()), every);
    this.pruner.unref();
  }

  async stop(): Promise<void> {
    if (this.pruner) clearInterval(this.pruner);
    await this.replay.stop();
  }

  check(): HealthReport {
    if (this.opts.revocations.isCurrent()) return { status: 'up' };
    return { status: 'down', detail: `loading account changes: ${this.replay.lag() || 'starting'}` };
  }
}
