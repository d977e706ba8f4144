import { amsterdamDay, notificationCandidates, notificationIdOf, NotifiableQuery } from './citizen-notification';

const X = 'a'.repeat(64);
const Y = 'b'.repeat(64);
const zandvoort = { id: 'zandvoort', cbsCode: 'GM0473', name: 'Zandvoort' };
const haarlem = { id: 'haarlem', cbsCode: 'GM0392', name: 'Haarlem' };
const q = (at: string, actingFor = zandvoort, pseudonym: string | null = X, processingActivityId = 'inkijk-bevraging-sociaal-domein'): NotifiableQuery => ({
  occurredAt: Date.parse(at),
  processingActivityId,
  actingFor,
  legalDomain: 'PARTICIPATIEWET',
  dataSubject: pseudonym ? { pseudonym } : null,
});

describe('notifications to subscribed citizens', () => {
  const since = new Map([[X, Date.parse('2026-12-01T00:00:00Z')]]);

  it('yields one per citizen, organisation and Amsterdam day, the first query of the day', () => {
    const out = notificationCandidates(
      [q('2026-12-06T10:00:00Z'), q('2026-12-06T08:00:00Z'), q('2026-12-06T09:00:00Z', haarlem), q('2026-12-06T23:30:00Z')],
      since,
      new Map(),
    );
    // 23:30 UTC is 00:30 on 7 December in Amsterdam: another day.
    expect(out.map((n) => [n.organisation.name, n.day, new Date(n.firstQueryAt).toISOString()])).toEqual([
      ['Zandvoort', '2026-12-06', '2026-12-06T08:00:00.000Z'],
      ['Haarlem', '2026-12-06', '2026-12-06T09:00:00.000Z'],
      ['Zandvoort', '2026-12-07', '2026-12-06T23:30:00.000Z'],
    ]);
    expect(out[0].notificationId).toBe(notificationIdOf(X, 'zandvoort', '2026-12-06'));
  });

  it('yields nothing for citizens who did not subscribe, queries before subscribing, about no person, or under a confidential activity', () => {
    const withholding = new Map([['inkijk-fraude-onderzoek', 180 * 86_400_000]]);
    expect(notificationCandidates([q('2026-12-06T10:00:00Z', zandvoort, Y), q('2026-11-30T10:00:00Z'), q('2026-12-06T10:00:00Z', zandvoort, null), q('2026-12-06T10:00:00Z', zandvoort, X, 'inkijk-fraude-onderzoek')], since, withholding)).toEqual([]);
  });

  it('derives a stable UUID from citizen, organisation and day', () => {
    const id = notificationIdOf(X, 'zandvoort', '2026-12-06');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(notificationIdOf(X, 'zandvoort', '2026-12-06')).toBe(id);
    expect(notificationIdOf(X, 'zandvoort', '2026-12-07')).not.toBe(id);
    expect(amsterdamDay(Date.parse('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
  });
});
