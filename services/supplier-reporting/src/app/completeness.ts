/**
 * The completeness check of the reports as a use case: the attributed queries on the topic (the
 * completeness index) against the aggregates, per organisation and month. The order of reads:
 * the group's committed offsets, then the topic's end offsets; wait until the index has read up
 * to those; then compare. The audit log checks itself against the same topic, so reporting and
 * the audit log agree exactly when both are complete.
 */
import { awaitTopicIndex, JsonLogger, meter, PeriodicJob } from '@inkijk/platform';
import { ReportingCompleteness, reportingCompleteness } from '../domain/completeness';
import type { CompletenessIndex, MonthRange, TopicOffsets } from './ports';

let gauges: { missing: number; checkedAt: number } | undefined;

function ensureGauges(): NonNullable<typeof gauges> {
  if (gauges) return gauges;
  const g = { missing: 0, checkedAt: 0 };
  const m = meter();
  m.createObservableGauge('inkijk_reporting_completeness_missing', { description: 'Attributed queries below the reporting consumer group\'s committed offsets that the reports do not count (last completeness check, every month)' }).addCallback((r) => r.observe(g.missing));
  m.createObservableGauge('inkijk_reporting_completeness_checked_at_seconds', { description: 'When the last reporting completeness check finished (Unix time, seconds; 0: none yet)' }).addCallback((r) => r.observe(g.checkedAt));
  gauges = g;
  return g;
}

export class ReportingCompletenessCheck {
  private readonly log = new JsonLogger('completeness');
  private readonly periodic = new PeriodicJob('completeness check', () => this.checkAndMeasure(), this.log);

  constructor(
    private readonly store: CompletenessIndex,
    private readonly offsets: TopicOffsets,
    private readonly opts: { topic: string; group: string; indexWaitMs: number },
    private readonly clock: () => number = Date.now,
  ) {
    ensureGauges();
  }

  async check(q: { months: MonthRange; municipalityId?: string }): Promise<ReportingCompleteness> {
    const checkedAt = this.clock();
    const { committed, ends } = await this.offsets.read(this.opts.topic, this.opts.group);
    await awaitTopicIndex(this.store, this.opts.topic, ends, this.opts.indexWaitMs, this.clock);
    const whole = q.municipalityId === undefined && q.months.from === null && q.months.to === null;
    const [topic, reports, unreadable] = await Promise.all([
      this.store.topicMonths(this.opts.topic, this.opts.group, committed, q.months, q.municipalityId),
      this.store.reportMonths(q.months, q.municipalityId),
      whole ? this.store.unreadable(this.opts.topic, committed) : Promise.resolve(0),
    ]);
    return reportingCompleteness({
      checkedAt,
      period: q.months,
      municipalityId: q.municipalityId,
      topicName: this.opts.topic,
      consumerGroup: this.opts.group,
      partitions: [...ends].map(([partition, endOffset]) => ({ partition, committedOffset: committed.get(partition) ?? 0, endOffset })),
      unreadable,
      topic,
      reports,
    });
  }

  /** Every month, into the metrics. */
  async checkAndMeasure(): Promise<ReportingCompleteness> {
    const r = await this.check({ months: { from: null, to: null } });
    Object.assign(ensureGauges(), { missing: r.missingTotal, checkedAt: Math.floor(this.clock() / 1000) });
    if (!r.complete) this.log.warn(`completeness check: ${r.missingTotal} attributed queries not counted in the reports, ${r.topic.unreadable} unreadable`);
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
