/**
 * The status page's pure parts: a service's readiness read from its answer, the lag of a group,
 * a stopped consumer behind, the time box (a hanging probe is unknown, not a hanging page), the
 * dead letters per group and reason, the newest checkpoint per chain, and the worst state overall.
 */
import { brokerStatus, checkpointStatus, deadLetterStatus, groupLag, lagOf, parseServiceTargets, serviceStatus, systemStatus, timeBoxed } from './status';

const audit = { name: 'audit-log', url: 'http://127.0.0.1:3030' };

describe('a service on the status page', () => {
  it('is up when it answers 200 with every check up, and lists the checks it reports', () => {
    const s = serviceStatus(audit, { state: 'answered', value: { httpStatus: 200, body: { status: 'up', checks: { kafka: { status: 'up' }, database: { status: 'up' } } } } });
    expect(s).toEqual({ ...audit, state: 'up', checks: [{ name: 'database', state: 'up', detail: null }, { name: 'kafka', state: 'up', detail: null }], detail: null });
  });

  it('is down with the failing checks named when it answers 503', () => {
    const s = serviceStatus(audit, { state: 'answered', value: { httpStatus: 503, body: { status: 'down', checks: { kafka: { status: 'down', detail: 'broker not reachable' }, database: { status: 'up' } } } } });
    expect(s.state).toBe('down');
    expect(s.detail).toBe('not ready: kafka');
    expect(s.checks.find((c) => c.name === 'kafka')).toEqual({ name: 'kafka', state: 'down', detail: 'broker not reachable' });
  });

  it('is down when it cannot be reached (stopped), and unknown when it does not answer in time', () => {
    expect(serviceStatus(audit, { state: 'failed', reason: 'fetch failed' })).toMatchObject({ state: 'down', detail: 'not reachable: fetch failed' });
    expect(serviceStatus(audit, { state: 'timed-out', afterMs: 2000 })).toMatchObject({ state: 'unknown', detail: 'no answer within 2000 ms' });
  });

  it('is not up on a 200 without a readable body', () => {
    expect(serviceStatus(audit, { state: 'answered', value: { httpStatus: 200, body: null } }).state).toBe('down');
  });
});

describe('STATUS_SERVICES', () => {
  it('reads name=url pairs, without a trailing slash', () => {
    expect(parseServiceTargets('audit-log=http://127.0.0.1:3030/, portal=http://127.0.0.1:3100')).toEqual([audit, { name: 'portal', url: 'http://127.0.0.1:3100' }]);
  });
  it('refuses a pair without a name or an http address, and a name twice, with a sentence', () => {
    expect(() => parseServiceTargets('http://127.0.0.1:3030')).toThrow('"http://127.0.0.1:3030" is not name=http(s)://host:port');
    expect(() => parseServiceTargets('a=ftp://x')).toThrow('is not name=http(s)://host:port');
    expect(() => parseServiceTargets('a=http://x:1,a=http://y:2')).toThrow('a is named twice');
  });
});

describe('the lag of a consumer group', () => {
  it('counts the records after the committed offset, per partition, summed', () => {
    expect(lagOf([{ partition: 0, committed: 5n, start: 0n, end: 8n }, { partition: 1, committed: 2n, start: 0n, end: 2n }])).toBe(3n);
  });
  it('counts every kept record when nothing is committed, and never below zero', () => {
    expect(lagOf([{ partition: 0, committed: null, start: 4n, end: 10n }])).toBe(6n);
    expect(lagOf([{ partition: 0, committed: 12n, start: 0n, end: 10n }])).toBe(0n);
    expect(lagOf([{ partition: 0, committed: 1n, start: 4n, end: 10n }])).toBe(6n);
  });

  const g = { group: 'audit-log.attributed-queries', topic: 'inkijk.query.attributed-queries.v1' };
  it('shows a stopped consumer with records waiting as down, saying no consumer runs', () => {
    const s = groupLag(g, { state: 'answered', value: { partitions: [{ partition: 0, committed: 1n, start: 0n, end: 4n }], groupState: 'Empty', members: 0 } }, 1000n);
    expect(s).toEqual({ ...g, lag: '3', groupState: 'Empty', members: 0, state: 'down', detail: '3 records waiting; no consumer is running' });
  });
  it('shows a running consumer a little behind as up, and one far behind as down', () => {
    const running = (end: bigint) => groupLag(g, { state: 'answered', value: { partitions: [{ partition: 0, committed: 0n, start: 0n, end }], groupState: 'Stable', members: 1 } }, 1000n);
    expect(running(3n)).toMatchObject({ state: 'up', lag: '3', detail: null });
    expect(running(5000n)).toMatchObject({ state: 'down', lag: '5000', detail: '5000 records waiting' });
  });
  it('is unknown when the broker does not answer in time', () => {
    expect(groupLag(g, { state: 'timed-out', afterMs: 2000 }, 1000n)).toMatchObject({ state: 'unknown', lag: null });
  });
});

