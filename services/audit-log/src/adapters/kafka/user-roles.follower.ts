/**
 * Follows the users topic from offset 0 into the roles directory (the platform's replaying
 * follower: a group of its own per process, nothing committed, impossible records parked). The
 * directory is informative only (roles beside a query's worker): until it has caught up, some
 * roles read null; health is not held for it.
 */
import type { Kafka } from 'kafkajs';
import type { registration, TopicSpec } from '@inkijk/contracts';
import { DurableSender, JsonLogger, KafkaConnectionStatus, ReplayingFollower } from '@inkijk/platform';
import { UserRolesDirectory } from '../../domain/user-roles';

export class UserRolesFollower {
  readonly stats = { applied: 0, ignored: 0, parked: 0 };
  private readonly replay: ReplayingFollower<'applied' | 'ignored'>;
  private readonly log = new JsonLogger('user-roles');

  constructor(opts: { kafka: Kafka; topic: TopicSpec<registration.UserEvent>; groupIdPrefix: string; deadLetters: DurableSender; status?: KafkaConnectionStatus; directory: UserRolesDirectory }) {
    this.replay = new ReplayingFollower({
      kafka: opts.kafka,
      topics: [opts.topic as TopicSpec<unknown>],
      groupIdPrefix: opts.groupIdPrefix,
      deadLetters: opts.deadLetters,
      status: opts.status,
      stats: this.stats,
      log: this.log,
      apply: (_topic, value) => (opts.directory.apply(value as registration.UserEvent) ? 'applied' : 'ignored'),
      onCaughtUp: () => this.log.log(`user roles loaded: ${opts.directory.size} account(s)`),
    });
  }

  get caughtUp(): Promise<void> {
    return this.replay.caughtUp;
  }

  start(): Promise<void> {
    return this.replay.start();
  }

  stop(): Promise<void> {
    return this.replay.stop();
  }
}
