import { auditFilter, AUDIT_FILTERS, matchesFilter, personIds, readEntries, readEntry } from './audit-entries';

const WORKER = '3f1c2b9e-8a7d-4c6b-9e5f-1a2b3c4d5e6f';
const OFFICER = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
const HAARLEM = '0a000000-0000-4000-8000-000000000392';
const ZANDVOORT = '0a000000-0000-4000-8000-000000000473';
const TRACE = 'a'.repeat(32);

/** A QUERY record as the audit log answers today (no kind). */
const queryRecord = (over: { at?: string; worker?: string; roles?: string[] | null; trace?: string } = {}) => ({
  trace_id: over.trace ?? TRACE,
  start_time: over.at ?? '2026-12-01T10:00:00.000Z',
  attributes: {},
  audit: {
    event_id: 'e1',
    chain: ZANDVOORT,
    sequence: 4,
    worker: { user_id: over.worker ?? WORKER, home_municipality: { id: HAARLEM, name: 'Haarlem', cbs_code: 'GM0392', oin: '1' }, ...(over.roles !== undefined ? { roles: over.roles } : {}) },
    acting_for: { id: ZANDVOORT, name: 'Zandvoort', cbs_code: 'GM0473', oin: '2' },
    legal_domain: 'PARTICIPATIEWET',
    product: 'overzicht-inkomen',
    search_key_type: 'BSN',
    sources: [],
    whitelist: { outcome: 'ON_WHITELIST', escape_reason: null },
    decision: { decision_id: 'd-1', result: 'PERMIT', reason_code: null, rules_version: 'authorization-rules/1' },
    outcome: 'PARTIALLY_ANSWERED',
  },
});

