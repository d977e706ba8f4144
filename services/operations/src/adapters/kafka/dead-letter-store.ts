/**
 * The dead letters on the broker, read and replayed with the platform's code
 * (libs/platform/src/kafka/dead-letter-replay.ts) on this service's own Kafka client: the
 * `operations` principal, whose ACLs (contracts/src/replay.ts, acl.ts) allow exactly what that
 * code reads and writes. A broker that does not answer in time is 503, never a half-done replay
 * (the replays and their record are one transaction).
 */
import { isRefusal, Refusal } from '@inkijk/contracts';
import { JsonLogger, KafkaPlatform } from '@inkijk/platform';
import { deadLetterView, DeadLetterFilter, DeadLetterView, listDeadLetters, replayDeadLetters, ReplayRefused, ReplayResult } from '@inkijk/platform/kafka/dead-letter-replay';
import type { DeadLetterStore } from '../../app/ports';

export interface DeadLetterStoreOptions {
  readTimeoutMs: number;
}

export class KafkaDeadLetterStore implements DeadLetterStore {
  private readonly log = new JsonLogger('dead-letters');

  constructor(
    private readonly platform: KafkaPlatform,
    private readonly opts: DeadLetterStoreOptions,
  ) {}

  async list(filter: DeadLetterFilter): Promise<DeadLetterView[]> {
    return (await this.unavailableAs503('listing', () => listDeadLetters(this.platform.kafka, filter, this.options()))).map(deadLetterView);
  }

  replay(req: Parameters<DeadLetterStore['replay']>[0]): Promise<ReplayResult> {
    return this.unavailableAs503('replaying', () =>
      replayDeadLetters(this.platform.kafka, { topic: req.topic, group: req.group, ids: req.ids, reason: req.reason, operator: req.by, force: req.force, dryRun: req.dryRun }, this.options()),
    );
  }

  private options() {
    return { readTimeoutMs: this.opts.readTimeoutMs };
  }

  private async unavailableAs503<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof ReplayRefused || isRefusal(e)) throw e;
      this.log.warn(`${what} dead letters failed: ${(e as Error).message}`);
      throw new Refusal('UNAVAILABLE', 'DEAD_LETTERS_UNAVAILABLE', `The broker did not answer in time while ${what} the dead letters; nothing was replayed. Try again shortly.`);
    }
  }
}
