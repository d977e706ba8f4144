import { randomUUID } from 'node:crypto';
import type { audit, authorization } from '@inkijk/contracts';
import { actionEntryOf, AuditEntry, decisionEntryOf, LogEntry } from './audit-entry';
import { appendToChain, canonicalContentOf, emptyHead } from './hash-chain';
import { verifyRecords } from './verifier';
import { UserRolesDirectory } from './user-roles';
import { entry } from '../../test/audit-entries';

/** A query entry with every field fixed: its hashes were computed by the code before ACTION and DECISION existed. */
const FIXED_QUERY: AuditEntry = {
  eventId: '7d1f6a3e-2b4c-4e8f-9a1d-3c5b7e9f1a2b',
  recordedAt: 1794823201000,
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  parentSpanId: null,
  name: 'inkijk.bevraging.brp-persoon',
  startTime: 1794823200000,
  endTime: 1794823200120,
  statusCode: 'STATUS_CODE_OK',
  processingActivityId: 'inkijk-participatiewet-bevraging',
  dataSubject: { idType: 'BSN', pseudonym: 'a'.repeat(64), sealedBsn: Buffer.from('sealed-bsn-bytes') },
  worker: { userId: 'user-haarlem-1', homeMunicipality: { id: 'h', cbsCode: 'GM0392', oin: '00000099000000000392', name: 'Haarlem' } },
  actingFor: { id: 'z', cbsCode: 'GM0473', oin: '00000099000000000473', name: 'Zandvoort' },
  collaborationId: 'collab-haarlem-zandvoort',
  legalDomain: 'PARTICIPATIEWET',
  product: 'brp-persoon',
  searchKeyType: 'BSN',
  sources: [{ supplier: 'BRP', outcome: 'ANSWERED', durationMs: 35, personListsProvided: 1 }],
  whitelist: { outcome: 'ON_WHITELIST', escapeReason: null },
  decision: { decisionId: 'd-1', result: 'PERMIT', reasonCode: null, rulesVersion: 'rules-1' },
  outcome: 'ANSWERED',
};

const ZANDVOORT = '4f1c2a52-0000-4000-8000-000000000473';
const T = Date.UTC(2026, 10, 16, 10);

function activity(over: Partial<audit.ActivityEvent> = {}): audit.ActivityEvent {
  return {
    eventId: randomUUID(),
    occurredAt: T,
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    service: 'registration',
    actor: { userId: 'admin-1', homeOrganisationId: ZANDVOORT, roles: ['USER_ADMINISTRATOR'] },
    actingForId: ZANDVOORT,
    action: 'GRANT_APPROVED',
    object: { type: 'GRANT', id: 'g-1' },
    outcome: 'SUCCEEDED',
    reasonCode: null,
    subjectPseudonym: null,
    details: { right: 'ESCAPE_RIGHT', account: 'EXISTING' },
    ...over,
  };
}

function decision(over: Partial<authorization.AccessDecisionRecord> = {}): authorization.AccessDecisionRecord {
  return {
    decisionId: randomUUID(),
    decidedAt: T + 5,
    traceId: null,
    subject: { userId: 'user-haarlem-1', homeMunicipalityId: 'h' },
    action: 'brp-persoon',
    resource: { dataSubjectPseudonym: 'b'.repeat(64) },
    context: { actingForMunicipalityId: ZANDVOORT, legalDomain: 'PARTICIPATIEWET', at: T, escapeReason: 'RECOVERY' },
    decision: 'PERMIT',
    escape: true,
    collaborationId: 'collab-1',
    reasonCode: null,
    reasonForUser: null,
    reasonForAdministrator: null,
    rulesVersion: 'rules-1',
    readModelOffsets: { 'inkijk.registration.users.v1:0': 41, 'inkijk.caseload.whitelist.v1:2': 7 },
    ...over,
  };
}

