import { checkActivityEvent } from '@inkijk/contracts';
import { ActionRecord, activityEvent } from '@inkijk/platform';
import { QueryRefusal } from '../domain/query';
import type { ActivityLog, DataSources, Decision, DecisionPort, Principal, SubjectForms } from './ports';
import { QueryAttempts } from './query-attempts';
import { LogUnavailableError, QueryDenied, QueryService } from './query.service';

const HAARLEM = '0a000000-0000-4000-8000-000000000392';
const ZANDVOORT = '0a000000-0000-4000-8000-000000000473';
const UNREGISTERED = '0a000000-0000-4000-8000-000000000999';
const PSEUDONYM = 'ab'.repeat(32);
const worker: Principal = { userId: 'haarlem-worker', homeMunicipalityId: HAARLEM, roles: ['WORKER'] };
const query = (over: object = {}) => ({ actingForMunicipalityId: ZANDVOORT, product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET' as const, searchKey: { type: 'BSN' as const, bsn: '111222333' }, ...over });

function world(decision: Partial<Decision> = {}) {
  const recorded: ActionRecord[] = [];
  let failing = false;
  const log: ActivityLog = {
    record: async (a) => {
      if (failing) throw new LogUnavailableError(new Error('no broker'));
      recorded.push(a);
    },
  };
  const decide = jest.fn(async (): Promise<Decision> => ({ decisionId: 'd-1', permitted: true, reasonCode: null, reasonForUser: null, escape: false, collaborationId: null, rulesVersion: 'v1', whitelist: 'ON_WHITELIST', actingFor: null, dataSubjectPseudonym: PSEUDONYM, ...decision }));
  const decisions: DecisionPort = {
    decide,
    organisation: (id) => ([HAARLEM, ZANDVOORT].includes(id) ? { id, name: id === HAARLEM ? 'Haarlem' : 'Zandvoort', cbsCode: null, oin: '00000001000000000000' } : null),
    hasEscapeRight: () => false,
    caseload: () => null,
  };
  const subjects: SubjectForms = { sealedBsn: (bsn) => Buffer.from(`sealed(${bsn.length})`), pseudonym: () => PSEUDONYM };
  const attempts = new QueryAttempts(log, decisions, subjects);
  const suppliers = { fetch: async () => [{ supplier: 'BRP', status: 'ANSWERED', durationMs: 1, personListsProvided: 1, data: [] }] } as unknown as DataSources;
  const published: unknown[] = [];
  const service = new QueryService(decisions, suppliers, { publish: async (e) => void published.push(e) }, subjects, attempts, { processingActivityId: 'inkijk-bevraging-sociaal-domein' });
  const trace = { traceId: '1'.repeat(32), spanId: '2'.repeat(16), parentSpanId: null };
  return { recorded, attempts, service, decide, published, trace, fail: () => (failing = true) };
}

describe('a query refused before its decision', () => {
  it('is recorded for the municipality chosen, with the pseudonym and the facts, and passes the content check', async () => {
    const w = world();
    await w.attempts.refused({ ...worker, roles: ['USER_ADMINISTRATOR'] }, query({ escapeReason: 'NEW_APPLICATION' }), 'NOT_A_WORKER');
    expect(w.recorded).toEqual([{
      actor: { userId: 'haarlem-worker', homeOrganisationId: HAARLEM, roles: ['USER_ADMINISTRATOR'] },
      actingForId: ZANDVOORT,
      action: 'QUERY_ATTEMPT',
      object: { type: 'QUERY', id: 'brp-persoon' },
      outcome: 'REFUSED',
      reasonCode: 'NOT_A_WORKER',
      subjectPseudonym: PSEUDONYM,
      details: { product: 'brp-persoon', legalDomain: 'PARTICIPATIEWET', searchKeyType: 'BSN', escapeReason: 'NEW_APPLICATION' },
    }]);
    const event = activityEvent('query-proxy', w.recorded[0]);
    expect(checkActivityEvent(event, Date.now())).toBeNull();
    expect(JSON.stringify(event)).not.toContain('111222333');
  });

  it("goes to the worker's home when the chosen municipality is no id or not registered, naming an unregistered id", async () => {
    const w = world();
    await w.attempts.refused(worker, query({ actingForMunicipalityId: 'zandvoort' }), 'VALIDATION_FAILED');
    await w.attempts.refused(worker, query({ actingForMunicipalityId: UNREGISTERED }), 'UNKNOWN_MUNICIPALITY');
    await w.attempts.refused(worker, { product: 'alles' }, 'VALIDATION_FAILED');
    expect(w.recorded.map((r) => [r.actingForId, r.details?.unknownMunicipalityId, r.object.id])).toEqual([
      [HAARLEM, undefined, 'brp-persoon'],
      [HAARLEM, UNREGISTERED, 'brp-persoon'],
      [HAARLEM, undefined, null],
    ]);
  });

  it.each([
    ['an invalid BSN', query({ searchKey: { type: 'BSN', bsn: '123456789' } }), 'INVALID_BSN', null],
    ['an escape reason not on the list', query({ escapeReason: 'nieuwsgierig' }), 'UNKNOWN_ESCAPE_REASON', PSEUDONYM],
    ['an unknown product', query({ product: 'alles' }), 'UNKNOWN_PRODUCT', PSEUDONYM],
    ['an unregistered municipality', query({ actingForMunicipalityId: UNREGISTERED }), 'UNKNOWN_MUNICIPALITY', PSEUDONYM],
  ])('records %s once, refuses it, and asks for no decision', async (_what, request, code, pseudonym) => {
    const w = world();
    await expect(w.service.query(worker, request, w.trace)).rejects.toMatchObject({ code });
    expect(w.recorded).toHaveLength(1);
    expect(w.recorded[0]).toMatchObject({ reasonCode: code, outcome: 'REFUSED', subjectPseudonym: pseudonym });
    expect(w.decide).not.toHaveBeenCalled();
    expect(w.published).toHaveLength(0);
  });

  it('answers LOG_UNAVAILABLE instead of the refusal when the record cannot be written', async () => {
    const w = world();
    w.fail();
    const refused = w.service.query(worker, query({ searchKey: { type: 'BSN', bsn: '123456789' } }), w.trace);
    await expect(refused).rejects.toBeInstanceOf(LogUnavailableError);
    await expect(refused).rejects.not.toBeInstanceOf(QueryRefusal);
  });

  it('leaves queries that reach a decision to the attributed-query event: permitted and denied record no attempt', async () => {
    const permitted = world();
    await expect(permitted.service.query(worker, query(), permitted.trace)).resolves.toMatchObject({ outcome: 'ANSWERED' });
    const denied = world({ permitted: false, reasonCode: 'MUNICIPALITY_NOT_MEMBER' });
    await expect(denied.service.query(worker, query(), denied.trace)).rejects.toBeInstanceOf(QueryDenied);
    expect([permitted.recorded.length, denied.recorded.length, permitted.published.length, denied.published.length]).toEqual([0, 0, 1, 1]);
  });
});
