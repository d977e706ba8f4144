/**
 * Dead letters listed and replayed (docs/operations/dead-letters.md): the code behind
 * `npm run dead-letters` (the operator, as the broker's super user) and behind the operations
 * service's endpoints (the security officer, as the `operations` principal, whose ACLs allow
 * exactly what this code reads and writes: contracts/src/replay.ts).
 *
 * A replay re-publishes a parked record's original bytes (key, value, headers and timestamp) to
 * the partition it came from, with the header `inkijk-replay-of: <deadLetterId>`. Every consumer
 * group of that topic sees it again; each deduplicates through its inbox by the value's event id,
 * so the group that parked it processes it once and the groups that processed it drop it. That
 * holds only where every group of the topic keeps an inbox (INBOX_GROUPS): other topics are
 * refused (`replayRefusal`). The original timestamp is kept, so the content check (against the
 * record's own time) decides as at the first delivery.
 *
 * The replays of one run and its ActivityEvent (service `operations`, action OTHER, object
 * DEAD_LETTER) are written in one Kafka transaction: both or neither. Consumers read committed.
 * A dead letter counts as replayed when a record on its origin partition after its origin offset
 * carries `inkijk-replay-of` with its id, or with the id of another dead letter of the same origin
 * record (a replay reaches every group): a second replay of it is refused.
 */
import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { contentProblem, REPLAY_GROUP_PREFIX, REPLAY_TRANSACTIONAL_ID, replayRefusal, topics } from '@inkijk/contracts';
import type { audit, platformContract, registration, TopicSpec } from '@inkijk/contracts';
import { codecFor } from '../avro/codec';
import { redactBsn } from '../logging/json-logger';
import { ActionActor, activityEvent } from './activity';

type DeadLetter = platformContract.DeadLetter;

/** Header of a replayed record: the id of the dead letter it replays. */
export const REPLAY_OF_HEADER = 'inkijk-replay-of';
/** Header of a replayed record: the run that replayed it (also in the run's ActivityEvent). */
export const REPLAY_RUN_HEADER = 'inkijk-replay-run';
/** The service named on the ActivityEvent of a replay. */
export const OPERATIONS_SERVICE = 'operations';
/** Which groups keep an inbox, why the others may not be replayed, and who replays: contracts/src/replay.ts (the broker's ACLs follow it). */
export { INBOX_GROUPS, NOT_REPLAYABLE_GROUPS, REPLAY_TOLERANT_GROUPS, REPLAY_TRANSACTIONAL_ID, replayRefusal } from '@inkijk/contracts';

export interface ParkedRecord {
  letter: DeadLetter;
  /** Its offset on the dead-letter topic. */
  offset: string;
  /** The replay of its origin record, if any; null when none; undefined when not looked up (origin topic gone). */
  replayedAs?: { deadLetterId: string; offset: string; run: string | null } | null;
}

export interface DeadLetterFilter {
  group?: string;
  topic?: string;
  reason?: string;
  ids?: readonly string[];
}

export interface DeadLetterOptions {
  deadLetterTopic?: TopicSpec<DeadLetter>;
  activityTopic?: TopicSpec<audit.ActivityEvent>;
  /** Inbox groups (replayRefusal); tests name their own. */
  inboxGroups?: readonly string[];
  /** Longest wait for the next batch while reading a topic to its end (default 30 s). */
  readTimeoutMs?: number;
}

interface Range {
  topic: string;
  partition: number;
  /** First offset to read. */
  from: bigint;
  /** End (exclusive): the partition's end when the read began. */
  to: bigint;
}

const rangeKey = (topic: string, partition: number) => `${topic}[${partition}]`;

/**
 * Reads the given ranges once, in a consumer group of its own that commits nothing and is deleted
 * afterwards. Resolves when every range is read to its end; `idleMs` without a batch is an error
 * (an incomplete read must not pass for "not replayed").
 */
