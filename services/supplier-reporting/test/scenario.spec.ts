/**
 * The reporting scenario is published through Kafka: every event must pass the content check of
 * its topic when published at its own time, or the figures of the integration test would miss it.
 */
import { contentProblem, topics } from '@inkijk/contracts';
import { actions, lateQuery, publishedAt, queries } from './scenario';

describe('the reporting scenario', () => {
  it('passes the content checks, every event published at its own time', () => {
    const problems = [
      ...[...queries(), lateQuery()].map((q) => [q.eventId, contentProblem(topics.attributedQueries, q, publishedAt(q))]),
      ...actions().map((a) => [a.eventId, contentProblem(topics.activity, a, publishedAt(a))]),
    ];
    expect(problems.filter(([, p]) => p !== null)).toEqual([]);
  });
});
