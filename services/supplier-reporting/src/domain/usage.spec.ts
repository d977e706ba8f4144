import { accountActionOf, foldAccountChanges, foldQueries, ReportableQuery } from './usage';

const HAARLEM = { id: 'org-haarlem', oin: '00000099000000000392', name: 'Haarlem', cbsCode: 'GM0392' };
const ZANDVOORT = { id: 'org-zandvoort', oin: '00000099000000000473', name: 'Zandvoort', cbsCode: 'GM0473' };
let n = 0;
const q = (over: Partial<ReportableQuery> = {}): ReportableQuery => ({
  eventId: `e-${String(++n).padStart(4, '0')}`,
  occurredAt: Date.parse('2026-10-14T10:00:00Z'), // Wednesday 12:00 CEST
  worker: { userId: 'w-1', homeMunicipality: HAARLEM },
  actingFor: ZANDVOORT,
  collaborationId: 'collab-hz',
  product: 'brp-persoon',
  searchKeyType: 'BSN',
  dataSubject: { pseudonym: 'p-1' },
  sources: [{ supplier: 'BRP', outcome: 'ANSWERED', personListsProvided: 1 }],
  whitelist: { outcome: 'ON_WHITELIST', escapeReason: null },
  ...over,
});

describe('folding attributed queries into aggregate increments', () => {
  it('sums queries with the same dimensions into one row and keeps the newest time', () => {
    const d = foldQueries([q(), q({ occurredAt: Date.parse('2026-10-15T10:00:00Z') })]);
    expect(d.queryUsage).toEqual([
      {
        month: '2026-10',
        organisationId: 'org-zandvoort',
        collaborationId: 'collab-hz',
        product: 'brp-persoon',
        searchKeyType: 'BSN',
        outsideOfficeHours: false,
        whitelistOutcome: 'ON_WHITELIST',
        escapeReason: '',
        queries: 2,
        lastOccurredAt: Date.parse('2026-10-15T10:00:00Z'),
      },
    ]);
    expect(d.workerUsage).toEqual([{ month: '2026-10', organisationId: 'org-zandvoort', userId: 'w-1', queries: 2 }]);
    expect(d.subjectUsage).toEqual([{ month: '2026-10', organisationId: 'org-zandvoort', pseudonym: 'p-1', queries: 2 }]);
  });

  it('counts a supplier once per query unless it was not called, and sums person lists', () => {
    const d = foldQueries([
      q({ sources: [{ supplier: 'BRP', outcome: 'ANSWERED', personListsProvided: 2 }, { supplier: 'UWV', outcome: 'NOT_CALLED', personListsProvided: 0 }] }),
      q({ sources: [{ supplier: 'BRP', outcome: 'TIMEOUT', personListsProvided: 0 }, { supplier: 'UWV', outcome: 'ERROR', personListsProvided: 0 }] }),
    ]);
    expect(d.supplierUsage.map((r) => [r.supplier, r.queries, r.personListsProvided])).toEqual([
      ['BRP', 2, 2],
      ['UWV', 1, 0],
    ]);
    expect(d.provisions).toHaveLength(1);
    expect(d.provisions[0]).toMatchObject({ date: '2026-10-14', customerOin: ZANDVOORT.oin, pseudonym: 'p-1', personListsProvided: 2 });
  });

  it('keeps escape reasons apart, reports a missing reason as UNKNOWN, and the own-municipality case as "none"', () => {
    const d = foldQueries([
      q({ whitelist: { outcome: 'ESCAPE', escapeReason: 'SPOED' } }),
      q({ whitelist: { outcome: 'ESCAPE', escapeReason: null }, collaborationId: null, actingFor: HAARLEM }),
      q({ whitelist: { outcome: 'ABORTED', escapeReason: 'ignored' } }),
    ]);
    expect(d.queryUsage.map((r) => [r.organisationId, r.collaborationId, r.whitelistOutcome, r.escapeReason])).toEqual([
      ['org-haarlem', 'none', 'ESCAPE', 'UNKNOWN'],
      ['org-zandvoort', 'collab-hz', 'ABORTED', ''],
      ['org-zandvoort', 'collab-hz', 'ESCAPE', 'SPOED'],
    ]);
  });

  it('marks the changed months of organisations and suppliers', () => {
    const d = foldQueries([q(), q({ occurredAt: Date.parse('2026-09-30T22:30:00Z') })]); // 2026-10-01 00:30 CEST
    expect(d.changed).toEqual([
      { kind: 'ORGANISATION', scope: 'org-zandvoort', month: '2026-10' },
      { kind: 'SUPPLIER', scope: 'BRP', month: '2026-10' },
    ]);
  });

  it('remembers each organisation as last seen (newest occurredAt, then event id)', () => {
    const renamed = { ...ZANDVOORT, name: 'Gemeente Zandvoort' };
    const d = foldQueries([q({ actingFor: renamed, occurredAt: Date.parse('2026-10-20T10:00:00Z') }), q()]);
    expect(d.organisations.map((o) => [o.id, o.name])).toEqual([
      ['org-haarlem', 'Haarlem'],
      ['org-zandvoort', 'Gemeente Zandvoort'],
    ]);
  });

  it('gives the same rows whatever the order of the events', () => {
    const events = [q(), q({ product: 'uwv-inkomen', searchKeyType: 'NAME_BIRTHDATE' }), q({ actingFor: HAARLEM, collaborationId: null })];
    expect(foldQueries([...events].reverse())).toEqual(foldQueries(events));
  });
});

