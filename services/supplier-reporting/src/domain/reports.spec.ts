import { genericReport, protocolReport, renderJson, reportContent, share, specificReport, supplierFeed } from './reports';
import { QueryUsageRow } from './usage';

const row = (over: Partial<Omit<QueryUsageRow, 'organisationId'>>): Omit<QueryUsageRow, 'organisationId'> => ({
  month: '2026-10',
  collaborationId: 'collab-a',
  product: 'brp-persoon',
  searchKeyType: 'BSN',
  outsideOfficeHours: false,
  whitelistOutcome: 'ON_WHITELIST',
  escapeReason: '',
  notOnCaseload: false,
  queries: 1,
  lastOccurredAt: Date.parse('2026-10-14T10:00:00Z'),
  ...over,
});

describe('generic report', () => {
  const report = genericReport({
    organisationId: 'org-z',
    organisation: { id: 'org-z', oin: '00000099000000000473', name: 'Zandvoort' },
    reportMonth: '2026-11',
    version: 2,
    queryUsage: [
      row({ queries: 2 }),
      // A Haarlem client queried for Zandvoort through the collaboration: counted as not on Zandvoort's caseload.
      row({ notOnCaseload: true, queries: 1 }),
      row({ searchKeyType: 'POSTCODE_HOUSENUMBER', outsideOfficeHours: true, queries: 1, product: 'uwv-inkomen' }),
      row({ whitelistOutcome: 'ESCAPE', escapeReason: 'SPOED', queries: 2, collaborationId: 'none' }),
      row({ whitelistOutcome: 'ABORTED', queries: 2, month: '2026-05', lastOccurredAt: Date.parse('2026-05-01T10:00:00Z') }),
      row({ month: '2026-04', queries: 100 }), // outside the period
    ],
    supplierUsage: [{ month: '2026-10', supplier: 'BRP', queries: 6, personListsProvided: 6, lastOccurredAt: 0 }],
    activityUsage: [
      { month: '2026-10', action: 'USER_CREATED', outcome: 'SUCCEEDED', actorUserId: 'a-1', actions: 3, lastOccurredAt: Date.parse('2026-10-20T10:00:00Z') },
      { month: '2026-10', action: 'GRANT_REJECTED', outcome: 'SUCCEEDED', actorUserId: 'a-2', actions: 1, lastOccurredAt: Date.parse('2026-10-02T10:00:00Z') },
      // Logins are no account management, and do not move the report's time either.
      { month: '2026-10', action: 'LOGIN', outcome: 'SUCCEEDED', actorUserId: 'w-1', actions: 7, lastOccurredAt: Date.parse('2026-10-30T10:00:00Z') },
    ],
  });

  it('covers the six months before the report month, each with every figure', () => {
    expect(report.months.map((m) => m.month)).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    expect(report.months[1]).toEqual({
      month: '2026-06', sourceQueries: 0, accountManagementActions: 0, abortedSearches: 0, nonBsnSearchKeyQueries: 0, nonBsnSearchKeyShare: 0,
      outsideOfficeHoursQueries: 0, outsideOfficeHoursShare: 0, notOnCaseloadQueries: 0, notOnCaseloadShare: 0, escapes: {}, byProduct: {}, byCollaboration: {}, bySupplier: {},
    });
    expect(report.months[5]).toEqual({
      month: '2026-10',
      sourceQueries: 6,
      accountManagementActions: 4,
      abortedSearches: 0,
      nonBsnSearchKeyQueries: 1,
      nonBsnSearchKeyShare: 0.1667,
      outsideOfficeHoursQueries: 1,
      outsideOfficeHoursShare: 0.1667,
      notOnCaseloadQueries: 1,
      notOnCaseloadShare: 0.1667,
      escapes: { SPOED: 2 },
      byProduct: { 'brp-persoon': 5, 'uwv-inkomen': 1 },
      byCollaboration: { 'collab-a': 4, none: 2 },
      bySupplier: { BRP: 6 },
    });
    expect(report.months[0].abortedSearches).toBe(2);
  });

  it('is dated by its newest counted event, not by the clock', () => {
    expect(report.generatedAt).toBe(Date.parse('2026-10-20T10:00:00Z'));
    const empty = genericReport({ organisationId: 'x', organisation: null, reportMonth: '2026-11', version: 1, queryUsage: [], supplierUsage: [], activityUsage: [] });
    expect(empty.generatedAt).toBe(Date.parse('2026-10-31T23:00:00Z'));
    expect(empty.customerOin).toBeNull();
  });

  it('has an id and a version, which are not part of its content', () => {
    expect(report.reportId).toBe('generic/org-z/2026-11/v2');
    expect(reportContent(report)).not.toHaveProperty('version');
    expect(reportContent(report)).not.toHaveProperty('reportId');
  });

  it('renders to the same JSON whatever the order of the rows', () => {
    const a = genericReport({ organisationId: 'o', organisation: null, reportMonth: '2026-11', version: 1, queryUsage: [row({ product: 'b' }), row({ product: 'a' })], supplierUsage: [], activityUsage: [] });
    const b = genericReport({ organisationId: 'o', organisation: null, reportMonth: '2026-11', version: 1, queryUsage: [row({ product: 'a' }), row({ product: 'b' })], supplierUsage: [], activityUsage: [] });
    expect(renderJson(a)).toBe(renderJson(b));
    expect(Object.keys(a.months[5].byProduct)).toEqual(['a', 'b']);
  });

  it('rounds shares to four decimals', () => {
    expect([share(1, 3), share(2, 3), share(0, 0), share(5, 5)]).toEqual([0.3333, 0.6667, 0, 1]);
  });
});

