/**
 * The content checks: plausible records pass (also when replayed years later), and records that
 * fit their schema but are impossible are refused with a sentence that says what is wrong.
 */
import { caseloadTopicFor, catalogue } from './catalogue';
import {
  checkAttributedQuery, checkCaseloadEvent, checkCollaborationEvent, checkOrganisationEvent, checkUserEvent, checkWhitelistChange, contentCheckFor, contentProblem,
} from './content';
import { calendarDay, isBsn, isCbsCode, isIdentifier, isOin, isUuid } from './content-rules';
import type { CaseloadEvent } from './generated/caseload';
import type { AttributedQuery, OrganisationRef } from './generated/query';
import type { CollaborationEvent, OrganisationEvent, UserEvent, WhitelistChange } from './generated/registration';

const NOW = Date.UTC(2026, 11, 5, 22, 0);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const uuid = (n: number) => `4f1c2a52-0000-4000-8000-${String(n).padStart(12, '0')}`;
const HAARLEM: OrganisationRef = { id: uuid(392), cbsCode: 'GM0392', oin: '00000099000000000392', name: 'Haarlem' };
const ZANDVOORT: OrganisationRef = { id: uuid(473), cbsCode: 'GM0473', oin: '00000099000000000473', name: 'Zandvoort' };

function query(over: Partial<AttributedQuery> = {}): AttributedQuery {
  return {
    eventId: uuid(1),
    occurredAt: NOW - 400,
    completedAt: NOW - 200,
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    parentSpanId: null,
    processingActivityId: 'inkijk-bevraging-sociaal-domein',
    worker: { userId: 'user-haarlem-1', homeMunicipality: HAARLEM },
    actingFor: ZANDVOORT,
    collaborationId: 'collab-haarlem-zandvoort',
    legalDomain: 'PARTICIPATIEWET',
    product: 'brp-persoon',
    searchKeyType: 'BSN',
    dataSubject: { idType: 'BSN', pseudonym: 'ab'.repeat(32), sealedBsn: Buffer.alloc(37, 1) },
    sources: [{ supplier: 'BRP', outcome: 'ANSWERED', durationMs: 35, personListsProvided: 1 }],
    whitelist: { outcome: 'ON_WHITELIST', escapeReason: null },
    decision: { decisionId: uuid(2), result: 'PERMIT', reasonCode: null, rulesVersion: 'authorization-rules/1' },
    outcome: 'ANSWERED',
    ...over,
  };
}

const organisation = (over: Partial<OrganisationEvent> = {}): OrganisationEvent => ({
  eventId: uuid(10), occurredAt: NOW, organisationId: HAARLEM.id, kind: 'MUNICIPALITY', cbsCode: 'GM0392', oin: HAARLEM.oin, name: 'Haarlem', validFrom: '2000-01-01', validTo: null, ...over,
});
const collaboration = (change: CollaborationEvent['change'], over: Partial<CollaborationEvent> = {}): CollaborationEvent => ({
  eventId: uuid(20), occurredAt: NOW, collaborationId: uuid(21), sequence: 1, recordedBy: 'demo-bootstrap', change, ...over,
});
const registered = (over: Record<string, unknown> = {}): CollaborationEvent['change'] => ({
  'nl.inkijk.registration.CollaborationRegistered': {
    name: 'Haarlem en Zandvoort: sociaal domein', legalForm: 'SERVICE_AGREEMENT', executingOrganisationId: HAARLEM.id, legalDomains: ['PARTICIPATIEWET'],
    members: [{ municipalityId: HAARLEM.id, effectiveFrom: '2015-01-01', effectiveTo: null }, { municipalityId: ZANDVOORT.id, effectiveFrom: '2015-01-01', effectiveTo: null }],
    effectiveFrom: '2015-01-01', agreementSha256: 'a'.repeat(64), ...over,
  },
}) as CollaborationEvent['change'];
const user = (over: Partial<UserEvent> = {}): UserEvent => ({
  eventId: uuid(30), occurredAt: NOW, userId: 'medewerker-1', homeMunicipalityId: HAARLEM.id,
  change: { 'nl.inkijk.registration.UserCreated': { roles: ['WORKER'], permittedProducts: ['brp-persoon', 'overzicht-inkomen'], escapeRight: true } }, ...over,
});
const whitelist = (over: Partial<WhitelistChange> = {}): WhitelistChange => ({
  eventId: uuid(40), occurredAt: NOW, municipalityId: ZANDVOORT.id, bsn: '123456782', change: 'ADDED', effectiveDate: '2015-01-01', source: 'BULK_IMPORT', ...over,
});
const caseload = (over: Partial<CaseloadEvent> = {}): CaseloadEvent => ({
  eventId: uuid(50), occurredAt: NOW - DAY, municipalityCbsCode: 'GM0473', caseId: 'Z-2026-0042', bsn: '111222333', relation: 'STARTED', effectiveDate: '2026-03-01', legalDomain: 'PARTICIPATIEWET', ...over,
});

