import { ActivityObservation, QueryObservation, SignalEngine, startOfLocalDay } from './engine';
import { Signal, SIGNAL_KINDS, signalIdOf } from './signal';
import { DEFAULT_SIGNAL_THRESHOLDS, parseSignalThresholds } from './thresholds';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** Tuesday 8 December 2026, 10:00 in Amsterdam (09:00 UTC): office hours. */
const TUE_10 = Date.parse('2026-12-08T09:00:00Z');
const HAARLEM = 'org-haarlem';
const ZANDVOORT = 'org-zandvoort';
const SITTARD = 'org-sittard';

let seq = 0;
const q = (over: Partial<QueryObservation> = {}): QueryObservation => ({
  eventId: `q-${++seq}`,
  at: TUE_10,
  workerUserId: 'worker-a',
  homeOrganisationId: HAARLEM,
  actingForId: HAARLEM,
  subjectPseudonym: `subject-${seq}`,
  whitelist: 'ON_WHITELIST',
  escapeReason: null,
  denied: false,
  ...over,
});
const a = (over: Partial<ActivityObservation> = {}): ActivityObservation => ({
  eventId: `a-${++seq}`,
  at: TUE_10,
  userId: 'worker-a',
  homeOrganisationId: HAARLEM,
  actingForId: HAARLEM,
  action: 'LOGIN',
  outcome: 'SUCCEEDED',
  ...over,
});

const engine = (over: object = {}) => new SignalEngine(parseSignalThresholds(over));
const feed = (e: SignalEngine, events: Array<QueryObservation | ActivityObservation>): Signal[] =>
  events.flatMap((x) => ('workerUserId' in x ? e.onQuery(x) : e.onActivity(x)));
const kinds = (signals: Signal[]) => signals.map((s) => s.kind);

describe('thresholds', () => {
  it('has a default for every kind and refuses nonsense with a readable line', () => {
    expect(DEFAULT_SIGNAL_THRESHOLDS.escapeRate).toEqual({ windowMinutes: 60, threshold: 5 });
    expect(() => parseSignalThresholds('{"escapeRate":{"threshold":0}}')).toThrow(/escapeRate.threshold/);
    expect(() => parseSignalThresholds('{"whitelistProbing":{"windowMinutes":7}}')).toThrow(/divide a day/);
    expect(() => parseSignalThresholds('{"unknownKind":{}}')).toThrow(/unknownKind|Unrecognized/);
  });
});

describe('bulk querying (many distinct data subjects per hour)', () => {
  it('fires at the floor without a baseline, once per window, with the count equal to the threshold', () => {
    const e = engine({ bulkQuerying: { minDistinctSubjects: 10 } });
    const signals = feed(e, Array.from({ length: 25 }, (_, i) => q({ at: TUE_10 + i * MIN })));
    expect(kinds(signals)).toEqual(['BULK_QUERYING']);
    expect(signals[0]).toMatchObject({ workerUserId: 'worker-a', organisationId: HAARLEM, severity: 'HIGH', windowStart: TUE_10, windowEnd: TUE_10 + HOUR });
    expect(signals[0].evidence).toMatchObject({ counted: 'SUBJECTS', count: 10, threshold: 10, workerBaseline: null });
  });

  it('counts distinct subjects: the same subject a hundred times is no bulk', () => {
    const e = engine({ bulkQuerying: { minDistinctSubjects: 10 } });
    expect(feed(e, Array.from({ length: 100 }, (_, i) => q({ at: TUE_10 + i * 30_000, subjectPseudonym: 'same' })))).toEqual([]);
  });

  it("raises the threshold to a factor of the worker's own baseline of the days before", () => {
    const e = engine({ bulkQuerying: { minDistinctSubjects: 10, workerFactor: 2, organisationFactor: 1, minBaselineHours: 2 } });
    // Monday: four hours of 12 distinct subjects each (a busy worker): baseline 12, threshold 24.
    const monday = TUE_10 - 24 * HOUR;
    const busy = Array.from({ length: 4 }, (_, h) => Array.from({ length: 12 }, (_, i) => q({ at: monday + h * HOUR + i * MIN }))).flat();
    feed(e, busy);
    const tuesday = feed(e, Array.from({ length: 20 }, (_, i) => q({ at: TUE_10 + i * MIN })));
    expect(tuesday).toEqual([]);
    const more = feed(e, Array.from({ length: 10 }, (_, i) => q({ at: TUE_10 + 30 * MIN + i * MIN })));
    expect(kinds(more)).toEqual(['BULK_QUERYING']);
    expect(more[0].evidence).toMatchObject({ threshold: 24, workerBaseline: 12 });
  });

  it("raises it to a factor of the organisation's baseline too", () => {
    const e = engine({ bulkQuerying: { minDistinctSubjects: 5, workerFactor: 1, organisationFactor: 2, minBaselineHours: 1 } });
    const monday = TUE_10 - 24 * HOUR;
    feed(e, Array.from({ length: 10 }, (_, i) => q({ workerUserId: 'colleague', at: monday + i * MIN })));
    const signals = feed(e, Array.from({ length: 20 }, (_, i) => q({ workerUserId: 'newcomer', at: TUE_10 + i * MIN })));
    expect(signals[0].evidence).toMatchObject({ threshold: 20, organisationBaseline: 10, workerBaseline: null });
  });
});