describe('reading the audit log records', () => {
  it('reads a query record without a kind as a QUERY, with worker, municipality and decision', () => {
    const e = readEntry(queryRecord({ roles: ['WORKER'] }));
    expect(e).toMatchObject({
      kind: 'QUERY',
      traceId: TRACE,
      at: '2026-12-01T10:00:00.000Z',
      actingForId: ZANDVOORT,
      actingForName: 'Zandvoort',
      worker: { userId: WORKER, roles: ['WORKER'], homeId: HAARLEM, homeName: 'Haarlem' },
      product: 'overzicht-inkomen',
      decision: { decisionId: 'd-1', result: 'PERMIT', reasonCode: null },
      outcome: 'PARTIALLY_ANSWERED',
    });
    expect(readEntry(queryRecord())).toMatchObject({ worker: { roles: null } });
  });

  it('reads an ACTION record in snake_case and in camelCase alike, the category from the contract when it is missing', () => {
    const snake = readEntry({ kind: 'ACTION', trace_id: TRACE, start_time: '2026-12-01T09:00:00Z', audit: { action: 'GRANT_APPROVED', acting_for_id: HAARLEM, object: { type: 'USER', id: WORKER }, outcome: 'SUCCEEDED', reason_code: null, actor: { user_id: OFFICER, home_organisation_id: 'bkwi', roles: ['SECURITY_OFFICER'] }, details: { grant: 'g1', count: 3 } } });
    const camel = readEntry({ kind: 'ACTION', traceId: TRACE, occurredAt: Date.parse('2026-12-01T09:00:00Z'), action: 'GRANT_APPROVED', actingForId: HAARLEM, object: { type: 'USER', id: WORKER }, outcome: 'SUCCEEDED', actor: { userId: OFFICER, homeOrganisationId: 'bkwi', roles: ['SECURITY_OFFICER'] }, details: { grant: 'g1' } });
    const expected = {
      kind: 'ACTION',
      traceId: TRACE,
      at: '2026-12-01T09:00:00Z',
      actingForId: HAARLEM,
      action: 'GRANT_APPROVED',
      category: 'ACCOUNT_MANAGEMENT',
      object: { type: 'USER', id: WORKER },
      outcome: 'SUCCEEDED',
      reasonCode: null,
      actor: { userId: OFFICER, roles: ['SECURITY_OFFICER'], homeId: 'bkwi' },
      details: { grant: 'g1' },
    };
    expect(snake).toMatchObject(expected);
    expect(camel).toMatchObject({ ...expected, at: '2026-12-01T09:00:00.000Z' });
    expect(readEntry({ kind: 'ACTION', audit: { action: 'LOGIN', category: 'LOGIN', outcome: 'REFUSED', reason_code: 'INVALID_CREDENTIALS', actor: { user_id: null, roles: [] }, object: { type: 'SESSION', id: null } } })).toMatchObject({ category: 'LOGIN', reasonCode: 'INVALID_CREDENTIALS', actor: { userId: null } });
  });

  it('reads an action and a decision as the audit log serves them: fields beside the audit part, which holds the place in the chain', () => {
    const chain = { trace_id: TRACE, event_id: 'e9', chain: HAARLEM, sequence: 7, hash: 'h', recorded_at: '2026-12-01T09:00:01.000Z' };
    const envelope = { trace_id: TRACE, span_id: 'b'.repeat(16), parent_span_id: null, name: 'inkijk.actie.login', start_time: '2026-12-01T09:00:00.000Z', end_time: '2026-12-01T09:00:00.000Z', status_code: 'STATUS_CODE_ERROR' };
    const action = readEntry({ kind: 'ACTION', ...envelope, action: 'LOGIN', category: 'LOGIN', object: { type: 'SESSION', id: null }, outcome: 'REFUSED', reasonCode: 'INVALID_CREDENTIALS', actor: { userId: WORKER, homeOrganisationId: HAARLEM, roles: ['WORKER'] }, actingForId: HAARLEM, subjectPseudonym: null, service: 'registration', details: { step: 'password' }, audit: chain });
    expect(action).toEqual({
      kind: 'ACTION',
      traceId: TRACE,
      at: '2026-12-01T09:00:00.000Z',
      actingForId: HAARLEM,
      actingForName: null,
      actor: { userId: WORKER, roles: ['WORKER'], homeId: HAARLEM, homeName: null },
      action: 'LOGIN',
      category: 'LOGIN',
      object: { type: 'SESSION', id: null },
      outcome: 'REFUSED',
      reasonCode: 'INVALID_CREDENTIALS',
      details: { step: 'password' },
    });
    const decision = readEntry({ kind: 'DECISION', ...envelope, span_id: null, name: 'inkijk.beslissing', decision: { decisionId: 'd-1', result: 'PERMIT', reasonCode: null, rulesVersion: 'authorization-rules/1', escape: false }, worker: { userId: WORKER, homeMunicipalityId: HAARLEM }, actingForId: ZANDVOORT, product: 'overzicht-inkomen', legalDomain: 'PARTICIPATIEWET', audit: { ...chain, chain: ZANDVOORT } });
    expect(decision).toEqual({
      kind: 'DECISION',
      traceId: TRACE,
      at: '2026-12-01T09:00:00.000Z',
      actingForId: ZANDVOORT,
      actingForName: null,
      worker: { userId: WORKER, roles: null, homeId: HAARLEM, homeName: null },
      product: 'overzicht-inkomen',
      decision: { decisionId: 'd-1', result: 'PERMIT', reasonCode: null, rulesVersion: 'authorization-rules/1', escape: false },
    });
  });

  it('reads a DECISION record with the decision nested or flat', () => {
    const nested = readEntry({ kind: 'DECISION', trace_id: TRACE, start_time: '2026-12-01T10:00:00Z', audit: { worker: { user_id: WORKER }, acting_for_id: ZANDVOORT, decision: { decision_id: 'd-1', result: 'DENY', reason_code: 'NOT_ON_WHITELIST', rules_version: 'r/1', escape: false }, product: 'brp-persoon' } });
    expect(nested).toMatchObject({ kind: 'DECISION', actingForId: ZANDVOORT, worker: { userId: WORKER }, product: 'brp-persoon', decision: { decisionId: 'd-1', result: 'DENY', reasonCode: 'NOT_ON_WHITELIST', rulesVersion: 'r/1', escape: false } });
    const flat = readEntry({ kind: 'DECISION', traceId: TRACE, decidedAt: 0, decisionId: 'd-2', decision: 'PERMIT', escape: true, subject: { userId: WORKER, homeMunicipalityId: HAARLEM }, context: { actingForMunicipalityId: ZANDVOORT }, action: 'brp-persoon', rulesVersion: 'r/1' });
    expect(flat).toMatchObject({ kind: 'DECISION', actingForId: ZANDVOORT, worker: { userId: WORKER, homeId: HAARLEM }, product: 'brp-persoon', decision: { decisionId: 'd-2', result: 'PERMIT', escape: true } });
  });

  it('drops what is not a record, sorts newest first and collects each account once', () => {
    const entries = readEntries([queryRecord({ at: '2026-12-01T08:00:00Z' }), 'rubbish', null, { kind: 'SOMETHING_ELSE' }, queryRecord({ at: '2026-12-01T11:00:00Z', worker: OFFICER }), { kind: 'ACTION', audit: { action: 'USER_CHANGED', object: { type: 'USER', id: 'u-3' }, actor: { user_id: OFFICER }, outcome: 'SUCCEEDED' } }]);
    expect(entries.map((e) => e.kind)).toEqual(['QUERY', 'QUERY', 'ACTION']);
    expect(entries[0].at).toBe('2026-12-01T11:00:00Z');
    expect(personIds(entries).sort()).toEqual([OFFICER, WORKER, 'u-3'].sort());
    expect(readEntries({ not: 'a list' })).toEqual([]);
  });
});

describe('the filter on type of action', () => {
  it('offers the nine Dutch choices and maps them to kind and category', () => {
    expect(AUDIT_FILTERS.map((f) => f.label)).toEqual(['Alles', 'Bevragingen', 'Beslissingen', 'Inloggen', 'Accountbeheer', 'Samenwerkingen', 'Whitelist', 'Rapportages', 'Auditlog']);
    expect(auditFilter(undefined)).toMatchObject({ label: 'Alles' });
    expect(auditFilter('inloggen')).toMatchObject({ kind: 'ACTION', category: 'LOGIN' });
    expect(auditFilter('beslissingen')).toMatchObject({ kind: 'DECISION' });
    expect(auditFilter('<script>')).toBeUndefined();
  });

  it('keeps only the entries of the choice', () => {
    const entries = readEntries([queryRecord(), { kind: 'ACTION', audit: { action: 'LOGIN', outcome: 'SUCCEEDED', actor: {}, object: { type: 'SESSION' } } }, { kind: 'ACTION', audit: { action: 'REPORT_DOWNLOADED', outcome: 'SUCCEEDED', actor: {}, object: { type: 'REPORT' } } }]);
    expect(entries.filter((e) => matchesFilter(e, auditFilter('inloggen')!)).map((e) => e.kind === 'ACTION' && e.action)).toEqual(['LOGIN']);
    expect(entries.filter((e) => matchesFilter(e, auditFilter('bevragingen')!)).map((e) => e.kind)).toEqual(['QUERY']);
    expect(entries.filter((e) => matchesFilter(e, auditFilter('')!))).toHaveLength(3);
  });
});
