/**
 * The demo data travel as registration events (the seed goes through the API, which announces
 * every change): each must pass the content check of its topic, or the demo's read models would
 * miss it.
 */
import { randomUUID } from 'node:crypto';
import { contentProblem, registration, topics } from '@inkijk/contracts';
import { Role, validateHome } from '../domain/users';
import { CASELOADS, COLLABORATIONS, homeId, MUNICIPALITIES, municipality, MunicipalityKey, OPERATOR, USERS } from './demo-data';

const now = Date.now();
const base = () => ({ eventId: randomUUID(), occurredAt: now });

describe('the demo data', () => {
  it('pass the content checks of the registration topics', () => {
    const organisations: registration.OrganisationEvent[] = [
      { ...base(), organisationId: OPERATOR.id, kind: 'OPERATOR', cbsCode: null, oin: OPERATOR.oin, name: OPERATOR.name, validFrom: '2000-01-01', validTo: null },
      ...MUNICIPALITIES.map((m): registration.OrganisationEvent => ({ ...base(), organisationId: m.id, kind: 'MUNICIPALITY', cbsCode: m.cbsCode, oin: m.oin, name: m.name, validFrom: '2000-01-01', validTo: null })),
    ];
    const collaborations: registration.CollaborationEvent[] = COLLABORATIONS.map((c, i) => ({
      ...base(), collaborationId: randomUUID(), sequence: i + 1, recordedBy: 'demo-bootstrap',
      change: {
        'nl.inkijk.registration.CollaborationRegistered': {
          name: c.name, legalForm: c.legalForm, executingOrganisationId: municipality(c.executing).id, legalDomains: [...c.legalDomains],
          members: c.members.map((m) => ({ municipalityId: municipality(m.key).id, effectiveFrom: m.from, effectiveTo: null })), effectiveFrom: c.effectiveFrom, agreementSha256: 'ab'.repeat(32),
        },
      },
    }));
    const users: registration.UserEvent[] = USERS.map((u) => ({
      ...base(), userId: randomUUID(), homeMunicipalityId: homeId(u.home),
      change: { 'nl.inkijk.registration.UserCreated': { roles: u.roles as registration.Role[], permittedProducts: u.permittedProducts, escapeRight: u.escapeRight } },
    }));
    const whitelist: registration.WhitelistChange[] = (Object.entries(CASELOADS) as [MunicipalityKey, string[]][]).flatMap(([k, bsns]) =>
      bsns.map((bsn) => ({ ...base(), municipalityId: municipality(k).id, bsn, change: 'ADDED' as const, effectiveDate: '2015-01-01', source: 'BULK_IMPORT' as const })),
    );
    const problems = [
      ...organisations.map((e) => contentProblem(topics.organisations, e, now)),
      ...collaborations.map((e) => contentProblem(topics.collaborations, e, now)),
      ...users.map((e) => contentProblem(topics.users, e, now)),
      ...whitelist.map((e) => contentProblem(topics.whitelist, e, now)),
    ];
    expect(problems.filter((p) => p !== null)).toEqual([]);
  });

  it('home the security officer at the operator (BKWI) and everybody else at a municipality', () => {
    const homes = USERS.map((u) => [u.username, u.home === OPERATOR.key ? 'OPERATOR' : 'MUNICIPALITY'] as const);
    expect(homes.filter(([name]) => name === 'security.officer')).toEqual([['security.officer', 'OPERATOR']]);
    for (const [i, u] of USERS.entries()) expect(() => validateHome(homes[i][1], { roles: u.roles as Role[] })).not.toThrow();
  });
});
