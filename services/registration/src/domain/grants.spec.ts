import { Refusal } from '@inkijk/contracts';
import { approve, Grant, reject, requestGrant, sensitiveRightsGranted } from './grants';
import type { Tasks } from './users';

const worker = (over: Partial<Tasks> = {}): Tasks => ({ roles: ['WORKER'], permittedProducts: ['brp-persoon'], escapeRight: false, ...over });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'OK';
  } catch (e) {
    return (e as Refusal).code;
  }
};
const AT = new Date('2026-12-06T10:00:00Z');
const grant = (over: Partial<Grant> = {}): Grant =>
  requestGrant({
    id: 'g-1',
    userId: 'mira',
    homeMunicipalityId: 'haarlem',
    account: 'EXISTING',
    requested: worker({ escapeRight: true }),
    sensitiveRights: ['ESCAPE_RIGHT'],
    requestedBy: 'beheer-1',
    requestedAt: AT,
    ...over,
  });

describe('which changes need a second person', () => {
  it.each<[string, Tasks | null, Tasks, string[]]>([
    ['giving the escape right', worker(), worker({ escapeRight: true }), ['ESCAPE_RIGHT']],
    ['keeping the escape right while changing products', worker({ escapeRight: true }), worker({ escapeRight: true, permittedProducts: ['uwv-inkomen'] }), []],
    ['taking the escape right away', worker({ escapeRight: true }), worker(), []],
    ['more products, no sensitive right', worker(), worker({ permittedProducts: ['brp-persoon', 'uwv-inkomen'] }), []],
    ['adding the mandated-person role', worker(), worker({ roles: ['WORKER', 'MANDATED_PERSON'] }), ['MANDATED_PERSON']],
    ['a new account with the escape right', null, worker({ escapeRight: true }), ['ESCAPE_RIGHT']],
    ['a new security officer', null, { roles: ['SECURITY_OFFICER'], permittedProducts: [], escapeRight: false }, ['SECURITY_OFFICER']],
    ['a new mandated person', null, { roles: ['MANDATED_PERSON'], permittedProducts: [], escapeRight: false }, ['MANDATED_PERSON']],
    ['a new worker without the escape right', null, worker(), []],
    ['a new user administrator', null, { roles: ['USER_ADMINISTRATOR'], permittedProducts: [], escapeRight: false }, []],
    ['the escape right and the mandated-person role at once', worker(), worker({ roles: ['WORKER', 'MANDATED_PERSON'], escapeRight: true }), ['ESCAPE_RIGHT', 'MANDATED_PERSON']],
  ])('%s', (_what, before, after, expected) => expect(sensitiveRightsGranted(before, after)).toEqual(expected));
});

describe('a grant', () => {
  it('is pending when asked, and nobody asks for their own rights', () => {
    expect(grant()).toMatchObject({ status: 'PENDING', decidedBy: null });
    expect(codeOf(() => grant({ requestedBy: 'mira' }))).toBe('OWN_RIGHTS');
    expect(codeOf(() => grant({ sensitiveRights: [] }))).toBe('NOTHING_TO_GRANT');
  });

  it('is approved by a second person, never the requester or the account holder', () => {
    expect(codeOf(() => approve(grant(), 'beheer-1', AT))).toBe('GRANT_OWN_REQUEST');
    expect(codeOf(() => approve(grant(), 'mira', AT))).toBe('OWN_RIGHTS');
    expect(approve(grant(), 'beheer-2', AT)).toMatchObject({ status: 'APPROVED', requestedBy: 'beheer-1', decidedBy: 'beheer-2', decidedAt: AT });
  });

  it('is decided once', () => {
    const approved = approve(grant(), 'beheer-2', AT);
    expect(codeOf(() => approve(approved, 'so-1', AT))).toBe('GRANT_DECIDED');
    expect(codeOf(() => reject(approved, 'so-1', AT, null))).toBe('GRANT_DECIDED');
    const rejected = reject(grant(), 'so-1', AT, ' Geen reden ');
    expect(rejected).toMatchObject({ status: 'REJECTED', decidedBy: 'so-1', reason: 'Geen reden' });
    expect(codeOf(() => approve(rejected, 'beheer-2', AT))).toBe('GRANT_DECIDED');
  });

  it('may be withdrawn by its requester, but the account holder decides nothing', () => {
    expect(reject(grant(), 'beheer-1', AT, null)).toMatchObject({ status: 'REJECTED', decidedBy: 'beheer-1', reason: null });
    expect(codeOf(() => reject(grant(), 'mira', AT, null))).toBe('OWN_RIGHTS');
  });
});