describe('account-management actions', () => {
  it('counts each user event once for the home municipality in the month it occurred', () => {
    const { actions, changed } = foldAccountChanges([
      { eventId: 'u1', occurredAt: Date.parse('2026-10-01T08:00:00Z'), homeMunicipalityId: 'org-haarlem', change: { 'nl.inkijk.registration.UserCreated': {} } },
      { eventId: 'u2', occurredAt: Date.parse('2026-10-02T08:00:00Z'), homeMunicipalityId: 'org-haarlem', change: { 'nl.inkijk.registration.UserCreated': {} } },
      { eventId: 'u3', occurredAt: Date.parse('2026-09-30T22:30:00Z'), homeMunicipalityId: 'org-haarlem', change: { 'nl.inkijk.registration.UserDeactivated': {} } },
    ]);
    expect(actions.map((a) => [a.month, a.action, a.actions])).toEqual([
      ['2026-10', 'UserCreated', 2],
      ['2026-10', 'UserDeactivated', 1],
    ]);
    expect(changed).toEqual([{ kind: 'ORGANISATION', scope: 'org-haarlem', month: '2026-10' }]);
    expect(accountActionOf({ 'nl.inkijk.registration.UserRolesChanged': {} })).toBe('UserRolesChanged');
  });

  it('counts a grant as two actions, the request and the approval, not the change that carries it out (four eyes)', () => {
    const at = Date.parse('2026-10-05T08:00:00Z');
    const { actions } = foldAccountChanges([
      { eventId: 'g1', occurredAt: at, homeMunicipalityId: 'org-haarlem', change: { 'nl.inkijk.registration.GrantRequested': { grantId: 'g' } } },
      { eventId: 'g2', occurredAt: at + 1, homeMunicipalityId: 'org-haarlem', change: { 'nl.inkijk.registration.GrantApproved': { grantId: 'g' } } },
      { eventId: 'g3', occurredAt: at + 1, homeMunicipalityId: 'org-haarlem', change: { 'nl.inkijk.registration.UserRolesChanged': { grantId: 'g' } } },
      { eventId: 'g4', occurredAt: at + 2, homeMunicipalityId: 'org-haarlem', change: { 'nl.inkijk.registration.UserRolesChanged': { grantId: null } } },
    ]);
    expect(actions.map((a) => [a.action, a.actions])).toEqual([
      ['GrantApproved', 1],
      ['GrantRequested', 1],
      ['UserRolesChanged', 1],
    ]);
  });
});