async function readRanges(kafka: Kafka, ranges: Range[], onMessage: (topic: string, partition: number, m: KafkaMessage) => void, idleMs: number): Promise<void> {
  const todo = new Map(ranges.filter((r) => r.from < r.to).map((r) => [rangeKey(r.topic, r.partition), r]));
  if (todo.size === 0) return;
  const next = new Map([...todo].map(([k, r]) => [k, r.from]));
  // A group of the replaying principal's (its ACLs READ this prefix only).
  const groupId = `${REPLAY_GROUP_PREFIX}${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 500 });
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let progress = Date.now();
  const reached = (topic: string, partition: number, lastOffset: string) => {
    progress = Date.now();
    const key = rangeKey(topic, partition);
    const r = todo.get(key);
    if (r && BigInt(lastOffset) + 1n >= r.to) {
      todo.delete(key);
      if (todo.size === 0) finish();
    }
  };
  // Also told of batches of control records only (transaction markers), which eachBatch never sees.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => reached(payload.topic, payload.partition, payload.lastOffset));
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...new Set(ranges.map((r) => r.topic))], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const key = rangeKey(batch.topic, batch.partition);
        const from = next.get(key);
        const range = ranges.find((r) => r.topic === batch.topic && r.partition === batch.partition);
        if (from === undefined || !range) return;
        for (const m of batch.messages) {
          const o = BigInt(m.offset);
          if (o < next.get(key)! || o >= range.to) continue;
          next.set(key, o + 1n);
          onMessage(batch.topic, batch.partition, m);
        }
      },
    });
    for (const r of todo.values()) consumer.seek({ topic: r.topic, partition: r.partition, offset: r.from.toString() });
    await Promise.race([
      finished,
      new Promise<never>((_, reject) => {
        timer = setInterval(() => {
          if (Date.now() - progress > idleMs) reject(new Error(`reading ${[...todo.keys()].join(', ')} to the end: nothing came for ${idleMs} ms`));
        }, 250);
      }),
    ]);
  } finally {
    clearInterval(timer);
    await consumer.disconnect().catch(() => undefined);
    const admin = kafka.admin();
    await admin.connect().then(() => admin.deleteGroups([groupId])).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

/** Every partition of the topics from its first kept offset to its end now (missing topics left out). */
async function wholeTopics(kafka: Kafka, names: readonly string[]): Promise<{ ranges: Range[]; missing: string[] }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const ranges: Range[] = [];
    for (const topic of names.filter((n) => existing.has(n))) {
      for (const p of await admin.fetchTopicOffsets(topic)) ranges.push({ topic, partition: p.partition, from: BigInt(p.low), to: BigInt(p.high) });
    }
    return { ranges, missing: names.filter((n) => !existing.has(n)) };
  } finally {
    await admin.disconnect();
  }
}

/** Every dead letter on the dead-letter topic (to its end now) that matches the filter, in the order parked. */
export async function readDeadLetters(kafka: Kafka, filter: DeadLetterFilter = {}, opts: DeadLetterOptions = {}): Promise<ParkedRecord[]> {
  const topic = opts.deadLetterTopic ?? topics.deadLetters;
  const codec = codecFor(topic);
  const { ranges } = await wholeTopics(kafka, [topic.name]);
  const found: ParkedRecord[] = [];
  await readRanges(kafka, ranges, (_t, _p, m) => {
    let letter: DeadLetter;
    try {
      letter = codec.decode(m.value);
    } catch {
      return; // not a dead letter of ours; nothing to replay
    }
    if (matches(letter, filter)) found.push({ letter, offset: m.offset });
  }, opts.readTimeoutMs ?? 30_000);
  return found;
}

function matches(d: DeadLetter, f: DeadLetterFilter): boolean {
  return (f.group === undefined || d.consumerGroup === f.group) && (f.topic === undefined || d.originTopic === f.topic) && (f.reason === undefined || d.reason === f.reason) && (f.ids === undefined || f.ids.length === 0 || f.ids.includes(d.deadLetterId));
}

const originOf = (d: DeadLetter) => `${d.originTopic}[${d.originPartition}]@${d.originOffset}`;

/**
 * Fills in `replayedAs` of each record: scans each origin partition after the smallest origin
 * offset among them for records carrying REPLAY_OF_HEADER. `known` are the dead letters whose ids
 * a replay may name (every dead letter of those topics): a replay of one origin record counts for
 * every dead letter of it.
 */
async function markReplays(kafka: Kafka, records: ParkedRecord[], known: readonly ParkedRecord[], timeoutMs: number): Promise<void> {
  const originById = new Map(known.map((r) => [r.letter.deadLetterId, originOf(r.letter)]));
  const names = [...new Set(records.map((r) => r.letter.originTopic))];
  const { ranges, missing } = await wholeTopics(kafka, names);
  const gone = new Set(missing);
  const scan: Range[] = [];
  for (const r of ranges) {
    const offsets = records.filter((x) => x.letter.originTopic === r.topic && x.letter.originPartition === r.partition).map((x) => BigInt(x.letter.originOffset));
    if (offsets.length === 0) continue;
    const after = offsets.reduce((a, b) => (b < a ? b : a)) + 1n;
    scan.push({ ...r, from: after > r.from ? after : r.from });
  }
  const replays = new Map<string, { deadLetterId: string; offset: string; run: string | null }>();
  await readRanges(kafka, scan, (_t, _p, m) => {
    const id = m.headers?.[REPLAY_OF_HEADER]?.toString();
    if (!id) return;
    const origin = originById.get(id);
    if (origin && !replays.has(origin)) replays.set(origin, { deadLetterId: id, offset: m.offset, run: m.headers?.[REPLAY_RUN_HEADER]?.toString() ?? null });
  }, timeoutMs);
  for (const r of records) r.replayedAs = gone.has(r.letter.originTopic) ? undefined : replays.get(originOf(r.letter)) ?? null;
}

/** What may be shown of a dead letter (the command's --json, the operations service's list): never the record's key or value, which may hold a BSN. */
export interface DeadLetterView {
  deadLetterId: string;
  parkedAt: string;
  consumerGroup: string;
  originTopic: string;
  originPartition: number;
  originOffset: string;
  reason: string;
  error: string;
  attempts: number;
  traceId: string | null;
  /** The dead letter this record was itself a replay of. */
  replayOf: string | null;
  /** The replay of its origin record; null: not replayed; 'origin-topic-gone': not looked up. */
  replayedAs: { deadLetterId: string; offset: string; run: string | null } | null | 'origin-topic-gone';
}

export function deadLetterView(r: ParkedRecord): DeadLetterView {
  const d = r.letter;
  return {
    deadLetterId: d.deadLetterId, parkedAt: new Date(d.parkedAt).toISOString(), consumerGroup: d.consumerGroup,
    originTopic: d.originTopic, originPartition: d.originPartition, originOffset: d.originOffset, reason: d.reason,
    error: redactBsn(d.error), attempts: d.attempts, traceId: d.traceId ?? null, replayOf: d.headers[REPLAY_OF_HEADER] ?? null,
    replayedAs: r.replayedAs === undefined ? 'origin-topic-gone' : r.replayedAs,
  };
}

/** The dead letters matching the filter, each with whether its origin record was replayed already. */
export async function listDeadLetters(kafka: Kafka, filter: DeadLetterFilter = {}, opts: DeadLetterOptions = {}): Promise<ParkedRecord[]> {
  const all = await readDeadLetters(kafka, {}, opts);
  const chosen = all.filter((r) => matches(r.letter, filter));
  const originTopics = new Set(chosen.map((r) => r.letter.originTopic));
  await markReplays(kafka, chosen, all.filter((r) => originTopics.has(r.letter.originTopic)), opts.readTimeoutMs ?? 30_000);
  return chosen;
}

/** Who replays from the command line: the operator's name and the organisation acted for (the operator's, BKWI). */
export interface ReplayOperator {
  /** The operator's own name or account (an identifier), recorded as the actor. */
  name: string;
  /** The operator organisation's id (a UUID): the audit chain the replay joins. */
  organisationId: string;
}

/** Who replays through the operations service: an account of the one login (the security officer), as its token says. */
export interface ReplayAccount {
  /** The account, its home organisation and its roles: the actor on the run's ActivityEvent. */
  account: ActionActor;
  /** The organisation acted for (the officer's home, the operator): the audit chain the replay joins. */
  organisationId: string;
}

/** The actor recorded for a run: the account, or the operator's name with the role OPERATOR. */
export function replayActor(by: ReplayOperator | ReplayAccount): ActionActor {
  return 'account' in by ? { userId: by.account.userId, homeOrganisationId: by.account.homeOrganisationId, roles: [...by.account.roles] } : { userId: by.name, homeOrganisationId: null, roles: ['OPERATOR'] };
}

export interface ReplayRequest<T = unknown> {
  /** The origin topic (a catalogue entry: its consumer groups decide whether it may be replayed). */
  topic: TopicSpec<T>;
  /** The consumer group that parked the records. */
  group: string;
  /** Only these dead letters (all of the group and topic when empty). */
  ids?: readonly string[];
  reason?: string;
  operator: ReplayOperator | ReplayAccount;
  /** Replay also records that would be parked again as they are (they cannot be decoded, or their content is impossible). */
  force?: boolean;
  /** Say what would be replayed, publish nothing. */
  dryRun?: boolean;
}

export interface ReplayResult {
  runId: string;
  replayed: { deadLetterId: string; origin: string; offset: string }[];
  /** Dead letters whose origin record was replayed before (by this or another dead letter's id). */
  alreadyReplayed: { deadLetterId: string; replayOffset: string }[];
  /** Not replayed, and why (asked for ids that do not match, a record that would be parked again). */
  skipped: { deadLetterId: string; why: string }[];
  /** The run's ActivityEvent; null when nothing was replayed (or a dry run). */
  activity: audit.ActivityEvent | null;
}

/** Why a whole request was refused: the topic or group may not be replayed, an id is unknown, the run could not be recorded. */
export type ReplayRefusalCode = 'NOT_REPLAYABLE' | 'UNKNOWN_DEAD_LETTER' | 'NOT_RECORDABLE';

/** A refusal of the whole request (the topic or group may not be replayed, an id unknown, the operator not recordable). */
export class ReplayRefused extends Error {
  override readonly name = 'ReplayRefused';
  constructor(
    message: string,
    readonly refusal: ReplayRefusalCode = 'NOT_REPLAYABLE',
  ) {
    super(message);
  }
}

/** What keeps a parked record from being processed when replayed as it is, or null. */
function replayProblem<T>(topic: TopicSpec<T>, d: DeadLetter): string | null {
  if (d.value == null) return 'it has no value (a tombstone)';
  let value: T;
  try {
    value = codecFor(topic).decode(d.value);
  } catch (e) {
    return `it would be parked again: ${redactBsn((e as Error).message)}`;
  }
  const problem = contentProblem(topic, value, d.originTimestamp ?? Date.now());
  return problem === null ? null : `it would be parked again: ${redactBsn(problem)}`;
}

/**
 * Replays the dead letters of one consumer group and origin topic that were not replayed before,
 * with their ActivityEvent in the same transaction. Refuses (ReplayRefused) a topic whose groups
 * do not all keep an inbox, ids that are no dead letter of that group and topic, and an operator
 * whose record would not pass the activity topic's content check.
 */
export async function replayDeadLetters<T>(kafka: Kafka, req: ReplayRequest<T>, opts: DeadLetterOptions = {}): Promise<ReplayResult> {
  const timeoutMs = opts.readTimeoutMs ?? 30_000;
  const activityTopic = opts.activityTopic ?? topics.activity;
  const refusal = replayRefusal(req.topic, req.group, opts.inboxGroups);
  if (refusal) throw new ReplayRefused(`not replayable: ${refusal}`);
  const runId = newRunId();
  const all = await readDeadLetters(kafka, { topic: req.topic.name }, opts);
  const chosen = all.filter((r) => matches(r.letter, { group: req.group, topic: req.topic.name, reason: req.reason, ids: req.ids }));
  const unknown = (req.ids ?? []).filter((id) => !chosen.some((r) => r.letter.deadLetterId === id));
  if (unknown.length > 0) throw new ReplayRefused(`no dead letter of ${req.group} on ${req.topic.name}${req.reason ? ` with reason ${req.reason}` : ''} has the id ${unknown.join(', ')}`, 'UNKNOWN_DEAD_LETTER');
  await markReplays(kafka, chosen, all, timeoutMs);

  const result: ReplayResult = { runId, replayed: [], alreadyReplayed: [], skipped: [], activity: null };
  const todo: DeadLetter[] = [];
  const origins = new Set<string>();
  for (const r of chosen) {
    const d = r.letter;
    if (r.replayedAs) {
      result.alreadyReplayed.push({ deadLetterId: d.deadLetterId, replayOffset: r.replayedAs.offset });
      continue;
    }
    if (origins.has(originOf(d))) {
      result.skipped.push({ deadLetterId: d.deadLetterId, why: `its origin record ${originOf(d)} is replayed in this run already` });
      continue;
    }
    const problem = replayProblem(req.topic, d);
    if (problem && (d.value == null || !req.force)) {
      result.skipped.push({ deadLetterId: d.deadLetterId, why: `${problem}${d.value == null ? '' : ' (--force replays it anyway)'}` });
      continue;
    }
    origins.add(originOf(d));
    todo.push(d);
  }
  if (todo.length === 0) return result;

  // The ids of the run's dead letters, where they fit the content check (nine digits in a row
  // that pass the 11-proef are refused anywhere in details); the replayed records name them anyway.
  const recordOf = (withIds: boolean) =>
    activityEvent(OPERATIONS_SERVICE, {
      actor: replayActor(req.operator),
      actingForId: req.operator.organisationId,
      action: 'OTHER',
      object: { type: 'DEAD_LETTER', id: todo.length === 1 ? todo[0].deadLetterId : runId },
      outcome: 'SUCCEEDED',
      details: { kind: 'dead-letter-replay', group: req.group, topic: req.topic.name, count: todo.length, runId, ...(withIds ? { deadLetters: idList(todo.map((d) => d.deadLetterId)) } : {}) },
    });
  let event = recordOf(true);
  if (contentProblem(activityTopic, event, event.occurredAt) !== null) event = recordOf(false);
  const problem = contentProblem(activityTopic, event, event.occurredAt);
  if (problem !== null) throw new ReplayRefused(`the replay could not be recorded: ${problem}`, 'NOT_RECORDABLE');
  if (req.dryRun) {
    result.replayed = todo.map((d) => ({ deadLetterId: d.deadLetterId, origin: originOf(d), offset: '' }));
    return result;
  }

  // Bounded retries (kafkajs warns of them): a send that fails aborts the whole transaction.
  const producer = kafka.producer({ transactionalId: REPLAY_TRANSACTIONAL_ID, idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    const tx = await producer.transaction();
    try {
      const sent = await tx.send({
        topic: req.topic.name,
        messages: todo.map((d) => ({
          partition: d.originPartition,
          key: d.key ?? null,
          value: d.value ?? null,
          headers: { ...d.headers, [REPLAY_OF_HEADER]: d.deadLetterId, [REPLAY_RUN_HEADER]: runId },
          // The original time: the content check decides as at the first delivery.
          ...(d.originTimestamp ? { timestamp: d.originTimestamp } : {}),
        })),
      });
      await tx.send({
        topic: activityTopic.name,
        messages: [{ key: activityTopic.keyOf(event), value: codecFor(activityTopic).encode(event), headers: { [REPLAY_RUN_HEADER]: runId } }],
      });
      await tx.commit();
      // Records of one send to one partition get consecutive offsets, in order.
      const seen = new Map<number, number>();
      for (const d of todo) {
        const base = sent.find((m) => m.partition === d.originPartition)?.baseOffset;
        const k = seen.get(d.originPartition) ?? 0;
        seen.set(d.originPartition, k + 1);
        result.replayed.push({ deadLetterId: d.deadLetterId, origin: originOf(d), offset: base === undefined ? '' : (BigInt(base) + BigInt(k)).toString() });
      }
    } catch (e) {
      await tx.abort().catch(() => undefined);
      throw e;
    }
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
  result.activity = event;
  return result;
}

/** A fresh run id without nine digits in a row (the activity topic's details refuse what could be a BSN). */
function newRunId(): string {
  for (;;) {
    const id = randomUUID();
    if (!/\d{9}/.test(id)) return id;
  }
}

/** Ids joined with commas, cut to fit a details value (500 characters). */
function idList(ids: string[]): string {
  let out = '';
  for (let i = 0; i < ids.length; i++) {
    const more = ids.length - i;
    const next = out ? `${out},${ids[i]}` : ids[i];
    if (next.length > 480) return `${out} (+${more} more)`;
    out = next;
  }
  return out;
}

/**
 * The operator organisation (BKWI) as registration published it: the newest state per id on the
 * organisations topic, kind OPERATOR and not ended. Null when there is none, or more than one.
 */
export async function findOperatorOrganisation(kafka: Kafka, opts: { topic?: TopicSpec<registration.OrganisationEvent>; readTimeoutMs?: number; today?: string } = {}): Promise<string | null> {
  const topic = opts.topic ?? topics.organisations;
  const codec = codecFor(topic);
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const { ranges } = await wholeTopics(kafka, [topic.name]);
  const latest = new Map<string, registration.OrganisationEvent>();
  await readRanges(kafka, ranges, (_t, _p, m) => {
    try {
      const e = codec.decode(m.value);
      latest.set(e.organisationId, e);
    } catch {
      // not readable here: not the operator's record either
    }
  }, opts.readTimeoutMs ?? 30_000);
  const operators = [...latest.values()].filter((o) => o.kind === 'OPERATOR' && (o.validTo == null || o.validTo > today));
  return operators.length === 1 ? operators[0].organisationId : null;
}
