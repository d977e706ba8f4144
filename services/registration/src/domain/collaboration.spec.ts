import { Refusal } from '@inkijk/contracts';
import { activate, addMember, asOf, changeTerms, Collaboration, decideApplication, propose, Proposal, removeMember, submitApplication, terminate } from './collaboration';
import { date } from './dates';

const HAARLEM = 'gm-haarlem';
const ZANDVOORT = 'gm-zandvoort';
const BLOEMENDAAL = 'gm-bloemendaal';
const d = (s: string) => date(s);

const proposal: Proposal = {
  id: 'c1',
  name: 'Haarlem-Zandvoort sociaal domein',
  legalForm: 'SERVICE_AGREEMENT',
  executingOrganisationId: HAARLEM,
  legalDomains: ['PARTICIPATIEWET', 'IOAW'],
  members: [
    { municipalityId: HAARLEM, effectiveFrom: d('2026-01-01') },
    { municipalityId: ZANDVOORT, effectiveFrom: d('2026-01-01') },
  ],
  effectiveFrom: d('2026-01-01'),
  agreementSha256: 'a'.repeat(64),
};

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof Refusal) return e.code;
    throw e;
  }
  throw new Error('expected a refusal');
}

function approvedAndActive(): Collaboration {
  let c = propose(proposal).collaboration;
  c = submitApplication(c, { id: 'a1', municipalityId: HAARLEM, role: 'EXECUTING' }).collaboration;
  c = submitApplication(c, { id: 'a2', municipalityId: ZANDVOORT, role: 'OUTSOURCING' }).collaboration;
  c = decideApplication(c, 'a1', 'APPROVED', null).collaboration;
  c = decideApplication(c, 'a2', 'APPROVED', null).collaboration;
  return activate(c, d('2026-02-01')).collaboration;
}