describe('outside office hours (19:00-06:00 and weekends, Europe/Amsterdam)', () => {
  it('fires for queries in the evening and at the weekend, per local day, never in office hours', () => {
    const e = engine({ outOfHoursQuerying: { threshold: 3 } });
    const at1830 = Date.parse('2026-12-08T17:30:00Z'); // 18:30 local
    expect(feed(e, [0, 1, 2, 3].map((i) => q({ at: at1830 + i * MIN })))).toEqual([]);
    const at1900 = Date.parse('2026-12-08T18:00:00Z'); // 19:00 local
    const evening = feed(e, [0, 1, 2].map((i) => q({ at: at1900 + i * MIN })));
    expect(kinds(evening)).toEqual(['OUT_OF_HOURS_QUERYING']);
    expect(evening[0]).toMatchObject({ windowStart: Date.parse('2026-12-07T23:00:00Z'), windowEnd: Date.parse('2026-12-08T23:00:00Z'), severity: 'LOW' });
    const saturdayNoon = Date.parse('2026-12-12T11:00:00Z');
    expect(kinds(feed(e, [0, 1, 2].map((i) => q({ at: saturdayNoon + i * MIN }))))).toEqual(['OUT_OF_HOURS_QUERYING']);
  });

  it('knows local days across the change to summer time', () => {
    expect(startOfLocalDay(Date.parse('2026-03-29T12:00:00Z'))).toBe(Date.parse('2026-03-28T23:00:00Z'));
    expect(startOfLocalDay(Date.parse('2026-03-30T12:00:00Z'))).toBe(Date.parse('2026-03-29T22:00:00Z'));
    expect(startOfLocalDay(Date.parse('2026-10-25T23:30:00Z'))).toBe(Date.parse('2026-10-25T23:00:00Z'));
  });
});

describe('escapes', () => {
  it('fires on the rate of escapes and, apart, on a burst with the same reason', () => {
    const e = engine({ escapeRate: { threshold: 4 }, escapeReasonBurst: { windowMinutes: 10, threshold: 3 } });
    const mixed = feed(e, ['A', 'B', 'A', 'C'].map((r, i) => q({ at: TUE_10 + i * 5 * MIN, whitelist: 'ESCAPE', escapeReason: r })));
    expect(kinds(mixed)).toEqual(['ESCAPE_RATE']);
    const burst = feed(e, [0, 1, 2].map((i) => q({ at: TUE_10 + 40 * MIN + i * MIN, whitelist: 'ESCAPE', escapeReason: 'HERONDERZOEK' })));
    expect(kinds(burst)).toEqual(['ESCAPE_REASON_BURST']);
    expect(burst[0].evidence).toMatchObject({ counted: 'ESCAPES', escapeReason: 'HERONDERZOEK', count: 3 });
  });
});

