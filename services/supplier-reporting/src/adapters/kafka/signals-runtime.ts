/**
 * The misuse-signal detectors at work (issue 22, ADR 0021): two consumer groups of their own, on
 * the attributed queries and on the actions, feed one set of detectors in memory; each chunk's
 * new signals are stored and put in the outbox (inkijk.signals.v1) in the chunk's inbox
 * transaction, so a signal is written and published exactly once.
 */
import type { Counter } from '@opentelemetry/api';
import { audit, query, signals as signalsContract, TopicSpec, topics } from '@inkijk/contracts';
import { randomUUID } from 'node:crypto';
import { activityEvent, addToOutbox, codecFor, ConsumedRecord, Inbox, JsonLogger, KafkaPlatform, KafkaTopicOffsets, meter, OutboxRelay, prismaTransactor, SqlQuery } from '@inkijk/platform';
import type { SignalOutbox } from '../../app/ports';
import { SignalDetection } from '../../app/signals';
import type { ActivityObservation, QueryObservation, SignalEngine } from '../../domain/signals/engine';
import type { Signal } from '../../domain/signals/signal';
import type { PgSignalStore } from '../postgres/signal-store';
import type { ReportingDb } from '../prisma/prisma.service';
import { SERVICE } from './activity-log';

export interface SignalTopics {
  attributedQueries: TopicSpec<query.AttributedQuery>;
  activity: TopicSpec<audit.ActivityEvent>;
  signals: TopicSpec<signalsContract.MisuseSignal>;
}

export interface SignalGroups {
  queries: string;
  activity: string;
}

/** The actions the detectors look at; the others are claimed in the inbox and skipped. */
const WATCHED_ACTIONS = new Set<string>(['LOGIN', 'LOGIN_SECOND_FACTOR', 'QUERY_ATTEMPT']);

export function queryObservation(q: query.AttributedQuery): QueryObservation {
  return {
    eventId: q.eventId,
    at: q.occurredAt,
    workerUserId: q.worker.userId,
    homeOrganisationId: q.worker.homeMunicipality.id,
    actingForId: q.actingFor.id,
    subjectPseudonym: q.dataSubject?.pseudonym ?? null,
    whitelist: q.whitelist.outcome,
    escapeReason: q.whitelist.escapeReason ?? null,
    denied: q.decision.result === 'DENY',
  };
}

export function activityObservation(e: audit.ActivityEvent): ActivityObservation {
  return {
    eventId: e.eventId,
    at: e.occurredAt,
    userId: e.actor.userId ?? null,
    homeOrganisationId: e.actor.homeOrganisationId ?? null,
    actingForId: e.actingForId,
    action: e.action,
    outcome: e.outcome,
  };
}

/** The record on inkijk.signals.v1 of a signal. */
export function signalRecord(s: Signal): signalsContract.MisuseSignal {
  return {
    signalId: s.signalId,
    kind: s.kind,
    severity: s.severity,
    organisationId: s.organisationId,
    workerUserId: s.workerUserId,
    subjectPseudonym: s.subjectPseudonym,
    windowStart: s.windowStart,
    windowEnd: s.windowEnd,
    evidence: { ...s.evidence },
  };
}

/** Signal and review records into the outbox of the caller's transaction. */
export class SignalsOutbox implements SignalOutbox {
  constructor(private readonly t: Pick<SignalTopics, 'signals' | 'activity'>) {}

  signal(sql: SqlQuery, signal: Signal): Promise<void> {
    return addToOutbox(sql, this.t.signals, signalRecord(signal));
  }

  async action(sql: SqlQuery, action: Parameters<SignalOutbox['action']>[1]): Promise<void> {
    await addToOutbox(sql, this.t.activity, activityEvent(SERVICE, action));
  }
}

let signalCounter: Counter | undefined;
/** inkijk_signals_total{kind,severity}: signals stored by this process. */
export function countSignals(signals: readonly Signal[]): void {
  if (signals.length === 0) return;
  signalCounter ??= meter().createCounter('inkijk_signals', { description: 'Signals of misuse stored (each signal id once), by kind and severity' });
  for (const s of signals) signalCounter.add(1, { kind: s.kind, severity: s.severity });
}

