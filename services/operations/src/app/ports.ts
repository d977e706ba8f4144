/**
 * What the use cases need from outside: the dead letters on the broker (read and replayed as
 * the service's own principal) and the audit trail (an action recorded durably before the answer).
 */
import type { TopicSpec } from '@inkijk/contracts';
import type { ActionRecord } from '@inkijk/platform';
import type { DeadLetterFilter, DeadLetterView, ReplayAccount, ReplayResult } from '@inkijk/platform/kafka/dead-letter-replay';
import type { BrokerCluster, CheckpointSeen, PartitionOffsets, ReadinessAnswer } from '../domain/status';

export interface DeadLetterStore {
  /** The dead letters matching the filter, each with whether its origin record was replayed already. */
  list(filter: DeadLetterFilter): Promise<DeadLetterView[]>;
  /** Replays what was not replayed before, with the run's record in the same transaction; throws ReplayRefused. */
  replay(req: { topic: TopicSpec<unknown>; group: string; ids?: readonly string[]; reason?: string; by: ReplayAccount; force: boolean; dryRun: boolean }): Promise<ReplayResult>;
}

export interface ActionLog {
  /** Resolves once the broker acknowledged the record; refuses (UNAVAILABLE, AUDIT_TRAIL_UNAVAILABLE) otherwise. */
  record(action: ActionRecord): Promise<{ eventId: string }>;
}

export const DEAD_LETTER_STORE = Symbol('DEAD_LETTER_STORE');
export const ACTION_LOG = Symbol('ACTION_LOG');

/** What the status page asks (each call is time-boxed by the use case). */
export interface StatusProbes {
  /** A service's GET /health/ready: its HTTP status and body; throws when it cannot be reached. */
  readiness(baseUrl: string): Promise<ReadinessAnswer>;
  /** The broker cluster (admin API): brokers and controller. */
  cluster(): Promise<BrokerCluster>;
  /** A consumer group's committed offsets on a topic against the topic's offsets, and the group's state. */
  groupOffsets(group: string, topic: string): Promise<{ partitions: PartitionOffsets[]; groupState: string; members: number }>;
  /** The audit log's newest checkpoints (GET /audit/checkpoints), asked with the officer's own token. */
  checkpoints(bearerToken: string): Promise<CheckpointSeen[]>;
}
