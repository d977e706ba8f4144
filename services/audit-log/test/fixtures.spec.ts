/**
 * The attributed queries the audit log's tests and benchmark publish must pass the content check
 * of the topic when published at the time the gateway would have published them (their
 * completedAt), or the consumer parks them instead of storing them.
 */
import { contentProblem, query, topics } from '@inkijk/contracts';
import { attributedQuery, HAARLEM, ZANDVOORT } from '@inkijk/testing';
import { municipalities } from './support';

const check = (q: query.AttributedQuery) => contentProblem(topics.attributedQueries, q, q.completedAt);
const BLOEMENDAAL: query.OrganisationRef = { id: '4f1c2a52-0000-4000-8000-000000000377', cbsCode: 'GM0377', oin: '00000099000000000377', name: 'Bloemendaal' };

describe('the audit tests\' attributed queries', () => {
  it('pass the content check: the fixture, own-municipality, denied and licence-plate queries, the backlog municipalities', () => {
    const events = [
      attributedQuery(),
      attributedQuery({ actingFor: HAARLEM, collaborationId: null, product: 'brp-persoon' }),
      attributedQuery({ actingFor: ZANDVOORT, product: 'uwv-inkomen' }),
      attributedQuery({ actingFor: ZANDVOORT, outcome: 'DENIED', decision: { decisionId: 'd-deny', result: 'DENY', reasonCode: 'NOT_ON_WHITELIST', rulesVersion: 'rules-1' }, whitelist: { outcome: 'ABORTED', escapeReason: null } }),
      attributedQuery({ actingFor: BLOEMENDAAL, collaborationId: null, worker: { userId: 'user-bloemendaal-1', homeMunicipality: BLOEMENDAAL } }),
      attributedQuery({ actingFor: HAARLEM, collaborationId: null, searchKeyType: 'LICENCE_PLATE', dataSubject: null, product: 'rdw-voertuigen' }),
      ...municipalities(24).map((m) => attributedQuery({ actingFor: m })),
    ];
    expect(events.map(check).filter((p) => p !== null)).toEqual([]);
  });

  it('would be parked when published at another time than their own (so the tests publish them at it)', () => {
    const q = attributedQuery();
    expect(contentProblem(topics.attributedQueries, q, q.completedAt + 24 * 60 * 60 * 1000)).toMatch(/lies too long before the record's timestamp/);
  });
});