describe('supplier feed', () => {
  it('has one line per customer organisation, ordered by id, dated by the newest query', () => {
    const feed = supplierFeed({
      supplier: 'BRP',
      month: '2026-10',
      version: 1,
      usage: [
        { organisationId: 'org-z', queries: 3, personListsProvided: 2, lastOccurredAt: 20, organisation: { id: 'org-z', oin: '473', name: 'Zandvoort' } },
        { organisationId: 'org-h', queries: 1, personListsProvided: 1, lastOccurredAt: 10, organisation: { id: 'org-h', oin: '392', name: 'Haarlem' } },
      ],
    });
    expect(feed).toEqual({
      reportId: 'supplier/BRP/2026-10/v1',
      supplier: 'BRP',
      month: '2026-10',
      version: 1,
      generatedAt: 20,
      lines: [
        { customerOrganisationId: 'org-h', customerOin: '392', customerName: 'Haarlem', queries: 1, personListsProvided: 1 },
        { customerOrganisationId: 'org-z', customerOin: '473', customerName: 'Zandvoort', queries: 3, personListsProvided: 2 },
      ],
    });
    expect(supplierFeed({ supplier: 'RDW', month: '2026-10', version: 1, usage: [] }).generatedAt).toBe(Date.parse('2026-10-31T23:00:00Z'));
  });
});

describe('specific report', () => {
  it('lists workers and the most-queried pseudonyms, most first, ties by id', () => {
    const r = specificReport({
      organisationId: 'o',
      reportMonth: '2026-11',
      workerUsage: [
        { month: '2026-10', userId: 'w-b', queries: 2 },
        { month: '2026-09', userId: 'w-b', queries: 1 },
        { month: '2026-10', userId: 'w-a', queries: 3 },
        { month: '2026-04', userId: 'w-c', queries: 9 },
      ],
      subjectUsage: [
        { month: '2026-10', pseudonym: 'p2', queries: 1 },
        { month: '2026-09', pseudonym: 'p2', queries: 1 },
        { month: '2026-10', pseudonym: 'p1', queries: 2 },
        { month: '2026-10', pseudonym: 'p3', queries: 1 },
      ],
      activityUsage: [],
      generatedAt: 0,
      topSubjects: 2,
    });
    expect(r.workers).toEqual([
      { userId: 'w-a', queries: 3, byMonth: { '2026-10': 3 } },
      { userId: 'w-b', queries: 3, byMonth: { '2026-09': 1, '2026-10': 2 } },
    ]);
    expect(r.topSubjects).toEqual([
      { pseudonym: 'p1', queries: 2 },
      { pseudonym: 'p2', queries: 2 },
    ]);
  });
});

