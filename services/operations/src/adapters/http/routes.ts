/**
 * The operations service's HTTP API as one table: the schemas its controller validates input
 * with, and the OpenAPI document made from them (GET /openapi.json). Topic and group names are
 * those of the catalogue (contracts), so nothing else reaches the broker or the audit record.
 */
import { z } from 'zod';
import { catalogue, ConsumerGroups, platformContract } from '@inkijk/contracts';
import { openApiDocument, RouteSpec } from '@inkijk/platform';

const TOPICS = catalogue.map((t) => t.name) as [string, ...string[]];
const GROUPS = [...new Set([...Object.values(ConsumerGroups), ...catalogue.flatMap((t) => t.consumerGroups)])].sort() as [string, ...string[]];

const topic = z.enum(TOPICS).describe('An origin topic of the catalogue, e.g. inkijk.caseload.events-gm0392.v1');
const group = z.enum(GROUPS).describe('The consumer group that parked the records, e.g. registration.caseload');
const reason = z.enum(platformContract.DeadLetterReasonValues).describe('Why they were parked');

export const listQuery = z.object({ group: group.optional(), topic: topic.optional(), reason: reason.optional() }).strict();

export const replayBody = z
  .object({
    group,
    topic,
    ids: z.array(z.string().uuid()).min(1).max(100).optional().describe('Only these dead letters (default: every one of the group and topic)'),
    reason: reason.optional(),
    force: z.boolean().optional().describe('Also replay records that would be parked again as they are (undecodable, impossible content)'),
    dryRun: z.boolean().optional().describe('Say what would be replayed; publish nothing'),
  })
  .strict();

export const ROUTES: readonly RouteSpec[] = [
  {
    method: 'get',
    path: '/dead-letters',
    summary: 'The parked records (dead letters), each with whether its origin record was replayed; never a key or value. The read is recorded in the audit log.',
    roles: ['SECURITY_OFFICER'],
    query: listQuery,
    answers: '{count, deadLetters: [{deadLetterId, parkedAt, consumerGroup, originTopic, originPartition, originOffset, reason, error, attempts, traceId, replayOf, replayedAs}]}',
    refusals: [503],
  },
  {
    method: 'post',
    path: '/dead-letters/replay',
    summary: 'Replays the dead letters of one consumer group and topic that were not replayed before (each consumer keeps a record once through its inbox); the run is recorded in the audit log in the same transaction.',
    roles: ['SECURITY_OFFICER'],
    body: replayBody,
    answers: '{runId, dryRun, replayed, already, skipped, results: [{deadLetterId, outcome: replayed | already | skipped, origin?, offset?, replayOffset?, reason?}], activityId}',
    refusals: [409, 503],
  },
  {
    method: 'get',
    path: '/status',
    summary: "The operators' status: each service's readiness with its checks, the broker cluster, the lag of each consumer group, the dead letters per group and reason, the newest checkpoint per audit chain. Each probe is time-boxed (unknown when it does not answer in time). The read is recorded in the audit log, best effort (recorded: false when it could not be).",
    roles: ['SECURITY_OFFICER'],
    answers: '{state: up | down | unknown, checkedAt, recorded, services: [{name, url, state, checks, detail}], broker: {state, clusterId, controller, brokers}, consumerGroups: [{group, topic, lag, groupState, members, state, detail}], deadLetters: {state, total, open, byGroupAndReason}, checkpoints: {state, chains: [{chain, headSequence, recordCount, createdAt, ageSeconds}]}}',
  },
];

export const OPENAPI = openApiDocument(
  {
    title: 'one-login Inkijk: operations',
    description: "The security officer's operations: the dead letters listed and replayed after their cause is fixed (docs/operations/dead-letters.md). Every request is recorded in the audit log; every refusal is a 4xx with {code, message}.",
  },
  ROUTES,
);