describe('the time box of a probe', () => {
  it('gives the answer in time, the failure, or timed-out after the box', async () => {
    expect(await timeBoxed(async () => 42, 1000)).toEqual({ state: 'answered', value: 42 });
    expect(await timeBoxed(async () => Promise.reject(new Error('refused')), 1000)).toEqual({ state: 'failed', reason: 'refused' });
    const started = Date.now();
    expect(await timeBoxed(() => new Promise(() => undefined), 150)).toEqual({ state: 'timed-out', afterMs: 150 });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('the broker, the dead letters and the checkpoints', () => {
  it('shows the brokers and the controller, and down without a controller', () => {
    expect(brokerStatus({ state: 'answered', value: { clusterId: 'c1', controller: 1, brokers: [{ nodeId: 1, host: '127.0.0.1', port: 9092 }] } })).toEqual({ state: 'up', clusterId: 'c1', controller: 1, brokers: [{ nodeId: 1, address: '127.0.0.1:9092' }], detail: null });
    expect(brokerStatus({ state: 'answered', value: { clusterId: 'c1', controller: -1, brokers: [] } }).state).toBe('down');
    expect(brokerStatus({ state: 'failed', reason: 'Connection error: ECONNREFUSED' })).toMatchObject({ state: 'down', detail: 'Connection error: ECONNREFUSED' });
  });

  it('counts dead letters per group and reason, open ones apart from replayed ones', () => {
    const d = (consumerGroup: string, reason: string, replayedAs: string | null) => ({ consumerGroup, reason, replayedAs });
    const s = deadLetterStatus({ state: 'answered', value: [d('registration.caseload', 'UNDECODABLE', null), d('registration.caseload', 'UNDECODABLE', '3:7'), d('audit-log.activity', 'IMPOSSIBLE_CONTENT', null)] });
    expect(s).toEqual({
      state: 'down',
      total: 3,
      open: 2,
      byGroupAndReason: [
        { group: 'audit-log.activity', reason: 'IMPOSSIBLE_CONTENT', count: 1, open: 1 },
        { group: 'registration.caseload', reason: 'UNDECODABLE', count: 2, open: 1 },
      ],
      detail: '2 dead letters not replayed',
    });
    expect(deadLetterStatus({ state: 'answered', value: [] })).toMatchObject({ state: 'up', total: 0 });
    expect(deadLetterStatus({ state: 'timed-out', afterMs: 8000 }).state).toBe('unknown');
  });

  it('keeps the newest checkpoint per chain with its age', () => {
    const now = Date.parse('2026-12-06T10:00:00Z');
    const c = (chain: string, headSequence: number, secondsAgo: number) => ({ chain, headSequence, recordCount: headSequence, createdAt: now - secondsAgo * 1000 });
    const s = checkpointStatus({ state: 'answered', value: [c('gm0392', 10, 300), c('gm0392', 14, 60), c('bkwi', 3, 5)] }, now);
    expect(s.chains).toEqual([
      { chain: 'bkwi', headSequence: 3, recordCount: 3, createdAt: now - 5000, ageSeconds: 5 },
      { chain: 'gm0392', headSequence: 14, recordCount: 14, createdAt: now - 60_000, ageSeconds: 60 },
    ]);
    expect(s.state).toBe('up');
    expect(checkpointStatus({ state: 'failed', reason: 'the audit log answered HTTP 503' }, now)).toMatchObject({ state: 'unknown', detail: 'the audit log answered HTTP 503' });
  });
});

describe('the status as a whole', () => {
  const up = {
    services: [serviceStatus(audit, { state: 'answered', value: { httpStatus: 200, body: { status: 'up', checks: {} } } })],
    broker: brokerStatus({ state: 'answered', value: { clusterId: 'c', controller: 1, brokers: [{ nodeId: 1, host: 'h', port: 1 }] } }),
    consumerGroups: [],
    deadLetters: deadLetterStatus({ state: 'answered', value: [] }),
    checkpoints: checkpointStatus({ state: 'answered', value: [] }, 0),
  };
  it('is the worst of its parts: down beats unknown beats up', () => {
    expect(systemStatus(up, 0).state).toBe('up');
    expect(systemStatus({ ...up, broker: brokerStatus({ state: 'timed-out', afterMs: 2000 }) }, 0).state).toBe('unknown');
    expect(systemStatus({ ...up, broker: brokerStatus({ state: 'timed-out', afterMs: 2000 }), services: [serviceStatus(audit, { state: 'failed', reason: 'ECONNREFUSED' })] }, 0).state).toBe('down');
  });
});
