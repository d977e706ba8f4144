/**
 * What the use cases need from outside: the dead letters on the broker (read and replayed as
 * the service's own principal) and the audit trail (an action recorded durably before the answer).
 */
import type { TopicSpec } from '@inkijk/contracts';
import type { ActionRecord } from '@inkijk/platform';
import type { DeadLetterFilter, DeadLetterView, ReplayAccount, ReplayResult } from '@inkijk/platform/kafka/dead-letter-replay';

export interface DeadLetterStore {
  /** The dead letters matching the filter, each with whether its origin record was replayed already. */
  list(filter: DeadLetterFilter): Promise<DeadLetterView[]>;
  /** Replays what was not replayed before, with the run's record in the same transaction; throws ReplayRefused. */
  replay(req: { topic: TopicSpec<unknown>; group: string; ids?: readonly string[]; reason?: string; by: ReplayAccount; force: boolean; dryRun: boolean }): Promise<ReplayResult>;
}

export interface ActionLog {
  /** Resolves once the broker acknowledged the record; throws an ApiError 503 AUDIT_TRAIL_UNAVAILABLE otherwise. */
  record(action: ActionRecord): Promise<{ eventId: string }>;
}

export const DEAD_LETTER_STORE = Symbol('DEAD_LETTER_STORE');
export const ACTION_LOG = Symbol('ACTION_LOG');