describe('collaboration', () => {
  it('refuses an openbaar lichaam with the eligibility reason', () => {
    expect(refusal(() => propose({ ...proposal, legalForm: 'WGR_PUBLIC_BODY' }))).toBe('NOT_ELIGIBLE_PUBLIC_BODY');
  });

  it.each([
    ['one member only', { members: [{ municipalityId: HAARLEM, effectiveFrom: d('2026-01-01') }] }, 'TOO_FEW_MEMBERS'],
    ['no legal domain', { legalDomains: [] }, 'LEGAL_DOMAIN_REQUIRED'],
    ['executing organisation outside the members', { executingOrganisationId: BLOEMENDAAL }, 'EXECUTING_ORGANISATION_NOT_MEMBER'],
    ['a member before the start', { members: [{ municipalityId: HAARLEM, effectiveFrom: d('2025-12-31') }, { municipalityId: ZANDVOORT, effectiveFrom: d('2026-01-01') }] }, 'MEMBER_BEFORE_COLLABORATION'],
    ['the same member twice', { members: [{ municipalityId: HAARLEM, effectiveFrom: d('2026-01-01') }, { municipalityId: HAARLEM, effectiveFrom: d('2026-03-01') }, { municipalityId: ZANDVOORT, effectiveFrom: d('2026-01-01') }] }, 'OVERLAPPING_MEMBERSHIP'],
  ] as const)('refuses a proposal with %s', (_what, patch, code) => {
    expect(refusal(() => propose({ ...proposal, ...patch } as Proposal))).toBe(code);
  });

  it('accepts one application per municipality and refuses a duplicate while one is open', () => {
    let c = propose(proposal).collaboration;
    c = submitApplication(c, { id: 'a1', municipalityId: HAARLEM, role: 'EXECUTING' }).collaboration;
    expect(refusal(() => submitApplication(c, { id: 'a1b', municipalityId: HAARLEM, role: 'EXECUTING' }))).toBe('DUPLICATE_APPLICATION');
    c = decideApplication(c, 'a1', 'REJECTED', 'signature missing').collaboration;
    expect(submitApplication(c, { id: 'a1c', municipalityId: HAARLEM, role: 'EXECUTING' }).collaboration.applications).toHaveLength(2);
  });

  it('activates only when every participating municipality has an approved form', () => {
    let c = propose(proposal).collaboration;
    c = submitApplication(c, { id: 'a1', municipalityId: HAARLEM, role: 'EXECUTING' }).collaboration;
    c = decideApplication(c, 'a1', 'APPROVED', null).collaboration;
    expect(refusal(() => activate(c, d('2026-02-01')))).toBe('APPLICATIONS_NOT_APPROVED');
    expect(refusal(() => decideApplication(c, 'a1', 'REJECTED', null))).toBe('APPLICATION_ALREADY_DECIDED');
  });

  it('keeps history: the state read as of dates before, on and after each change', () => {
    let c = approvedAndActive();
    c = submitApplication(c, { id: 'a3', municipalityId: BLOEMENDAAL, role: 'OUTSOURCING' }).collaboration;
    expect(refusal(() => addMember(c, BLOEMENDAAL, d('2026-06-01')))).toBe('APPLICATIONS_NOT_APPROVED');
    c = decideApplication(c, 'a3', 'APPROVED', null).collaboration;
    c = addMember(c, BLOEMENDAAL, d('2026-06-01')).collaboration;
    c = changeTerms(c, { effectiveFrom: d('2026-07-01'), legalDomains: ['PARTICIPATIEWET', 'IOAW', 'IOAZ'] }).collaboration;
    c = removeMember(c, ZANDVOORT, d('2026-09-01')).collaboration;
    c = terminate(c, d('2027-01-01'), 'taken over by a public body').collaboration;

    expect(asOf(c, d('2026-01-15'))).toMatchObject({ status: 'NOT_YET_ACTIVE', members: [HAARLEM, ZANDVOORT] });
    expect(asOf(c, d('2026-05-31')).members).toEqual([HAARLEM, ZANDVOORT]);
    expect(asOf(c, d('2026-06-01')).members).toEqual([HAARLEM, ZANDVOORT, BLOEMENDAAL]);
    expect(asOf(c, d('2026-06-30')).legalDomains).toEqual(['PARTICIPATIEWET', 'IOAW']);
    expect(asOf(c, d('2026-07-01')).legalDomains).toEqual(['PARTICIPATIEWET', 'IOAW', 'IOAZ']);
    expect(asOf(c, d('2026-08-31')).members).toContain(ZANDVOORT);
    expect(asOf(c, d('2026-09-01')).members).toEqual([HAARLEM, BLOEMENDAAL]);
    expect(asOf(c, d('2026-12-31')).status).toBe('ACTIVE');
    expect(asOf(c, d('2027-01-01'))).toMatchObject({ status: 'TERMINATED', members: [] });
    expect(refusal(() => addMember(c, ZANDVOORT, d('2027-02-01')))).toBe('COLLABORATION_TERMINATED');
  });

  it('refuses overlapping memberships, changes out of order and leaving below two members', () => {
    const c = approvedAndActive();
    expect(refusal(() => addMember(c, ZANDVOORT, d('2026-03-01')))).toBe('OVERLAPPING_MEMBERSHIP');
    expect(refusal(() => changeTerms(c, { effectiveFrom: d('2025-12-01'), name: 'x' }))).toBe('CHANGE_NOT_AFTER_LAST');
    expect(refusal(() => removeMember(c, ZANDVOORT, d('2026-05-01')))).toBe('TOO_FEW_MEMBERS');
    expect(refusal(() => removeMember(c, HAARLEM, d('2026-05-01')))).toBe('EXECUTING_ORGANISATION_CANNOT_LEAVE');
    expect(refusal(() => terminate(c, d('2026-05-01'), ' '))).toBe('REASON_REQUIRED');
  });

  it('refuses an impossible date', () => {
    expect(refusal(() => date('2026-02-30'))).toBe('INVALID_DATE');
  });
});