export class SignalsRuntime {
  private readonly log = new JsonLogger('supplier-reporting.signals');
  /** Held sources (topic partitions with records at start) -> the end offset they must reach. */
  private readonly catchingUp = new Map<string, { topic: string; group: string; partition: number; end: number }>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly platform: KafkaPlatform,
    private readonly db: ReportingDb,
    private readonly engine: SignalEngine,
    private readonly store: PgSignalStore,
    private readonly relay: OutboxRelay<unknown>,
    private readonly opts: { topics: SignalTopics; groups: SignalGroups; chunkSize: number; warmUpMs?: number; warmUpTimeoutMs?: number },
  ) {}

  async start(): Promise<void> {
    const inbox = new Inbox(prismaTransactor(this.db));
    const outbox = new SignalsOutbox(this.opts.topics);
    const stored = (s: readonly Signal[]) => {
      if (s.length === 0) return;
      countSignals(s);
      this.relay.nudge();
      this.log.log(`signals: ${s.map((x) => x.kind).join(', ')}`);
    };
    await this.holdUntilCaughtUp();
    if ((this.opts.warmUpMs ?? 0) > 0) {
      await this.warmUp(this.opts.topics.attributedQueries, this.opts.groups.queries, (v, source) => void this.engine.onQuery(queryObservation(v), source));
      await this.warmUp(this.opts.topics.activity, this.opts.groups.activity, (v, source) => {
        if (WATCHED_ACTIONS.has(v.action)) this.engine.onActivity(activityObservation(v), source);
      });
    }
    const fromQueries = new SignalDetection(this.engine, this.store, outbox, stored);
    const fromActions = new SignalDetection(this.engine, this.store, outbox, stored);
    await this.platform.consume({
      topic: this.opts.topics.attributedQueries,
      groupId: this.opts.groups.queries,
      inbox,
      chunkSize: this.opts.chunkSize,
      eventIdOf: (v) => v.eventId,
      handle: async (records, _tx, sql) => {
        const topic = this.opts.topics.attributedQueries.name;
        await fromQueries.queries(records.map((r) => [queryObservation(r.value), sourceOf(topic, r)] as const), sql);
        this.reached(topic, records);
      },
    });
    await this.platform.consume({
      topic: this.opts.topics.activity,
      groupId: this.opts.groups.activity,
      inbox,
      chunkSize: this.opts.chunkSize,
      eventIdOf: (v) => v.eventId,
      handle: async (records, _tx, sql) => {
        const topic = this.opts.topics.activity.name;
        const watched = records.filter((r) => WATCHED_ACTIONS.has(r.value.action));
        await fromActions.actions(watched.map((r) => [activityObservation(r.value), sourceOf(topic, r)] as const), sql);
        this.reached(topic, records);
      },
    });
    if (this.catchingUp.size > 0) this.timer = setInterval(() => void this.checkCaughtUp(), 2000);
  }

  /**
   * Every partition with records not yet processed holds the detectors' clock until it has
   * caught up with the end it had at start (ADR 0021): a replay from offset 0 reads partitions
   * and topics at different speeds, and no window may be dropped that a slower one still adds to.
   */
  private async holdUntilCaughtUp(): Promise<void> {
    const offsets = new KafkaTopicOffsets(this.platform.kafka);
    for (const [topic, group] of [
      [this.opts.topics.attributedQueries.name, this.opts.groups.queries],
      [this.opts.topics.activity.name, this.opts.groups.activity],
    ] as const) {
      const { committed, ends } = await offsets.read(topic, group);
      for (const [partition, end] of ends) {
        if ((committed.get(partition) ?? 0) >= end) continue;
        const source = `${topic}[${partition}]`;
        this.catchingUp.set(source, { topic, group, partition, end });
        this.engine.hold(source);
      }
    }
    if (this.catchingUp.size > 0) this.log.log(`signals: catching up on ${this.catchingUp.size} partition(s) before windows close`);
  }

  /**
   * After a restart the detectors are empty: the records of the last `warmUpMs` (by record time)
   * below the group's committed offsets are read again into them, in a throw-away group, without
   * storing anything (their signals were stored when they were first read). So a window open
   * across the restart keeps its earlier events. Bounded by `warmUpTimeoutMs`: a warm-up that
   * cannot finish leaves the detectors as far as it got.
   */
  private async warmUp<T>(topic: TopicSpec<T>, group: string, feed: (value: T, source: string) => void): Promise<void> {
    const { committed } = await new KafkaTopicOffsets(this.platform.kafka).read(topic.name, group);
    const admin = this.platform.kafka.admin();
    await admin.connect();
    let starts: Array<{ partition: number; offset: string }>;
    try {
      starts = await admin.fetchTopicOffsetsByTimestamp(topic.name, Date.now() - (this.opts.warmUpMs ?? 0));
    } finally {
      await admin.disconnect();
    }
    const ranges = new Map<number, { from: number; to: number }>();
    for (const { partition, offset } of starts) {
      const to = committed.get(partition) ?? 0;
      const from = Number(offset);
      if (from >= 0 && from < to) ranges.set(partition, { from, to });
    }
    if (ranges.size === 0) return;
    const codec = codecFor(topic);
    const started = Date.now();
    let read = 0;
    const remaining = new Set(ranges.keys());
    for (const p of remaining) this.engine.hold(`warm-up:${topic.name}[${p}]`);
    const consumer = this.platform.kafka.consumer({ groupId: `${group}.warm-up-${randomUUID()}` });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: topic.name, fromBeginning: true });
      let done!: () => void;
      const finished = new Promise<void>((resolve) => (done = resolve));
      consumer.on(consumer.events.GROUP_JOIN, () => {
        for (const [partition, r] of ranges) if (remaining.has(partition)) consumer.seek({ topic: topic.name, partition, offset: String(r.from) });
      });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const r = ranges.get(batch.partition);
          if (!r || !remaining.has(batch.partition)) return;
          for (const m of batch.messages) {
            const offset = Number(m.offset);
            if (offset < r.from) continue;
            if (offset >= r.to) break;
            try {
              feed(codec.decode(m.value), `warm-up:${topic.name}[${batch.partition}]`);
              read++;
            } catch {
              // Undecodable: parked by the group when it was first read; nothing to count.
            }
          }
          if (Number(batch.lastOffset()) + 1 >= r.to) {
            remaining.delete(batch.partition);
            this.engine.release(`warm-up:${topic.name}[${batch.partition}]`);
            if (remaining.size === 0) done();
          }
        },
      });
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, this.opts.warmUpTimeoutMs ?? 60_000).unref());
      await Promise.race([finished, timeout]);
    } finally {
      await consumer.disconnect().catch(() => undefined);
      for (const p of remaining) this.engine.release(`warm-up:${topic.name}[${p}]`);
    }
    this.log.log(`signals: warmed up with ${read} record(s) of ${topic.name} in ${Date.now() - started} ms${remaining.size ? ` (${remaining.size} partition(s) not finished)` : ''}`);
  }

  private reached(topic: string, records: ReadonlyArray<ConsumedRecord<unknown>>): void {
    for (const r of records) {
      const source = sourceOf(topic, r);
      const target = this.catchingUp.get(source);
      if (target && Number(r.offset) + 1 >= target.end) this.caughtUp(source);
    }
  }

  private caughtUp(source: string): void {
    this.catchingUp.delete(source);
    this.engine.release(source);
    if (this.catchingUp.size === 0) {
      if (this.timer) clearInterval(this.timer);
      this.log.log('signals: caught up');
    }
  }

  /** Records skipped as duplicates never reach the handler: the committed offsets tell too. */
  private async checkCaughtUp(): Promise<void> {
    try {
      const offsets = new KafkaTopicOffsets(this.platform.kafka);
      const asked = new Map<string, Map<number, number>>();
      for (const [source, t] of [...this.catchingUp]) {
        const key = `${t.topic}\u0000${t.group}`;
        if (!asked.has(key)) asked.set(key, (await offsets.read(t.topic, t.group)).committed);
        if ((asked.get(key)?.get(t.partition) ?? 0) >= t.end) this.caughtUp(source);
      }
    } catch (e) {
      this.log.warn(`signals: catching-up check failed: ${(e as Error).message}`);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

const sourceOf = (topic: string, r: { partition: number }) => `${topic}[${r.partition}]`;

export const SIGNAL_TOPICS: SignalTopics = { attributedQueries: topics.attributedQueries, activity: topics.activity, signals: topics.signals };
