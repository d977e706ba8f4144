/**
 * The broker's ACLs, generated from the topic catalogue and the parties (least privilege from one
 * source of truth). Pure: the provisioning script (deploy/kafka/provision.ts) applies the result
 * as the operator and removes every ACL that is not in it.
 *
 * Rules:
 * - a topic's producer WRITEs it (WRITE implies DESCRIBE); producers also get IDEMPOTENT_WRITE on
 *   the cluster (every producer of ours is idempotent);
 * - every consumer group of a topic belongs to the principal its name starts with
 *   ("<principal>.<purpose>"); that principal READs the topic, and READs groups with its prefix;
 * - outside readers (suppliers, the verifier) READ only the topics that name them;
 * - "any-consumer" (the dead-letter topic): every principal that consumes anything may WRITE it;
 * - the replaying principal (replay.ts, the operations service) READs the dead-letter topic,
 *   READs and WRITEs every topic a parked record may be replayed to (`isReplayable`: READ because
 *   earlier replays are found by their headers on the origin partitions), READs and DELETEs its
 *   throw-away groups (REPLAY_GROUP_PREFIX) and WRITEs its one transactional id (REPLAY_TRANSACTIONAL_ID);
 * - the same principal shows the operators' status page: it DESCRIBEs every group of `lagGroups`
 *   and that group's topics (committed offsets against end offsets: the lag), never READs them.
 */
import type { TopicSpec } from './topic';
import { OPERATOR_PRINCIPAL, PRINCIPAL_NAME } from './parties';
import { isReplayable, REPLAY_GROUP_PREFIX, REPLAY_PRINCIPAL, REPLAY_TRANSACTIONAL_ID } from './replay';
import { ACCOUNT_CHANGES_GROUPS, ConsumerGroups } from './catalogue';

export type AclOperation = 'READ' | 'WRITE' | 'IDEMPOTENT_WRITE' | 'DELETE' | 'DESCRIBE';

/** A consumer group of the catalogue and one topic it reads. */
export interface GroupTopic {
  readonly group: string;
  readonly topic: string;
}

/**
 * The followers (the platform's ReplayingFollower): a group per process (`<group>.<host>-<pid>-..`),
 * from offset 0 into memory, nothing committed: the account changes (ADR 0017) and the read models.
 */
export const FOLLOWER_GROUPS: readonly string[] = [...ACCOUNT_CHANGES_GROUPS, ConsumerGroups.authorizationReadModel, ConsumerGroups.gatewayReadModel];

/**
 * The consumer groups whose lag the status page shows, each with its topics: every group of the
 * catalogue that commits offsets, so not the followers (FOLLOWER_GROUPS). Their topics are no
 * more than that: the whitelist, read by followers only, is not among them.
 */
export function lagGroups(catalogue: readonly TopicSpec<unknown>[]): GroupTopic[] {
  const followers = FOLLOWER_GROUPS;
  return catalogue.flatMap((t) => t.consumerGroups.filter((g) => !followers.includes(g)).map((group) => ({ group, topic: t.name })));
}
export interface AclBinding {
  readonly principal: string;
  readonly resourceType: 'TOPIC' | 'GROUP' | 'CLUSTER' | 'TRANSACTIONAL_ID';
  /** kafka-cluster for the cluster resource. */
  readonly resourceName: string;
  readonly patternType: 'LITERAL' | 'PREFIXED';
  readonly operation: AclOperation;
}

export class CatalogueError extends Error {
  override readonly name = 'CatalogueError';
}

/** The principal a consumer group belongs to: its name up to the first dot. */
export function principalOfGroup(group: string, principals: readonly string[]): string {
  const owner = principals.find((p) => group.startsWith(`${p}.`));
  if (!owner) throw new CatalogueError(`consumer group ${group} does not start with a known principal ("<principal>.<purpose>")`);
  return owner;
}

/** Who reads a topic: the owners of its consumer groups and its outside readers. */
export function readersOf(topic: TopicSpec<unknown>, principals: readonly string[]): string[] {
  return [...new Set([...topic.consumerGroups.map((g) => principalOfGroup(g, principals)), ...(topic.outsideReaders ?? [])])];
}