describe('field rules', () => {
  it('know UUIDs, CBS codes, OINs, BSNs (11-proef), identifiers and calendar dates', () => {
    expect([isUuid(uuid(1)), isUuid('collab-haarlem-zandvoort'), isUuid('')]).toEqual([true, false, false]);
    expect([isCbsCode('GM0392'), isCbsCode('ehs'), isCbsCode('GM392'), isCbsCode('gm0392')]).toEqual([true, false, false, false]);
    expect([isOin('00000099000000000392'), isOin('0000009900000000039'), isOin('0000009900000000039x')]).toEqual([true, false, false]);
    expect([isBsn('123456782'), isBsn('999990019'), isBsn('123456789'), isBsn('000000000'), isBsn('12345678')]).toEqual([true, true, false, false, false]);
    expect([isIdentifier('user-haarlem-1'), isIdentifier('service:query-proxy'), isIdentifier('a b'), isIdentifier(''), isIdentifier('x'.repeat(129))]).toEqual([true, true, false, false, false]);
    expect([calendarDay('2026-02-28') !== null, calendarDay('2026-02-29'), calendarDay('2026-13-01'), calendarDay('1 jan')]).toEqual([true, null, null, null]);
  });
});

describe('attributed queries', () => {
  it('accept a plausible query, and the same query replayed years later with its own timestamp', () => {
    expect(checkAttributedQuery(query(), NOW)).toBeNull();
    const old = query({ occurredAt: Date.UTC(2019, 4, 1, 9), completedAt: Date.UTC(2019, 4, 1, 9) + 150 });
    expect(checkAttributedQuery(old, Date.UTC(2019, 4, 1, 9) + 300)).toBeNull();
  });

  it('accept the variations the gateway sends: own municipality, no trace, denial, escape, search by licence plate', () => {
    expect(checkAttributedQuery(query({ actingFor: HAARLEM, collaborationId: null }), NOW)).toBeNull();
    expect(checkAttributedQuery(query({ traceId: '0'.repeat(32), spanId: '0'.repeat(16) }), NOW)).toBeNull(); // a query without a trace
    expect(checkAttributedQuery(query({ collaborationId: null, decision: { decisionId: uuid(3), result: 'DENY', reasonCode: 'NOT_A_MEMBER', rulesVersion: 'rules-1' }, outcome: 'DENIED' }), NOW)).toBeNull();
    expect(checkAttributedQuery(query({ whitelist: { outcome: 'ESCAPE', escapeReason: 'ENFORCEMENT' } }), NOW)).toBeNull();
    expect(checkAttributedQuery(query({ product: 'rdw-voertuigen', searchKeyType: 'LICENCE_PLATE', dataSubject: null, sources: [{ supplier: 'RDW', outcome: 'ANSWERED', durationMs: 20, personListsProvided: 0 }] }), NOW)).toBeNull();
    // A little clock skew either way.
    expect(checkAttributedQuery(query(), NOW - 10 * MINUTE)).toBeNull();
    expect(checkAttributedQuery(query(), NOW + 10 * MINUTE)).toBeNull();
  });

  it('refuse an unknown municipality, an unknown product and a time far from the record, saying which', () => {
    expect(checkAttributedQuery(query({ actingFor: { ...ZANDVOORT, cbsCode: 'ehs' } }), NOW)).toBe('actingFor.cbsCode "ehs" is not a municipality code (GM and four digits, e.g. GM0392)');
    expect(checkAttributedQuery(query({ product: 'kAKnpe' }), NOW)).toMatch(/^product "kAKnpe" is not an Inkijk product \(brp-persoon, /);
    const jan1970 = Date.UTC(1970, 0, 15);
    expect(checkAttributedQuery(query({ occurredAt: jan1970, completedAt: jan1970 + 100 }), NOW)).toBe(
      "occurredAt 1970-01-15T00:00:00.000Z lies too long before the record's timestamp 2026-12-05T22:00:00.000Z (at most 15 minutes); " +
        "completedAt 1970-01-15T00:00:00.100Z lies too long before the record's timestamp 2026-12-05T22:00:00.000Z (at most 15 minutes)",
    );
    expect(checkAttributedQuery(query({ occurredAt: NOW + DAY, completedAt: NOW + DAY }), NOW)).toMatch(/^occurredAt .* lies after the record's timestamp .*clock skew/);
  });

  it('name every problem of a record that has several', () => {
    const garbage = query({ eventId: 'not-a-uuid', actingFor: { id: 'x', cbsCode: 'ehs', oin: '12', name: ' ' }, product: 'kAKnpe', traceId: 'zz' });
    const problem = checkAttributedQuery(garbage, NOW)!;
    for (const field of ['eventId', 'traceId', 'actingFor.id', 'actingFor.cbsCode', 'actingFor.oin', 'actingFor.name', 'product']) expect(problem).toContain(field);
  });

  it('refuse impossible combinations: a search key the product has no, an escape without a listed reason, an answered denial', () => {
    expect(checkAttributedQuery(query({ product: 'uwv-inkomen', searchKeyType: 'LICENCE_PLATE' }), NOW)).toBe('product uwv-inkomen is not searched by LICENCE_PLATE');
    expect(checkAttributedQuery(query({ whitelist: { outcome: 'ESCAPE', escapeReason: 'SPOEDEISEND' } }), NOW)).toMatch(/^whitelist.escapeReason "SPOEDEISEND" is not on the escape list \(NEW_APPLICATION, /);
    expect(checkAttributedQuery(query({ whitelist: { outcome: 'ON_WHITELIST', escapeReason: 'ENFORCEMENT' } }), NOW)).toMatch(/escapeReason is given although/);
    expect(checkAttributedQuery(query({ decision: { decisionId: uuid(3), result: 'DENY', reasonCode: 'NOT_A_MEMBER', rulesVersion: 'r' } }), NOW)).toBe('a denied query has outcome ANSWERED');
    expect(checkAttributedQuery(query({ collaborationId: null }), NOW)).toMatch(/names no collaboration/);
    expect(checkAttributedQuery(query({ occurredAt: NOW, completedAt: NOW - 2 * MINUTE }), NOW)).toBeNull(); // a clock stepped back a little
    expect(checkAttributedQuery(query({ occurredAt: NOW + 14 * MINUTE, completedAt: NOW - 14 * MINUTE }), NOW)).toBe('completedAt lies before occurredAt');
    expect(checkAttributedQuery(query({ sources: [{ supplier: 'BRP', outcome: 'ANSWERED', durationMs: -5, personListsProvided: 1 }] }), NOW)).toMatch(/sources\[0\].durationMs -5/);
  });

  it("accept whose client the citizen is (v2) on a permit through a collaboration, and refuse it where it cannot hold", () => {
    const other = uuid(77);
    expect(checkAttributedQuery(query({ caseload: { actingForHolds: false, heldBy: [HAARLEM.id] }, followsHintOf: uuid(9) }), NOW)).toBeNull();
    expect(checkAttributedQuery(query({ caseload: { actingForHolds: true, heldBy: [] } }), NOW)).toBeNull();
    expect(checkAttributedQuery(query({ caseload: { actingForHolds: true, heldBy: [other] } }), NOW)).toMatch(/names other members/);
    expect(checkAttributedQuery(query({ caseload: { actingForHolds: false, heldBy: [ZANDVOORT.id] } }), NOW)).toMatch(/names the municipality acted for/);
    expect(checkAttributedQuery(query({ caseload: { actingForHolds: false, heldBy: ['999990019'] } }), NOW)).toMatch(/caseload\.heldBy\[0\]/);
    expect(checkAttributedQuery(query({ caseload: { actingForHolds: false, heldBy: [] }, collaborationId: null, actingFor: HAARLEM }), NOW)).toMatch(/not permitted through a collaboration/);
    expect(checkAttributedQuery(query({ followsHintOf: 'gisteren' }), NOW)).toMatch(/followsHintOf/);
  });

  it('accept what a source call asked (v2) when it names fields, and refuse a value where a field name belongs (it would reach the protocol lines)', () => {
    const asked = { supplier: 'BRP', outcome: 'ANSWERED', durationMs: 20, personListsProvided: 1, requestId: uuid(9), requestType: 'RaadpleegMetBurgerservicenummer', searchFields: ['burgerservicenummer'], requestedFields: ['naam', 'verblijfplaats.adresregel1'] } as const;
    expect(checkAttributedQuery(query({ sources: [{ ...asked, searchFields: [...asked.searchFields], requestedFields: [...asked.requestedFields] }] }), NOW)).toBeNull();
    expect(checkAttributedQuery(query({ sources: [{ ...asked, searchFields: ['123456782'], requestedFields: [] }] }), NOW)).toBe('sources[0].searchFields holds something that is not a field name (a letter, then letters, dots and short numbers)');
    expect(checkAttributedQuery(query({ sources: [{ ...asked, searchFields: ['bsn123456782'], requestedFields: [] }] }), NOW)).toMatch(/searchFields holds something that is not a field name/);
    expect(checkAttributedQuery(query({ sources: [{ ...asked, requestId: 'id with spaces', searchFields: [], requestedFields: [] }] }), NOW)).toMatch(/^sources\[0\].requestId "id with spaces" is not an identifier/);
  });
});

describe('registration events', () => {
  it('accept plausible events, including ones published by the outbox days later', () => {
    expect(checkOrganisationEvent(organisation(), NOW)).toBeNull();
    expect(checkOrganisationEvent(organisation({ kind: 'COLLABORATION', organisationId: uuid(21), cbsCode: null, name: 'Haarlem en Zandvoort' }), NOW)).toBeNull();
    expect(checkCollaborationEvent(collaboration(registered()), NOW + 3 * DAY)).toBeNull();
    expect(checkCollaborationEvent(collaboration({ 'nl.inkijk.registration.MemberLeft': { municipalityId: ZANDVOORT.id, effectiveTo: '2027-01-01' } }, { sequence: 7 }), NOW)).toBeNull();
    expect(checkCollaborationEvent(collaboration({ 'nl.inkijk.registration.CollaborationTerminated': { effectiveTo: '2027-01-01', reason: 'Powers delegated to a public body' } }), NOW)).toBeNull();
    expect(checkUserEvent(user(), NOW)).toBeNull();
    expect(checkUserEvent(user({ change: { 'nl.inkijk.registration.UserDeactivated': { reason: null } } }), NOW)).toBeNull();
    expect(checkWhitelistChange(whitelist(), NOW)).toBeNull();
    // Reasons are typed by people: line breaks and an empty reason pass, as registration lets them.
    expect(checkCollaborationEvent(collaboration({ 'nl.inkijk.registration.ApplicationDecided': { applicationId: uuid(22), municipalityId: ZANDVOORT.id, decision: 'REJECTED', reason: 'Niet ondertekend.\r\nGraag opnieuw.' } }), NOW)).toBeNull();
    expect(checkUserEvent(user({ change: { 'nl.inkijk.registration.UserDeactivated': { reason: '' } } }), NOW)).toBeNull();
    expect(checkUserEvent(user({ change: { 'nl.inkijk.registration.UserDeactivated': { reason: 'bell\u0007' } } }), NOW)).toBe('reason is longer than 4000 characters or holds control characters');
  });

  it('refuse ids that are no UUIDs', () => {
    expect(checkOrganisationEvent(organisation({ eventId: 'e1', organisationId: 'haarlem' }), NOW)).toBe('eventId "e1" is not a UUID; organisationId "haarlem" is not a UUID');
    expect(checkCollaborationEvent(collaboration(registered(), { collaborationId: 'collab-1' }), NOW)).toBe('collaborationId "collab-1" is not a UUID');
    expect(checkCollaborationEvent(collaboration({ 'nl.inkijk.registration.MemberJoined': { municipalityId: 'ehs', effectiveFrom: '2026-01-01' } }), NOW)).toBe('municipalityId "ehs" is not a UUID');
    expect(checkCollaborationEvent(collaboration(registered({ executingOrganisationId: 'unknown org' })), NOW)).toBe('executingOrganisationId "unknown org" is not a UUID');
    expect(checkUserEvent(user({ eventId: '42' }), NOW)).toBe('eventId "42" is not a UUID');
    expect(checkWhitelistChange(whitelist({ municipalityId: 'zandvoort' }), NOW)).toBe('municipalityId "zandvoort" is not a UUID');
  });

  it('refuse impossible content: no CBS code, bad OIN, dates that do not exist or end before they start, unknown products, a security officer with other roles', () => {
    expect(checkOrganisationEvent(organisation({ cbsCode: null }), NOW)).toMatch(/^cbsCode is missing/);
    expect(checkOrganisationEvent(organisation({ oin: '392' }), NOW)).toBe('oin "392" is not an OIN (20 digits)');
    expect(checkOrganisationEvent(organisation({ validFrom: '2026-02-30' }), NOW)).toBe('validity.from "2026-02-30" is not a calendar date (YYYY-MM-DD)');
    expect(checkOrganisationEvent(organisation({ validFrom: '2026-01-01', validTo: '2025-01-01' }), NOW)).toBe('validity ends (2025-01-01) before or on the day it starts (2026-01-01)');
    expect(checkCollaborationEvent(collaboration({ 'nl.inkijk.registration.CollaborationActivated': { effectiveFrom: '1066-10-14' } }), NOW)).toMatch(/^effectiveFrom 1066-10-14 lies more than 100 years/);
    expect(checkCollaborationEvent(collaboration(registered({ members: [] })), NOW)).toBe('a collaboration is registered without members');
    expect(checkCollaborationEvent(collaboration(registered(), { sequence: 0 }), NOW)).toBe('sequence 0 is not 1, 2, 3, ...');
    expect(checkUserEvent(user({ change: { 'nl.inkijk.registration.UserRolesChanged': { roles: ['WORKER'], permittedProducts: ['kAKnpe'], escapeRight: false } } }), NOW)).toBe('permittedProducts "kAKnpe" are not Inkijk products');
    expect(checkUserEvent(user({ change: { 'nl.inkijk.registration.UserCreated': { roles: ['SECURITY_OFFICER', 'WORKER'], permittedProducts: [], escapeRight: false } } }), NOW)).toBe('the security officer role is combined with WORKER (separation of duties)');
    expect(checkUserEvent(user({ occurredAt: NOW + DAY }), NOW)).toMatch(/^occurredAt .* lies after the record's timestamp/);
    expect(checkUserEvent(user({ occurredAt: Date.UTC(1970, 0, 15) }), NOW)).toMatch(/lies too long before the record's timestamp .* \(at most 30 days\)$/);
  });

  it('accept the operator (BKWI) without a CBS code, and refuse one with a CBS code', () => {
    expect(checkOrganisationEvent(organisation({ kind: 'OPERATOR', organisationId: uuid(60), cbsCode: null, oin: '00000099000000000001', name: 'BKWI' }), NOW)).toBeNull();
    expect(checkOrganisationEvent(organisation({ kind: 'OPERATOR', organisationId: uuid(60), cbsCode: 'GM0392', name: 'BKWI' }), NOW)).toBe('the operator has no CBS code');
  });

  it('accept a grant asked by one person and approved by another (four eyes), and refuse one approved by the requester or the holder', () => {
    const grantId = uuid(70);
    const requested: UserEvent['change'] = { 'nl.inkijk.registration.GrantRequested': { grantId, requestedBy: 'beheer-1', account: 'EXISTING', roles: ['WORKER'], permittedProducts: ['brp-persoon'], escapeRight: true, sensitiveRights: ['ESCAPE_RIGHT'] } };
    expect(checkUserEvent(user({ change: requested }), NOW)).toBeNull();
    expect(checkUserEvent(user({ change: { 'nl.inkijk.registration.GrantApproved': { grantId, requestedBy: 'beheer-1', approvedBy: 'beheer-2' } } }), NOW)).toBeNull();
    expect(checkUserEvent(user({ change: { 'nl.inkijk.registration.UserRolesChanged': { roles: ['WORKER'], permittedProducts: ['brp-persoon'], escapeRight: true, grantId } } }), NOW)).toBeNull();
    expect(checkUserEvent(user({ change: { 'nl.inkijk.registration.GrantRejected': { grantId, requestedBy: 'beheer-1', rejectedBy: 'beheer-1', reason: 'Ingetrokken' } } }), NOW)).toBeNull();

    expect(checkUserEvent(user({ change: { 'nl.inkijk.registration.GrantApproved': { grantId, requestedBy: 'beheer-1', approvedBy: 'beheer-1' } } }), NOW)).toBe('approvedBy is the requester: a grant needs a second person (four eyes)');
    expect(checkUserEvent(user({ change: { 'nl.inkijk.registration.GrantApproved': { grantId, requestedBy: 'beheer-1', approvedBy: 'medewerker-1' } } }), NOW)).toBe('approvedBy is the account holder: nobody approves their own rights (separation of duties)');
    expect(checkUserEvent(user({ change: { 'nl.inkijk.registration.GrantRequested': { grantId: 'g1', requestedBy: 'medewerker-1', account: 'EXISTING', roles: ['SECURITY_OFFICER', 'WORKER'], permittedProducts: ['brp-persoon'], escapeRight: false, sensitiveRights: [] } } }), NOW)).toBe(
      'grantId "g1" is not a UUID; requestedBy is the account holder: nobody asks for their own rights (separation of duties); the security officer role is combined with WORKER (separation of duties); a grant request names no sensitive right (a change without one needs no second person)',
    );
    expect(checkUserEvent(user({ change: { 'nl.inkijk.registration.UserCreated': { roles: ['WORKER'], permittedProducts: ['brp-persoon'], escapeRight: true, grantId: 'grant-7' } } }), NOW)).toBe('grantId "grant-7" is not a UUID');
  });

  it('never quote a BSN, not even an invalid one', () => {
    const problem = checkWhitelistChange(whitelist({ bsn: '123456789' }), NOW);
    expect(problem).toBe('bsn is not a BSN (9 digits passing the 11-proef)');
    expect(checkCaseloadEvent(caseload({ bsn: '123456789' }), NOW)).not.toContain('123456789');
  });
});

describe('caseload events from municipal case systems', () => {
  it('accept a plausible event and refuse a garbage municipality code', () => {
    expect(checkCaseloadEvent(caseload(), NOW)).toBeNull();
    expect(checkCaseloadEvent(caseload({ municipalityCbsCode: 'ehs' }), NOW)).toBe('municipalityCbsCode "ehs" is not a municipality code (GM and four digits, e.g. GM0392)');
    expect(checkCaseloadEvent(caseload({ caseId: 'ZAAK 2026/42' }), NOW)).toBeNull();
    expect(checkCaseloadEvent(caseload({ caseId: ' ' }), NOW)).toBe('caseId is blank, longer than 200 characters or holds control characters');
  });
});

describe('finding the check of a topic', () => {
  it('has a check for every catalogue topic a service of ours consumes, found by schema (also for test copies)', () => {
    const consumedByUs = catalogue.filter((t) => t.consumerGroups.length > 0 && !t.name.startsWith('inkijk.authorization.evaluation.'));
    expect(consumedByUs.length).toBeGreaterThanOrEqual(6);
    for (const t of consumedByUs) expect({ topic: t.name, check: typeof contentCheckFor(t) }).toEqual({ topic: t.name, check: 'function' });
    const copy = { ...catalogue.find((t) => t.name === 'inkijk.query.attributed.v1')!, name: 'inkijk.test-1.audit-attributed.v1' };
    expect(contentCheckFor(copy)).toBe(checkAttributedQuery);
  });

  it('takes the timestamp as kafkajs gives it, and refuses a record without a usable one', () => {
    const topic = catalogue.find((t) => t.name === 'inkijk.query.attributed.v1')!;
    expect(contentProblem(topic, query(), String(NOW))).toBeNull();
    expect(contentProblem(topic, query(), '-1')).toMatch(/no usable timestamp/);
    expect(contentProblem(topic, query(), undefined)).toMatch(/no usable timestamp/);
    const unchecked = catalogue.find((t) => t.name === 'inkijk.platform.dead-letters.v1')!;
    expect(contentProblem(unchecked, {}, undefined)).toBeNull();
  });
});

describe('the origin of caseload events', () => {
  const topic = caseloadTopicFor('GM0392');
  const event = (municipalityCbsCode: string) => ({ eventId: '6c8a7e0e-3f3b-4c4e-9d0a-2a1f0c9b7e11', occurredAt: 1_700_000_000_000, municipalityCbsCode, caseId: 'H-1', bsn: '999990044', relation: 'STARTED' as const, effectiveDate: '2023-11-14', legalDomain: 'PARTICIPATIEWET' as const });

  it("accepts a record about the topic's own municipality", () => {
    expect(contentProblem(topic, event('GM0392'), 1_700_000_000_000)).toBeNull();
  });

  it("parks a record on Haarlem's topic that claims to be about Zandvoort", () => {
    expect(contentProblem(topic, event('GM0473'), 1_700_000_000_000)).toMatch(/GM0473.*is not the municipality of topic inkijk\.caseload\.events-gm0392\.v1 \(GM0392\)/);
  });
});