describe('curiosity (one data subject)', () => {
  it('fires when many workers query one subject for one municipality', () => {
    const e = engine({ subjectManyWorkers: { threshold: 3 } });
    const s = feed(e, ['w1', 'w2', 'w2', 'w3'].map((w, i) => q({ workerUserId: w, subjectPseudonym: 'famous', at: TUE_10 + i * HOUR })));
    expect(kinds(s)).toEqual(['SUBJECT_MANY_WORKERS']);
    expect(s[0]).toMatchObject({ organisationId: HAARLEM, workerUserId: null, subjectPseudonym: 'famous' });
    expect(s[0].evidence).toMatchObject({ counted: 'WORKERS', count: 3 });
  });

  it('fires when one subject is queried for several municipalities in a short span; no organisation of its own', () => {
    const e = engine({ subjectManyMunicipalities: { threshold: 3, windowMinutes: 60 } });
    const s = feed(e, [HAARLEM, ZANDVOORT, SITTARD].map((m, i) => q({ actingForId: m, workerUserId: `w${i}`, subjectPseudonym: 'p', at: TUE_10 + i * MIN })));
    expect(kinds(s)).toEqual(['SUBJECT_MANY_MUNICIPALITIES']);
    expect(s[0]).toMatchObject({ organisationId: null, subjectPseudonym: 'p' });
  });
});

describe('whitelist probing and refused attempts', () => {
  it('fires on repeated aborted searches', () => {
    const e = engine({ whitelistProbing: { threshold: 4 } });
    expect(kinds(feed(e, [0, 1, 2, 3].map((i) => q({ at: TUE_10 + i * MIN, whitelist: 'ABORTED' }))))).toEqual(['WHITELIST_PROBING']);
  });

  it('counts refused attempts from the actions and denied queries together', () => {
    const e = engine({ refusedAttempts: { threshold: 3 } });
    const s = feed(e, [
      a({ action: 'QUERY_ATTEMPT', outcome: 'REFUSED' }),
      q({ at: TUE_10 + MIN, denied: true }),
      a({ action: 'QUERY_ATTEMPT', outcome: 'REFUSED', at: TUE_10 + 2 * MIN }),
    ]);
    expect(kinds(s)).toEqual(['REFUSED_ATTEMPTS']);
    expect(s[0].evidence.counted).toBe('REFUSALS');
  });
});

describe('logins', () => {
  it('fires on a login at an unusual time, not on one in office hours', () => {
    const e = engine();
    expect(feed(e, [a()])).toEqual([]);
    const night = feed(e, [a({ at: Date.parse('2026-12-09T02:00:00Z') })]);
    expect(kinds(night)).toEqual(['LOGIN_UNUSUAL_TIME']);
  });

  it('fires on many failed logins, per account and for names without an account per organisation', () => {
    const e = engine({ failedLogins: { threshold: 3 } });
    const refused = (userId: string | null, i: number) => a({ userId, homeOrganisationId: userId ? HAARLEM : null, outcome: 'REFUSED', at: TUE_10 + i * MIN, action: i % 2 ? 'LOGIN_SECOND_FACTOR' : 'LOGIN' });
    const s = feed(e, [refused('worker-a', 0), refused('worker-a', 1), refused(null, 2), refused(null, 3), refused('worker-a', 4), refused(null, 5)]);
    expect(s.map((x) => [x.kind, x.workerUserId, x.organisationId])).toEqual([
      ['FAILED_LOGINS', 'worker-a', HAARLEM],
      ['FAILED_LOGINS', null, HAARLEM],
    ]);
  });
});

