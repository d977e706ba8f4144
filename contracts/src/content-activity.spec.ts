import { checkAccessDecisionRecord, checkActivityEvent } from './content';
import type { ActivityEvent } from './generated/audit';
import type { AccessDecisionRecord } from './generated/authorization';
import { ACTIVITY_CATEGORIES, activityCategory } from './reference';
import { ActivityEventSchemas } from './generated/audit';

const NOW = Date.UTC(2026, 11, 6, 9, 0);
const HAARLEM = '11111111-1111-4111-8111-111111111111';

function activity(over: Partial<ActivityEvent> = {}): ActivityEvent {
  return {
    eventId: '4a6f1e2c-9f4e-4f7a-9a55-1b9d6a0c0d01',
    occurredAt: NOW - 1000,
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    service: 'registration',
    actor: { userId: 'u-1', homeOrganisationId: HAARLEM, roles: ['USER_ADMINISTRATOR'] },
    actingForId: HAARLEM,
    action: 'USER_CHANGED',
    object: { type: 'USER', id: 'u-2' },
    outcome: 'SUCCEEDED',
    reasonCode: null,
    subjectPseudonym: null,
    details: { product: 'brp-persoonslijst' },
    ...over,
  };
}

function decision(over: Partial<AccessDecisionRecord> = {}): AccessDecisionRecord {
  return {
    decisionId: 'd-1',
    decidedAt: NOW - 1000,
    traceId: '0af7651916cd43dd8448eb211c80319c',
    subject: { userId: 'u-1', homeMunicipalityId: HAARLEM },
    action: 'brp-persoonslijst',
    resource: { dataSubjectPseudonym: 'a'.repeat(64) },
    context: { actingForMunicipalityId: HAARLEM, legalDomain: 'PARTICIPATIEWET', at: NOW - 1000, escapeReason: null },
    decision: 'DENY',
    escape: false,
    collaborationId: null,
    reasonCode: 'NOT_ON_WHITELIST',
    reasonForUser: null,
    reasonForAdministrator: null,
    rulesVersion: 'rules-1',
    readModelOffsets: {},
    ...over,
  };
}

describe('actions (ActivityEvent, ADR 0018)', () => {
  it('accepts a plausible action', () => {
    expect(checkActivityEvent(activity(), NOW)).toBeNull();
    expect(checkActivityEvent(activity({ actor: { userId: null, homeOrganisationId: null, roles: [] }, action: 'LOGIN', outcome: 'REFUSED', reasonCode: 'INVALID_CREDENTIALS' }), NOW)).toBeNull();
  });

  it('reads no BSN into a UUID or a longer number that holds nine such digits', () => {
    // The last group of this UUID spells 999993653, which passes the 11-proef.
    expect(checkActivityEvent(activity({ details: { collaborationId: '0a000000-0000-4000-8000-999993653abc' } }), NOW)).toBeNull();
    expect(checkActivityEvent(activity({ details: { oin: '00000099999993653000' } }), NOW)).toBeNull();
  });

  it('refuses a BSN in the details, a clear BSN as pseudonym, a refusal without a reason and a bad trace id', () => {
    expect(checkActivityEvent(activity({ details: { search: 'bsn 999993653' } }), NOW)).toBe('details.search holds what looks like a BSN');
    expect(checkActivityEvent(activity({ details: { search: 'bsn999993653.' } }), NOW)).toBe('details.search holds what looks like a BSN');
    expect(checkActivityEvent(activity({ subjectPseudonym: '999993653' }), NOW)).toBe('subjectPseudonym is not an HMAC-SHA256 (64 hex)');
    expect(checkActivityEvent(activity({ outcome: 'REFUSED' }), NOW)).toBe('a REFUSED action names no reasonCode');
    expect(checkActivityEvent(activity({ traceId: 'x' }), NOW)).toMatch(/^traceId "x" is not a W3C trace id/);
  });

  it('reads an action unknown to this version as OTHER (enum default), so new actions are a compatible change', () => {
    expect(JSON.stringify(ActivityEventSchemas.versions[1])).toContain('"default":"OTHER"');
  });

  it('files every action under a category; account management is what the generic report counts', () => {
    expect(activityCategory('GRANT_APPROVED')).toBe('ACCOUNT_MANAGEMENT');
    expect(activityCategory('LOGIN')).toBe('LOGIN');
    expect(activityCategory('QUERY_ATTEMPT')).toBe('QUERY');
    expect(Object.values(ACTIVITY_CATEGORIES).filter((c) => c === 'ACCOUNT_MANAGEMENT').length).toBeGreaterThanOrEqual(8);
  });
});

describe('decision records in the audit log', () => {
  it('accepts a plausible decision and refuses a denial without a reason', () => {
    expect(checkAccessDecisionRecord(decision(), NOW)).toBeNull();
    expect(checkAccessDecisionRecord(decision({ reasonCode: null }), NOW)).toBe('a denial names no reasonCode');
    expect(checkAccessDecisionRecord(decision({ resource: { dataSubjectPseudonym: '999993653' } }), NOW)).toBe('resource.dataSubjectPseudonym is not an HMAC-SHA256 (64 hex)');
  });
});
