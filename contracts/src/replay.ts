/**
 * Which parked records may be replayed (docs/operations/dead-letters.md), and who replays them.
 *
 * A replay re-publishes a dead letter's original record to its origin topic. Every consumer group
 * of that topic sees it again, so a topic may be replayed only where each of its groups keeps
 * the record exactly once through an inbox keyed by the event id (INBOX_GROUPS), or is not harmed
 * by a second copy (REPLAY_TOLERANT_GROUPS). Every group of the catalogue is classified here; a
 * unit test fails when one is added without a decision.
 *
 * The replaying principal (the operations service) gets its broker ACLs from this classification
 * (acl.ts): WRITE, and READ (the replay markers are headers on the origin partitions), on exactly
 * the topics `replayRefusal` allows for one of their groups.
 */
import { ConsumerGroups } from './catalogue';
import type { ServiceName } from './parties';

/** The principal that replays dead letters: the operations service (the operator's command runs as the broker's super user). */
export const REPLAY_PRINCIPAL: ServiceName = 'operations';
/** One transactional id for every replay run, the command's and the service's: a second run at the same time fences the first. */
export const REPLAY_TRANSACTIONAL_ID = 'inkijk-operations.dead-letter-replay';
/** The throw-away consumer groups that read the dead letters and the origin partitions (nothing committed, deleted after). */
export const REPLAY_GROUP_PREFIX = 'operations.dead-letters-';

/** The catalogue's groups that deduplicate through an inbox (IdempotentConsumer): a replay reaches them exactly once. */
export const INBOX_GROUPS: readonly string[] = [
  ConsumerGroups.registrationCaseload,
  ConsumerGroups.auditLog,
  ConsumerGroups.auditLogDecisions,
  ConsumerGroups.auditLogActivity,
  ConsumerGroups.reporting,
  ConsumerGroups.reportingActivity,
  ConsumerGroups.signalsQueries,
  ConsumerGroups.signalsActivity,
];

const FOLLOWER = 'follows its topics from offset 0 into memory, without an inbox: a re-published record would be applied again (and may undo a newer state); restart the service after the fix, it reads the parked record again';
const COUNTER = 'counts the distinct events of the topic for the completeness check; it parks nothing, and a re-published record changes no count';
const REQUEST_REPLY = 'answers requests whose caller waits seconds; a request replayed later has nobody waiting for it';

/** The catalogue's other groups, and why a re-published record is no replay for them. */
export const NOT_REPLAYABLE_GROUPS: Readonly<Record<string, string>> = {
  [ConsumerGroups.authorizationReadModel]: FOLLOWER,
  [ConsumerGroups.gatewayReadModel]: FOLLOWER,
  [ConsumerGroups.registrationAccountChanges]: FOLLOWER,
  [ConsumerGroups.authorizationAccountChanges]: FOLLOWER,
  [ConsumerGroups.gatewayAccountChanges]: FOLLOWER,
  [ConsumerGroups.auditLogAccountChanges]: FOLLOWER,
  [ConsumerGroups.reportingAccountChanges]: FOLLOWER,
  [ConsumerGroups.operationsAccountChanges]: FOLLOWER,
  [ConsumerGroups.authorizationEvaluations]: REQUEST_REPLY,
  [ConsumerGroups.gatewayAuthorizationReplies]: REQUEST_REPLY,
};

/** Groups a re-published record does no harm to, though they keep no inbox: why. */
export const REPLAY_TOLERANT_GROUPS: Readonly<Record<string, string>> = {
  [ConsumerGroups.auditLogCompleteness]: COUNTER,
  [ConsumerGroups.reportingCompleteness]: COUNTER,
};

/** Why records of `group` on `topic` cannot be replayed, or null when they can. */
export function replayRefusal(topic: { readonly name: string; readonly consumerGroups: readonly string[]; readonly cleanupPolicy?: string }, group: string, inboxGroups: readonly string[] = INBOX_GROUPS): string | null {
  if (!topic.consumerGroups.includes(group)) {
    return `${group} is no consumer group of ${topic.name} (its groups: ${topic.consumerGroups.join(', ') || 'none'})`;
  }
  if (topic.cleanupPolicy === 'compact') return `${topic.name} is compacted: a re-published record would become its key's newest state`;
  for (const g of topic.consumerGroups) {
    if (!inboxGroups.includes(g) && !(g in REPLAY_TOLERANT_GROUPS)) return `${topic.name} is also read by ${g}, which ${NOT_REPLAYABLE_GROUPS[g] ?? 'keeps no inbox of ours'}`;
  }
  return null;
}

/** Whether a parked record of some group of the topic may be replayed to it (the replaying principal writes it). */
export function isReplayable(topic: { readonly name: string; readonly consumerGroups: readonly string[]; readonly cleanupPolicy?: string }): boolean {
  return topic.consumerGroups.some((g) => replayRefusal(topic, g) === null);
}
