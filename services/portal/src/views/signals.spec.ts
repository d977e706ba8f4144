/**
 * The signals page as rendered: a signal in Dutch with the worker's name (never the raw id when
 * the name is known), the citizen only as a shortened pseudonym, the counts against the
 * threshold, a labelled review form per open signal, and a closed one with who closed it and why.
 */
import type { DirectoryUser, MisuseSignal } from '../app/ports';
import { EVIL, expectGoodPage } from '../testing/page-checks';
import { signalsPage } from './signals';

const user = { displayName: 'Sanne Security', roles: ['SECURITY_OFFICER'], homeMunicipalityName: 'BKWI', csrf: 'csrf-token' };
const WORKER = '3f1c2b9e-8a7d-4c6b-9e5f-1a2b3c4d5e6f';
const HAARLEM = '0a000000-0000-4000-8000-000000000392';
const people = new Map<string, DirectoryUser>([[WORKER, { userId: WORKER, displayName: `Mira ${EVIL}`, roles: ['WORKER'], homeOrganisationId: HAARLEM, homeOrganisationName: 'Haarlem' }]]);
const names = (id: string) => (id === HAARLEM ? 'Haarlem' : id);

const signal = (over: Partial<MisuseSignal>): MisuseSignal => ({
  signalId: '5c0e8a1e-1f2b-8c3d-9e4f-a5b6c7d8e9f0',
  kind: 'BULK_QUERYING',
  severity: 'HIGH',
  organisationId: HAARLEM,
  workerUserId: WORKER,
  subjectPseudonym: null,
  windowStart: Date.parse('2026-12-03T10:00:00Z'),
  windowEnd: Date.parse('2026-12-03T11:00:00Z'),
  evidence: { counted: 'SUBJECTS', count: 30, threshold: 30, workerBaseline: 3.4, organisationBaseline: 3.7, escapeReason: null },
  status: 'OPEN',
  reviewReason: null,
  reviewedBy: null,
  reviewedAt: null,
  detectedAt: Date.parse('2026-12-03T10:20:00Z'),
  ...over,
});

describe('the signals page', () => {
  it('shows an open signal with the name, the counts and a labelled review form', () => {
    const page = signalsPage({ user, status: 'OPEN', signals: [signal({})], names, people }).toString();
    expectGoodPage(page);
    expect(page).toContain('Veel verschillende burgers in korte tijd');
    expect(page).toContain('30 verschillende burgers (drempel 30); gewoonlijk 3.4 per uur');
    expect(page).not.toContain(WORKER);
    expect(page).toContain('<label for="reden-5c0e8a1e-1f2b-8c3d-9e4f-a5b6c7d8e9f0">');
    expect(page).toContain('value="REVIEWED"');
    expect(page).toContain('action="/signalen/5c0e8a1e-1f2b-8c3d-9e4f-a5b6c7d8e9f0/beoordeling"');
  });

  it('shows a citizen only by the start of the pseudonym, and a closed signal with its reason and no form', () => {
    const pseudonym = 'ab'.repeat(32);
    const page = signalsPage({
      user,
      status: 'DISMISSED',
      signals: [signal({ kind: 'SUBJECT_MANY_MUNICIPALITIES', workerUserId: null, organisationId: null, subjectPseudonym: pseudonym, status: 'DISMISSED', reviewReason: `vals alarm ${EVIL}`, reviewedBy: WORKER, reviewedAt: Date.parse('2026-12-04T09:00:00Z') })],
      names,
      people,
    }).toString();
    expectGoodPage(page);
    expect(page).toContain(`burger ${pseudonym.slice(0, 12)}…`);
    expect(page).not.toContain(pseudonym);
    expect(page).toContain('meerdere organisaties');
    expect(page).toContain('vals alarm');
    expect(page).not.toContain('<textarea');
  });

  it('says when there is nothing, and when reporting is away', () => {
    expect(signalsPage({ user, status: 'OPEN', signals: [], names, people }).toString()).toContain('Er zijn geen open signalen.');
    expect(signalsPage({ user, status: 'OPEN', signals: { ok: false, status: 503, code: 'UNAVAILABLE', message: 'weg' }, names, people }).toString()).toContain('UNAVAILABLE');
  });
});