describe('determinism, duplicates, lateness and memory', () => {
  const day = (): Array<QueryObservation | ActivityObservation> => {
    const events: Array<QueryObservation | ActivityObservation> = [];
    for (let w = 0; w < 40; w++) for (let i = 0; i < 20; i++) events.push(q({ workerUserId: `w${w}`, at: TUE_10 + (w * 97 + i * 13) * 1000, subjectPseudonym: `s${(w * 7 + i) % 50}` }));
    for (let i = 0; i < 40; i++) events.push(q({ workerUserId: 'bulk', at: TUE_10 + i * 20_000 }));
    for (let i = 0; i < 5; i++) events.push(q({ workerUserId: 'esc', at: TUE_10 + i * MIN, whitelist: 'ESCAPE', escapeReason: 'X' }));
    for (let i = 0; i < 6; i++) events.push(a({ userId: 'locked', outcome: 'REFUSED', at: TUE_10 + i * MIN }));
    return events;
  };

  it('gives the same signals (ids included) in any arrival order within the allowed lateness', () => {
    const events = day();
    const inOrder = feed(engine(), [...events].sort((x, y) => x.at - y.at)).map((s) => s.signalId).sort();
    let seed = 7;
    const shuffled = [...events].sort(() => ((seed = (seed * 16807) % 2147483647) % 3) - 1);
    const again = feed(engine(), shuffled).map((s) => s.signalId).sort();
    expect(inOrder.length).toBeGreaterThanOrEqual(4);
    expect(again).toEqual(inOrder);
  });

  it('ignores a second delivery of the same event', () => {
    const e = engine({ escapeRate: { threshold: 2 } });
    const one = q({ whitelist: 'ESCAPE' });
    expect(feed(e, [one, one, one])).toEqual([]);
    expect(e.stats.duplicates).toBe(2);
  });

  it('drops windows the lateness has passed, and counts events for them as late', () => {
    const e = engine({ allowedLatenessMinutes: 30 });
    feed(e, Array.from({ length: 1000 }, (_, i) => q({ workerUserId: `w${i}`, at: TUE_10 })));
    expect(e.footprint.windows).toBeGreaterThan(1000);
    feed(e, [q({ workerUserId: 'x', at: TUE_10 + 26 * HOUR })]);
    expect(e.footprint.windows).toBeLessThan(10);
    feed(e, [q({ workerUserId: 'late', at: TUE_10 })]);
    expect(e.stats.late).toBeGreaterThan(0);
  });

  it('keeps windows while a held source (a partition still catching up) lags behind another read ahead', () => {
    const e = engine({ escapeRate: { threshold: 3 } });
    e.hold('queries[0]');
    e.hold('queries[1]');
    // Partition 1 is read to the end of the week first...
    feed(e, [0, 1, 2, 3].map((d) => q({ workerUserId: `other${d}`, at: TUE_10 + d * 24 * HOUR })));
    for (const x of [0, 1, 2, 3].map((d) => q({ workerUserId: `late${d}`, at: TUE_10 + d * 24 * HOUR }))) e.onQuery(x, 'queries[1]');
    e.release('queries[1]');
    // ...then partition 0 from Tuesday: its escapes still count in Tuesday's window.
    const signals = [0, 1, 2].flatMap((i) => e.onQuery(q({ at: TUE_10 + i * MIN, whitelist: 'ESCAPE', escapeReason: 'RECOVERY' }), 'queries[0]'));
    expect(kinds(signals)).toEqual(['ESCAPE_RATE', 'ESCAPE_REASON_BURST']);
    expect(e.stats.late).toBe(0);
    e.release('queries[0]');
    expect(e.now).toBe(TUE_10 + 3 * 24 * HOUR);
    expect(e.holding).toBe(0);
  });

  it('makes ids from kind, key and window only', () => {
    expect(signalIdOf('FAILED_LOGINS', 'u', 1)).toBe(signalIdOf('FAILED_LOGINS', 'u', 1));
    expect(signalIdOf('FAILED_LOGINS', 'u', 1)).not.toBe(signalIdOf('FAILED_LOGINS', 'u', 2));
    expect(signalIdOf('ESCAPE_RATE', 'u', 1)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(SIGNAL_KINDS).toHaveLength(10);
  });
});
