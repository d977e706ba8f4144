import { completenessReport, LISTED_IDS } from './completeness';

const base = { checkedAt: Date.UTC(2026, 11, 15, 9), period: { from: null, to: null }, topicName: 't', consumerGroup: 'g', unreadable: 0 };

describe('completeness report', () => {
  it('is complete when every event below the committed offsets is in the log and nothing else is', () => {
    const r = completenessReport({ ...base, partitions: [{ partition: 0, committedOffset: 10, endOffset: 12 }], topic: [{ municipalityId: 'm1', day: '2026-12-01', onTopic: 10, missingCount: 0, missing: [] }], extras: [] });
    expect(r).toMatchObject({ complete: true, missingTotal: 0, extraTotal: 0, topic: { lag: 2 } });
    expect(r.municipalities).toEqual([{ municipalityId: 'm1', day: '2026-12-01', onTopic: 10, inAuditLog: 10, missingCount: 0, missing: [], extraCount: 0, extra: [] }]);
  });

  it('names the missing and the extra events per municipality and day, and is not complete', () => {
    const r = completenessReport({
      ...base,
      partitions: [{ partition: 1, committedOffset: 5, endOffset: 5 }, { partition: 0, committedOffset: 3, endOffset: 3 }],
      topic: [
        { municipalityId: 'm2', day: '2026-12-02', onTopic: 4, missingCount: 1, missing: ['e-9'] },
        { municipalityId: 'm1', day: '2026-12-01', onTopic: 4, missingCount: 0, missing: [] },
      ],
      extras: [{ municipalityId: 'm1', day: '2026-12-03', extraCount: 1, extra: ['x-1'] }],
    });
    expect(r.complete).toBe(false);
    expect(r.topic.partitions.map((p) => p.partition)).toEqual([0, 1]);
    expect(r.municipalities.map((m) => [m.municipalityId, m.day, m.onTopic, m.inAuditLog, m.missing, m.extra])).toEqual([
      ['m1', '2026-12-01', 4, 4, [], []],
      ['m1', '2026-12-03', 0, 0, [], ['x-1']],
      ['m2', '2026-12-02', 4, 3, ['e-9'], []],
    ]);
    expect([r.missingTotal, r.extraTotal]).toEqual([1, 1]);
  });

  it('is not complete when a record on the topic cannot be read, and lists at most LISTED_IDS ids with the exact count', () => {
    const ids = Array.from({ length: LISTED_IDS + 5 }, (_, i) => `e-${i}`);
    const r = completenessReport({ ...base, unreadable: 1, partitions: [], topic: [{ municipalityId: 'm', day: '2026-12-01', onTopic: 200, missingCount: ids.length, missing: ids }], extras: [] });
    expect(r.complete).toBe(false);
    expect(r.municipalities[0].missing).toHaveLength(LISTED_IDS);
    expect(r.municipalities[0].missingCount).toBe(LISTED_IDS + 5);
  });
});
