import { reportingCompleteness } from './completeness';

const base = { checkedAt: 0, period: { from: null, to: null }, topicName: 't', consumerGroup: 'g', unreadable: 0 };
const caughtUp = [{ partition: 0, committedOffset: 10, endOffset: 10 }];
const inFlight = [{ partition: 0, committedOffset: 8, endOffset: 10 }];

describe('reporting completeness', () => {
  it('is complete when the counts agree and every event was counted', () => {
    const r = reportingCompleteness({ ...base, partitions: caughtUp, topic: [{ municipalityId: 'm', month: '2026-12', onTopic: 10, missingCount: 0, missing: [] }], reports: [{ municipalityId: 'm', month: '2026-12', inReports: 10 }] });
    expect(r).toMatchObject({ complete: true, missingTotal: 0, municipalities: [{ difference: 0 }] });
  });

  it('counts a shortfall as missing even when every event has its claim (an aggregate lost)', () => {
    const r = reportingCompleteness({ ...base, partitions: caughtUp, topic: [{ municipalityId: 'm', month: '2026-12', onTopic: 10, missingCount: 0, missing: [] }], reports: [{ municipalityId: 'm', month: '2026-12', inReports: 9 }] });
    expect(r).toMatchObject({ complete: false, missingTotal: 1, municipalities: [{ onTopic: 10, inReports: 9, difference: -1 }] });
  });

  it('names an event never counted, once (its id and the shortfall are the same gap)', () => {
    const r = reportingCompleteness({ ...base, partitions: caughtUp, topic: [{ municipalityId: 'm', month: '2026-12', onTopic: 10, missingCount: 1, missing: ['e-1'] }], reports: [{ municipalityId: 'm', month: '2026-12', inReports: 9 }] });
    expect(r).toMatchObject({ complete: false, missingTotal: 1, municipalities: [{ missing: ['e-1'] }] });
  });

  it('takes a surplus for records in flight while the group lags, and as a fault when it does not', () => {
    const topic = [{ municipalityId: 'm', month: '2026-12', onTopic: 8, missingCount: 0, missing: [] }];
    const reports = [{ municipalityId: 'm', month: '2026-12', inReports: 10 }];
    expect(reportingCompleteness({ ...base, partitions: inFlight, topic, reports }).complete).toBe(true);
    expect(reportingCompleteness({ ...base, partitions: caughtUp, topic, reports }).complete).toBe(false);
  });
});