export function aclsFor(catalogue: readonly TopicSpec<unknown>[], principals: readonly string[]): AclBinding[] {
  const known = new Set(principals);
  for (const p of principals) if (!PRINCIPAL_NAME.test(p)) throw new CatalogueError(`principal name ${p} is not plain (${PRINCIPAL_NAME})`);
  const check = (p: string, what: string) => {
    if (!known.has(p)) throw new CatalogueError(`${what}: ${p} is not a declared party (contracts/src/parties.ts)`);
    if (p === OPERATOR_PRINCIPAL) throw new CatalogueError(`${what}: the operator is no topic's producer or reader`);
  };
  const consumers = new Set<string>();
  const readers = new Map<string, string[]>();
  for (const t of catalogue) {
    const r = readersOf(t, principals);
    r.forEach((p) => check(p, `reader of ${t.name}`));
    readers.set(t.name, r);
    t.consumerGroups.forEach((g) => consumers.add(principalOfGroup(g, principals)));
  }
  const acls: AclBinding[] = [];
  const add = (a: AclBinding) => {
    if (!acls.some((b) => b.principal === a.principal && b.resourceType === a.resourceType && b.resourceName === a.resourceName && b.patternType === a.patternType && b.operation === a.operation)) acls.push(a);
  };
  for (const t of catalogue) {
    const producers = t.producer === 'any-consumer' ? [...consumers] : typeof t.producer === 'string' ? [t.producer] : [...t.producer];
    for (const p of producers) {
      check(p, `producer of ${t.name}`);
      add({ principal: p, resourceType: 'TOPIC', resourceName: t.name, patternType: 'LITERAL', operation: 'WRITE' });
      add({ principal: p, resourceType: 'CLUSTER', resourceName: 'kafka-cluster', patternType: 'LITERAL', operation: 'IDEMPOTENT_WRITE' });
    }
    for (const p of readers.get(t.name)!) {
      add({ principal: p, resourceType: 'TOPIC', resourceName: t.name, patternType: 'LITERAL', operation: 'READ' });
      add({ principal: p, resourceType: 'GROUP', resourceName: `${p}.`, patternType: 'PREFIXED', operation: 'READ' });
    }
  }
  if (known.has(REPLAY_PRINCIPAL)) {
    const r = REPLAY_PRINCIPAL;
    for (const t of catalogue) {
      if (t.producer === 'any-consumer') add({ principal: r, resourceType: 'TOPIC', resourceName: t.name, patternType: 'LITERAL', operation: 'READ' });
      if (!isReplayable(t)) continue;
      add({ principal: r, resourceType: 'TOPIC', resourceName: t.name, patternType: 'LITERAL', operation: 'READ' });
      add({ principal: r, resourceType: 'TOPIC', resourceName: t.name, patternType: 'LITERAL', operation: 'WRITE' });
    }
    add({ principal: r, resourceType: 'GROUP', resourceName: REPLAY_GROUP_PREFIX, patternType: 'PREFIXED', operation: 'READ' });
    add({ principal: r, resourceType: 'GROUP', resourceName: REPLAY_GROUP_PREFIX, patternType: 'PREFIXED', operation: 'DELETE' });
    add({ principal: r, resourceType: 'TRANSACTIONAL_ID', resourceName: REPLAY_TRANSACTIONAL_ID, patternType: 'LITERAL', operation: 'WRITE' });
    for (const { group, topic } of lagGroups(catalogue)) {
      add({ principal: r, resourceType: 'GROUP', resourceName: group, patternType: 'LITERAL', operation: 'DESCRIBE' });
      add({ principal: r, resourceType: 'TOPIC', resourceName: topic, patternType: 'LITERAL', operation: 'DESCRIBE' });
    }
    add({ principal: r, resourceType: 'CLUSTER', resourceName: 'kafka-cluster', patternType: 'LITERAL', operation: 'IDEMPOTENT_WRITE' });
  }
  return acls.sort((a, b) => `${a.principal} ${a.resourceType} ${a.resourceName} ${a.operation}`.localeCompare(`${b.principal} ${b.resourceType} ${b.resourceName} ${b.operation}`));
}

/** One line per binding, for the README, the ADR and the provisioning log. */
export function describeAcl(a: AclBinding): string {
  const resource = a.resourceType === 'CLUSTER' ? 'cluster' : `${a.resourceType.toLowerCase().replace('_', '-')} ${a.resourceName}${a.patternType === 'PREFIXED' ? '*' : ''}`;
  return `${a.principal}: ${a.operation} ${resource}`;
}
