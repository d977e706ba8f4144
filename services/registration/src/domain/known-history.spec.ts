import { Refusal } from '@inkijk/contracts';
import { activate, addMember, asOf, changeTerms, Change, Collaboration, decideApplication, Outcome, propose, removeMember, submitApplication, terminate } from './collaboration';
import { date } from './dates';
import { asKnownAt, historyLines, knownAt, RecordedChange } from './known-history';

const H = 'gm-haarlem';
const Z = 'gm-zandvoort';
const B = 'gm-bloemendaal';
const d = (s: string) => date(s);

/** Runs the commands, recording each announced change at the given moment (as the store does). */
function recorded(): { c: Collaboration; log: RecordedChange[] } {
  const log: RecordedChange[] = [];
  let c: Collaboration | null = null;
  const step = (at: string, o: Outcome) => {
    c = o.collaboration;
    if (o.change) log.push({ sequence: log.length + 1, change: o.change as Change, recordedAt: new Date(at), recordedBy: 'so-1' });
  };
  step('2026-01-05T09:00:00Z', propose({ id: 'c1', name: 'Haarlem-Zandvoort', legalForm: 'SERVICE_AGREEMENT', executingOrganisationId: H, legalDomains: ['PARTICIPATIEWET'], members: [{ municipalityId: H, effectiveFrom: d('2026-01-01') }, { municipalityId: Z, effectiveFrom: d('2026-01-01') }, { municipalityId: B, effectiveFrom: d('2026-01-01') }], effectiveFrom: d('2026-01-01'), agreementSha256: 'a'.repeat(64) }));
  for (const [id, m] of [['a1', H], ['a2', Z], ['a3', B]] as const) c = submitApplication(c!, { id, municipalityId: m, role: m === H ? 'EXECUTING' : 'OUTSOURCING' }).collaboration;
  for (const id of ['a1', 'a2', 'a3']) step('2026-01-06T09:00:00Z', decideApplication(c!, id, 'APPROVED', null));
  step('2026-01-20T09:00:00Z', activate(c!, d('2026-02-01')));
  // Bloemendaal left on 1 June, but it was reported only on 15 September: backdated.
  step('2026-09-15T10:00:00Z', removeMember(c!, B, d('2026-06-01')));
  step('2026-09-16T10:00:00Z', changeTerms(c!, { effectiveFrom: d('2026-10-01'), legalDomains: ['PARTICIPATIEWET', 'IOAW'] }));
  return { c: c!, log };
}

describe('a collaboration as effective on a day and as known at a moment', () => {
  const { c, log } = recorded();

  it('rebuilds from the recorded changes exactly the state the commands produced', () => {
    const now = asKnownAt('c1', log, { instant: new Date('2026-12-01T00:00:00Z') })!;
    for (const day of ['2026-01-15', '2026-02-01', '2026-05-31', '2026-06-01', '2026-10-01'].map(d)) expect(asOf(now, day)).toEqual(asOf(c, day));
  });

  it('shows the backdated departure: in July, Bloemendaal was a member as known then, not as known now', () => {
    const july = d('2026-07-01');
    expect(asOf(c, july).members).toEqual([H, Z]);
    const asKnownInAugust = asKnownAt('c1', log, knownAt('2026-08-31'))!;
    expect(asOf(asKnownInAugust, july).members).toEqual([H, Z, B]);
    expect(asOf(asKnownAt('c1', log, knownAt('2026-09-15T09:59:59Z'))!, july).members).toEqual([H, Z, B]);
    expect(asOf(asKnownAt('c1', log, knownAt('2026-09-15T10:00:00Z'))!, july).members).toEqual([H, Z]);
  });

  it('knows nothing before the registration was reported, and no later terms before they were', () => {
    expect(asKnownAt('c1', log, knownAt('2026-01-04'))).toBeNull();
    expect(asOf(asKnownAt('c1', log, knownAt('2026-01-10'))!, d('2026-03-01')).status).toBe('PROPOSED');
    expect(asOf(asKnownAt('c1', log, knownAt('2026-09-15'))!, d('2026-10-15')).legalDomains).toEqual(['PARTICIPATIEWET']);
    expect(asOf(asKnownAt('c1', log, knownAt('2026-09-16'))!, d('2026-10-15')).legalDomains).toEqual(['PARTICIPATIEWET', 'IOAW']);
  });

  it('marks a change backdated when it takes effect before the day it was reported', () => {
    const lines = historyLines(log);
    expect(lines.map((l) => [l.type, l.effectiveOn, l.recordedOn, l.backdated])).toEqual([
      ['CollaborationRegistered', '2026-01-01', '2026-01-05', true],
      ['ApplicationDecided', null, '2026-01-06', false],
      ['ApplicationDecided', null, '2026-01-06', false],
      ['ApplicationDecided', null, '2026-01-06', false],
      ['CollaborationActivated', '2026-02-01', '2026-01-20', false],
      ['MemberLeft', '2026-06-01', '2026-09-15', true],
      ['CollaborationChanged', '2026-10-01', '2026-09-16', false],
    ]);
  });

  it('reads the reporting day in Amsterdam: 23:30 UTC on 31 May is 1 June there', () => {
    const late: RecordedChange[] = [{ sequence: 1, change: { type: 'MemberJoined', municipalityId: B, effectiveFrom: d('2026-06-01') }, recordedAt: new Date('2026-05-31T23:30:00Z'), recordedBy: 'x' }];
    expect(historyLines(late)[0]).toMatchObject({ recordedOn: '2026-06-01', backdated: false });
  });

  it.each(['2026-02-30', '06-12-2026', '2026-12-06T10:00', 'yesterday'])('refuses knownAt %s with a code', (v) => {
    expect(() => knownAt(v)).toThrow(Refusal);
    try {
      knownAt(v);
    } catch (e) {
      expect((e as Refusal).code).toBe('INVALID_KNOWN_AT');
    }
  });

  it('terminates and joins as recorded', () => {
    let x = c;
    x = addMember({ ...x, applications: [...x.applications, { id: 'a4', municipalityId: 'gm-heemstede', role: 'OUTSOURCING', status: 'APPROVED', reason: null }] }, 'gm-heemstede', d('2026-11-01')).collaboration;
    const more: RecordedChange[] = [
      ...log,
      { sequence: 8, change: { type: 'MemberJoined', municipalityId: 'gm-heemstede', effectiveFrom: d('2026-11-01') }, recordedAt: new Date('2026-10-20T10:00:00Z'), recordedBy: 'so-1' },
      { sequence: 9, change: terminate(x, d('2026-12-01'), 'Powers delegated').change as Change, recordedAt: new Date('2026-11-20T10:00:00Z'), recordedBy: 'so-1' },
    ];
    const known = asKnownAt('c1', more, knownAt('2026-11-30'))!;
    expect(asOf(known, d('2026-11-15')).members).toEqual([H, Z, 'gm-heemstede']);
    expect(asOf(known, d('2026-12-01')).status).toBe('TERMINATED');
  });
});