describe('three kinds of record in one chain (ADR 0018)', () => {
  it('keeps the layout of QUERY records: hashes made before actions existed come out the same', () => {
    const { records } = appendToChain(emptyHead('z'), [FIXED_QUERY, { ...FIXED_QUERY, eventId: 'e2', sources: [], dataSubject: null }]);
    expect(records.map((r) => r.hash)).toEqual([
      '31b583c6a3e5e7568e0c3cdeca77ae0db3c9be195d4622388b48353d87828ba0',
      '5ba963ba4789ba82e0b35be0b7d15b31a279abb7dbfe32e30709ea347bb6feb0',
    ]);
    expect(JSON.parse(canonicalContentOf('z', 1, FIXED_QUERY))[0]).toBe('inkijk-audit-v1');
  });

  it('builds an ACTION from an ActivityEvent: a point in time, named after the action, filed under its category', () => {
    const a = actionEntryOf(activity({ outcome: 'REFUSED', reasonCode: 'OWN_RIGHTS' }), T + 1000);
    expect(a).toMatchObject({ kind: 'ACTION', name: 'inkijk.actie.grant-approved', startTime: T, endTime: T, statusCode: 'STATUS_CODE_ERROR', category: 'ACCOUNT_MANAGEMENT', recordedAt: T + 1000 });
  });

  it('builds a DECISION from a decision record, with a null trace when it had none', () => {
    const d = decisionEntryOf(decision({ decision: 'DENY', escape: false, reasonCode: 'NOT_ON_WHITELIST' }), T + 1000);
    expect(d).toMatchObject({ kind: 'DECISION', name: 'inkijk.beslissing', traceId: null, statusCode: 'STATUS_CODE_ERROR', actingForId: ZANDVOORT, decision: { result: 'DENY', escape: false, reasonCode: 'NOT_ON_WHITELIST' } });
  });

  it('lays out ACTION and DECISION records as arrays of strings, integers and null, with the maps in key order', () => {
    const a = JSON.parse(canonicalContentOf('c', 3, actionEntryOf(activity(), T)));
    expect(a[0]).toBe('inkijk-audit-action-v1');
    expect(a.slice(1, 3)).toEqual(['c', 3]);
    expect(a[a.length - 1]).toEqual([['account', 'EXISTING'], ['right', 'ESCAPE_RIGHT']]);
    const d = JSON.parse(canonicalContentOf('c', 4, decisionEntryOf(decision(), T)));
    expect(d[0]).toBe('inkijk-audit-decision-v1');
    expect(d).toContain(1); // escape
    expect(d[d.length - 1]).toEqual([['inkijk.caseload.whitelist.v1:2', 7], ['inkijk.registration.users.v1:0', 41]]);
    const flat = (v: unknown): boolean => v === null || typeof v === 'string' || Number.isInteger(v) || (Array.isArray(v) && v.every(flat));
    expect(flat(a)).toBe(true);
    expect(flat(d)).toBe(true);
  });

  it('covers every field: changing one changes the content', () => {
    const base = actionEntryOf(activity(), T);
    const variants: LogEntry[] = [
      { ...base, outcome: 'FAILED' },
      { ...base, actor: { ...base.actor, roles: ['SECURITY_OFFICER'] } },
      { ...base, object: { ...base.object, id: 'g-2' } },
      { ...base, details: { ...base.details, right: 'MANDATED_PERSON' } },
      { ...base, subjectPseudonym: 'c'.repeat(64) },
    ];
    const h = canonicalContentOf('c', 1, base);
    for (const v of variants) expect(canonicalContentOf('c', 1, v)).not.toBe(h);
    const d = decisionEntryOf(decision(), T);
    const hd = canonicalContentOf('c', 1, d);
    for (const v of [{ ...d, decision: { ...d.decision, escape: false } }, { ...d, readModelOffsets: { x: 1 } }, { ...d, reasonForAdministrator: 'x' }, { ...d, traceId: 'f'.repeat(32) }]) {
      expect(canonicalContentOf('c', 1, v)).not.toBe(hd);
    }
  });

  it('verifies a chain of queries, actions and decisions, and finds an edited action at its sequence', () => {
    const entries: LogEntry[] = [entry(), actionEntryOf(activity(), T), decisionEntryOf(decision(), T), entry(), actionEntryOf(activity({ action: 'LOGIN' }), T)];
    const { records } = appendToChain(emptyHead(ZANDVOORT), entries);
    expect(verifyRecords(records)).toMatchObject({ ok: true, checkedRecords: 5 });
    const tampered = records.map((r) => (r.sequence === 2 && r.kind === 'ACTION' ? { ...r, outcome: 'REFUSED' } : r));
    expect(verifyRecords(tampered).firstBroken).toEqual({ chain: ZANDVOORT, sequence: 2, reason: 'CONTENT_ALTERED' });
    const relabelled = records.map((r) => (r.sequence === 3 && r.kind === 'DECISION' ? { ...r, decision: { ...r.decision, escape: false } } : r));
    expect(verifyRecords(relabelled).firstBroken).toEqual({ chain: ZANDVOORT, sequence: 3, reason: 'CONTENT_ALTERED' });
  });
});

describe('the roles directory', () => {
  const created = (userId: string, roles: string[], occurredAt: number) => ({
    eventId: randomUUID(),
    occurredAt,
    userId,
    homeMunicipalityId: ZANDVOORT,
    change: { 'nl.inkijk.registration.UserCreated': { roles, permittedProducts: [], escapeRight: false, grantId: null } },
  }) as Parameters<UserRolesDirectory['apply']>[0];

  it('keeps the roles of every account, the newest change winning; a deactivated account has none; unknown is null', () => {
    const dir = new UserRolesDirectory();
    dir.apply(created('u-1', ['WORKER'], 1));
    dir.apply({ ...created('u-1', [], 3), change: { 'nl.inkijk.registration.UserRolesChanged': { roles: ['WORKER', 'USER_ADMINISTRATOR'], permittedProducts: [], escapeRight: false, grantId: null } } } as Parameters<UserRolesDirectory['apply']>[0]);
    expect(dir.apply({ ...created('u-1', ['MANDATED_PERSON'], 2) })).toBe(false); // older than what is known
    dir.apply(created('u-2', ['WORKER'], 1));
    dir.apply({ ...created('u-2', [], 5), change: { 'nl.inkijk.registration.UserDeactivated': { reason: null } } } as Parameters<UserRolesDirectory['apply']>[0]);
    expect(dir.rolesOf('u-1')).toEqual(['WORKER', 'USER_ADMINISTRATOR']);
    expect(dir.rolesOf('u-2')).toEqual([]);
    expect(dir.rolesOf('u-3')).toBeNull();
  });
});