describe('specific report: logins and administrators', () => {
  const a = (month: string, action: string, outcome: string, actorUserId: string, actions: number) => ({ month, action, outcome, actorUserId, actions, lastOccurredAt: Date.parse(`${month}-10T10:00:00Z`) });
  const r = specificReport({
    organisationId: 'o',
    reportMonth: '2026-11',
    workerUsage: [],
    subjectUsage: [],
    activityUsage: [
      a('2026-10', 'LOGIN', 'SUCCEEDED', 'w-1', 3),
      a('2026-09', 'LOGIN', 'SUCCEEDED', 'w-1', 1),
      a('2026-10', 'LOGIN', 'REFUSED', 'w-1', 2),
      a('2026-10', 'LOGIN', 'REFUSED', 'w-2', 4),
      a('2026-10', 'LOGIN_SECOND_FACTOR', 'REFUSED', 'w-2', 1),
      a('2026-10', 'LOGIN_SECOND_FACTOR', 'SUCCEEDED', 'w-1', 3), // the second step of a login, not another
      a('2026-10', 'ACCOUNT_LOCKED', 'SUCCEEDED', 'w-2', 1),
      a('2026-10', 'LOGIN', 'REFUSED', '', 4),
      a('2026-08', 'LOGIN', 'REFUSED', '', 1),
      a('2026-10', 'USER_CHANGED', 'SUCCEEDED', 'admin-1', 2),
      a('2026-09', 'GRANT_APPROVED', 'SUCCEEDED', 'admin-2', 1),
      a('2026-10', 'GRANT_REQUESTED', 'REFUSED', 'admin-2', 2),
      a('2026-04', 'LOGIN', 'SUCCEEDED', 'w-9', 9), // before the period
    ],
    generatedAt: 0,
  });

  it('counts logins, failed logins and lockouts per person and month, most logins first', () => {
    expect(r.logins).toEqual([
      { userId: 'w-1', logins: 4, failedLogins: 2, lockouts: 0, byMonth: { '2026-09': { logins: 1, failedLogins: 0, lockouts: 0 }, '2026-10': { logins: 3, failedLogins: 2, lockouts: 0 } } },
      { userId: 'w-2', logins: 0, failedLogins: 5, lockouts: 1, byMonth: { '2026-10': { logins: 0, failedLogins: 5, lockouts: 1 } } },
    ]);
    expect(r.failedLoginsWithoutAccount).toEqual({ total: 5, byMonth: { '2026-08': 1, '2026-10': 4 } });
  });

  it('ranks the persons with the most account-management actions, any outcome', () => {
    expect(r.topAdministrators).toEqual([
      { userId: 'admin-2', actions: 3, byMonth: { '2026-09': 1, '2026-10': 2 } },
      { userId: 'admin-1', actions: 2, byMonth: { '2026-10': 2 } },
    ]);
  });
});

describe('RvIG protocol lines', () => {
  it('orders lines by date, product and pseudonym', () => {
    const base = { eventId: 'e', month: '2026-10', customerOin: '473', personListsProvided: 1 };
    const p = protocolReport('o', '2026-10', [
      { ...base, date: '2026-10-02', product: 'b', pseudonym: 'x' },
      { ...base, date: '2026-10-01', product: 'b', pseudonym: 'y' },
      { ...base, date: '2026-10-01', product: 'a', pseudonym: null },
    ]);
    expect(p.lines.map((l) => [l.date, l.product, l.subjectPseudonym])).toEqual([
      ['2026-10-01', 'a', null],
      ['2026-10-01', 'b', 'y'],
      ['2026-10-02', 'b', 'x'],
    ]);
  });
});
