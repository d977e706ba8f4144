import { foldActions, foldQueries, ReportableAction, ReportableQuery } from './usage';

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
        notOnCaseload: false,
        queries: 2,
        lastOccurredAt: Date.parse('2026-10-15T10:00:00Z'),
      },
    ]);
    expect(d.workerUsage).toEqual([{ month: '2026-10', organisationId: 'org-zandvoort', userId: 'w-1', queries: 2 }]);
    expect(d.subjectUsage).toEqual([{ month: '2026-10', organisationId: 'org-zandvoort', pseudonym: 'p-1', queries: 2 }]);
  });

  it("keeps queries made for a municipality whose caseload did not hold the citizen apart (AttributedQuery v2)", () => {
    const d = foldQueries([q(), q({ caseload: { actingForHolds: false } }), q({ caseload: { actingForHolds: true } }), q({ caseload: null })]);
    expect(d.queryUsage.map((r) => [r.notOnCaseload, r.queries])).toEqual([[false, 3], [true, 1]]);
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

describe('actions (account management and logins)', () => {
  let m = 0;
  const act = (over: Partial<ReportableAction> = {}): ReportableAction => ({
    eventId: `a-${++m}`,
    occurredAt: Date.parse('2026-10-01T08:00:00Z'),
    actor: { userId: 'admin-1' },
    actingForId: 'org-haarlem',
    action: 'USER_CHANGED',
    outcome: 'SUCCEEDED',
    ...over,
  });

  it('counts account management and logins per organisation acted for, local month, action, outcome and actor', () => {
    const { rows, changed } = foldActions([
      act(),
      act({ occurredAt: Date.parse('2026-10-02T08:00:00Z') }),
      act({ action: 'GRANT_APPROVED', actor: { userId: 'admin-2' } }),
      act({ action: 'USER_DEACTIVATED', occurredAt: Date.parse('2026-09-30T22:30:00Z') }), // 1 October 00:30 local
      act({ action: 'LOGIN', actor: { userId: 'w-1' }, actingForId: 'org-zandvoort' }),
      act({ action: 'LOGIN', outcome: 'REFUSED', actor: { userId: null }, actingForId: 'org-zandvoort' }),
    ]);
    expect(rows.map((r) => [r.month, r.organisationId, r.action, r.outcome, r.actorUserId, r.actions])).toEqual([
      ['2026-10', 'org-haarlem', 'GRANT_APPROVED', 'SUCCEEDED', 'admin-2', 1],
      ['2026-10', 'org-haarlem', 'USER_CHANGED', 'SUCCEEDED', 'admin-1', 2],
      ['2026-10', 'org-haarlem', 'USER_DEACTIVATED', 'SUCCEEDED', 'admin-1', 1],
      ['2026-10', 'org-zandvoort', 'LOGIN', 'REFUSED', '', 1],
      ['2026-10', 'org-zandvoort', 'LOGIN', 'SUCCEEDED', 'w-1', 1],
    ]);
    // Only account management changes a generic report; logins feed the specific report, made on request.
    expect(changed).toEqual([{ kind: 'ORGANISATION', scope: 'org-haarlem', month: '2026-10' }]);
  });

  it('leaves out what no report counts: downloads, queries refused early, whitelist look-ups, unknown actions', () => {
    const { rows, changed } = foldActions([act({ action: 'REPORT_DOWNLOADED' }), act({ action: 'QUERY_ATTEMPT' }), act({ action: 'WHITELIST_LOOKED_UP' }), act({ action: 'OTHER' }), act({ action: 'SOMETHING_NEW' })]);
    expect(rows).toEqual([]);
    expect(changed).toEqual([]);
  });

  it('gives the same increments whatever the order of the batch', () => {
    const events = [act(), act({ action: 'LOGIN' }), act({ action: 'ACCOUNT_LOCKED', outcome: 'SUCCEEDED' })];
    expect(foldActions([...events].reverse())).toEqual(foldActions(events));
  });
});
