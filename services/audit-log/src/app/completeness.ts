/**
 * The completeness check as a use case: the attributed queries on the topic (the completeness
 * index) against the QUERY records, per municipality and day. The order of the reads makes it
 * sound without stopping anything:
 *   1. the newest audit record id (records up to it were consumed before step 3);
 *   2. the audit consumer group's committed offsets, then the topic's end offsets;
 *   3. wait until the index has read every partition up to those end offsets;
 *   4. missing: events below the committed offsets without a QUERY record;
 *      extra: QUERY records up to that id whose event is nowhere on the topic.
 * The periodic check (whole log) sets the metrics; a check over HTTP does not.
 */
import { awaitTopicIndex, JsonLogger, meter, PeriodicJob } from '@inkijk/platform';
import { CompletenessReport, completenessReport } from '../domain/completeness';
import type { Period } from '../domain/period';
import type { CompletenessRepository, TopicOffsets } from './ports';

let gauges: { missing: number; extra: number; unreadable: number; checkedAt: number } | undefined;

/** The gauges of the last periodic check, registered once per process (no labels: ADR 0010). */
function ensureGauges(): NonNullable<typeof gauges> {
  if (gauges) return gauges;
  const g = { missing: 0, extra: 0, unreadable: 0, checkedAt: 0 };
  const m = meter();
  m.createObservableGauge('inkijk_audit_completeness_missing', { description: 'Attributed queries below the audit consumer group\'s committed offsets that have no record in the audit log (last completeness check, whole log)' }).addCallback((r) => r.observe(g.missing));
  m.createObservableGauge('inkijk_audit_completeness_extra', { description: 'QUERY records in the audit log whose event is not on the attributed-query topic (last completeness check)' }).addCallback((r) => r.observe(g.extra));
  m.createObservableGauge('inkijk_audit_completeness_unreadable', { description: 'Records on the attributed-query topic that could not be decoded (last completeness check)' }).addCallback((r) => r.observe(g.unreadable));
  m.createObservableGauge('inkijk_audit_completeness_checked_at_seconds', { description: 'When the last completeness check finished (Unix time, seconds; 0: none yet)' }).addCallback((r) => r.observe(g.checkedAt));
  gauges = g;
  return g;
}

export class CompletenessCheck {
  private readonly log = new JsonLogger('completeness');
  private readonly periodic = new PeriodicJob('completeness check', () => this.checkAndMeasure(), this.log);

  constructor(
    private readonly store: CompletenessRepository,
    private readonly offsets: TopicOffsets,
    private readonly opts: { topic: string; auditGroupId: string; indexWaitMs: number },
    private readonly clock: () => number = Date.now,
  ) {
    ensureGauges();
  }

  async check(q: { period: Period; municipalityId?: string }): Promise<CompletenessReport> {
    const checkedAt = this.clock();
    const maxId = await this.store.maxRecordId();
    const { committed, ends } = await this.offsets.read(this.opts.topic, this.opts.auditGroupId);
    await awaitTopicIndex(this.store, this.opts.topic, ends, this.opts.indexWaitMs, this.clock);
    const [topic, extras, unreadable] = await Promise.all([
      this.store.topicDays(this.opts.topic, committed, q.period, q.municipalityId),
      this.store.extraDays(this.opts.topic, maxId, q.period, q.municipalityId),
      q.municipalityId === undefined && q.period.from === null && q.period.to === null ? this.store.unreadable(this.opts.topic, committed) : Promise.resolve(0),
    ]);
    return completenessReport({
      checkedAt,
      period: q.period,
      municipalityId: q.municipalityId,
      topicName: this.opts.topic,
      consumerGroup: this.opts.auditGroupId,
      partitions: [...ends].map(([partition, endOffset]) => ({ partition, committedOffset: committed.get(partition) ?? 0, endOffset })),
      unreadable,
      topic,
      extras,
    });
  }

  /** The whole log, into the metrics. */
  async checkAndMeasure(): Promise<CompletenessReport> {
    const r = await this.check({ period: { from: null, to: null } });
    Object.assign(ensureGauges(), { missing: r.missingTotal, extra: r.extraTotal, unreadable: r.topic.unreadable, checkedAt: Math.floor(this.clock() / 1000) });
    if (!r.complete) this.log.warn(`completeness check: ${r.missingTotal} attributed queries missing from the audit log, ${r.extraTotal} records not on the topic, ${r.topic.unreadable} unreadable`);
    return r;
  }

  /** Runs checkAndMeasure every intervalMs (0: never). */
  start(intervalMs: number): void {
    this.periodic.start(intervalMs);
  }

  stop(): void {
    this.periodic.stop();
  }
}
